// libskb fuzz harness: decoding fuzzer bytes into LEGAL programs (runner.h,
// Decode). The skb-op decoder is in decode_impl.h; the queue, TCP and
// netfilter families in decode_queue.cc, decode_tcp.cc, decode_nf.cc.
#include "decode_impl.h"

namespace skbfuzz {

void DecodeQueue(FuzzedDataProvider& fdp, Runner& r, Program& p, size_t max_ops);
void DecodeTcp(FuzzedDataProvider& fdp, Runner& r, Program& p, size_t max_ops);
void DecodeNf(FuzzedDataProvider& fdp, Runner& r, Program& p, size_t max_ops);
void DecodeCork(FuzzedDataProvider& fdp, Runner& r, Program& p, size_t max_ops);

namespace {

// The profiles a family's input chooses among.
std::vector<std::string> Profiles(Family f) {
  std::vector<std::string> out;
  for (const skb::Profile* p : skb::All()) {
    // The IPv4 path models are 5.10/6.12's (skb/netfilter.h).
    if (f == Family::kNf && !p->AtLeast(5, 0)) continue;
    // rhel6 backports a21d45726aca's avail_size skb_availroom, a kernel bug
    // these ops reach (tcp_mtu_probe, then tcp_sendmsg: seed 001's second
    // signature): not a correct profile for the write-queue fuzzer.
    if (f == Family::kTcp && p->availroom_avail_size) continue;
    out.emplace_back(p->name);
  }
  return out;
}

}  // namespace

Program Decode(const uint8_t* data, size_t size, const DecodeOptions& opt, RunResult* result) {
  FuzzedDataProvider fdp(data, size);
  Program p;
  if (!opt.profile.empty()) {
    p.profile = opt.profile;
  } else {
    const std::vector<std::string> all = Profiles(opt.family);
    p.profile = all[fdp.ConsumeIntegralInRange<size_t>(0, all.size() - 1)];
  }
  {
    Runner r(p.profile, opt.runner);
    switch (opt.family) {
      case Family::kSkbOps: SkbDecoder(fdp, r, p).Loop(opt.max_ops); break;
      case Family::kQueue: DecodeQueue(fdp, r, p, opt.max_ops); break;
      case Family::kTcp: DecodeTcp(fdp, r, p, opt.max_ops); break;
      case Family::kNf: DecodeNf(fdp, r, p, opt.max_ops); break;
      case Family::kCork: DecodeCork(fdp, r, p, opt.max_ops); break;
    }
    r.Finish();
    if (result != nullptr) {
      result->finding = r.finding();
      result->ops_run = r.steps();
    }
  }
  return p;
}

}  // namespace skbfuzz
