// libskb: per-skb operation history and caller symbolisation.
#include "skb/history.h"

#include <dlfcn.h>

#include <absl/container/flat_hash_map.h>

#include <deque>

#include "internal.h"
#include "skb/memory.h"

// Provided by the sanitizer runtimes (ASan, UBSan, libFuzzer builds); absent
// otherwise, in which case dladdr() names the symbol.
extern "C" void __sanitizer_symbolize_pc(void* pc, const char* fmt, char* out_buf, size_t out_buf_size)
    __attribute__((weak));

namespace skb {
namespace {

absl::flat_hash_map<const sk_buff*, std::deque<HistoryEntry>>& Histories() {
  static auto* h = new absl::flat_hash_map<const sk_buff*, std::deque<HistoryEntry>>();
  return *h;
}

}  // namespace

std::string Symbolize(const void* pc) {
  if (pc == nullptr) return "?";
  if (&__sanitizer_symbolize_pc != nullptr) {
    char buf[512];
    // pc - 1: the return address points after the call instruction.
    __sanitizer_symbolize_pc(const_cast<char*>(static_cast<const char*>(pc)) - 1, "%f %s:%l", buf, sizeof(buf));
    std::string s(buf);
    if (!s.empty() && s.find("??") == std::string::npos) return s;
  }
  Dl_info info;
  if (dladdr(pc, &info) != 0 && info.dli_sname != nullptr) {
    return internal::Format("%s+0x%lx", info.dli_sname,
                            static_cast<unsigned long>(static_cast<const char*>(pc) -
                                                       static_cast<const char*>(info.dli_saddr)));
  }
  return internal::Format("0x%lx", static_cast<unsigned long>(reinterpret_cast<uintptr_t>(pc)));
}

std::vector<HistoryEntry> History(const sk_buff* skb) {
  auto& h = Histories();
  auto it = h.find(skb);
  if (it == h.end()) return {};
  return {it->second.begin(), it->second.end()};
}

std::string FormatHistory(const sk_buff* skb) {
  std::vector<HistoryEntry> h = History(skb);
  if (h.empty()) return "skb history: (none recorded)\n";
  std::string out = internal::Format("skb history (last %zu operations, oldest first):\n", h.size());
  for (const HistoryEntry& e : h) {
    out += internal::Format("  %-40s len=%u data_len=%u  at %s\n", e.op.c_str(), e.len, e.data_len,
                            Symbolize(e.caller).c_str());
  }
  return out;
}

namespace internal {

void RecordOp(const sk_buff* skb, const std::string& op, const void* caller) {
  if (skb == nullptr) return;
  auto& d = Histories()[skb];
  if (d.size() == static_cast<size_t>(kHistoryDepth)) d.pop_front();
  // A freed skb's fields may be garbage: record lengths only while it is live.
  bool live = IsLiveSkb(skb);
  d.push_back(HistoryEntry{op, caller, live ? skb->len : 0, live ? skb->data_len : 0});
}

void UpdateLastOp(const sk_buff* skb) {
  auto& h = Histories();
  auto it = h.find(skb);
  if (it == h.end() || it->second.empty()) return;
  it->second.back().len = skb->len;
  it->second.back().data_len = skb->data_len;
}

void ForgetHistory(const sk_buff* skb) { Histories().erase(skb); }

std::string LastOp(const sk_buff* skb) {
  auto& h = Histories();
  auto it = h.find(skb);
  if (it == h.end() || it->second.empty()) return "";
  const HistoryEntry& e = it->second.back();
  return e.op + " at " + Symbolize(e.caller);
}

}  // namespace internal
}  // namespace skb
