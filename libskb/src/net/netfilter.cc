// libskb: the netfilter subset - hook registration and nf_hook_slow
// (net/netfilter/core.c), skb_make_writable (<= 5.2), network namespaces
// (net/core/net_namespace.c, reduced to init_net), and the checked hook
// runner that names a hook as the culprit of what it did to an skb
// (kernel-semantics.md §5.6; skb/netfilter.h "Checked hooks").
#include <errno.h>
#include <linux/netfilter.h>
#include <net/net_namespace.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "internal.h"
#include "netfilter_internal.h"
#include "skb/check.h"
#include "skb/history.h"
#include "skb/memory.h"
#include "skb/netfilter.h"
#include "skb/profile.h"
#include "skb/report.h"

extern "C" {
// The initial network namespace (net/core/net_namespace.c); the model has no other.
struct net init_net = {
    .passive = REFCOUNT_INIT(1),
    .count = REFCOUNT_INIT(1),
    .ifindex = 0,
    .libskb_name = "init_net",
};
}

namespace skb {
namespace internal {
namespace {

// nf_hook_entries_grow(): at most this many hooks per (net, pf, hooknum).
constexpr size_t kMaxHookCount = 1024;

// One registration. The ops are opaque here: their layout is the
// registering translation unit's API generation (<linux/netfilter.h>), so the
// runtime keeps what it needs beside them and runs the hook through `call`.
struct Entry {
  const void* ops;
  const void* fn;            // the hook function, for naming and symbolising
  libskb_nf_call_t* call;    // the registering TU's adapter
  int priority;
  HookInfo info;
};

using Key = std::tuple<const net*, int, unsigned>;

std::map<Key, std::vector<Entry>>& Table() {
  static auto* t = new std::map<Key, std::vector<Entry>>();
  return *t;
}

// The net->nf.hooks_ipv4/hooks_ipv6 array a (pf, hooknum) pair selects
// (nf_hook_entry_head); null where the kernel WARNs and fails with -EINVAL.
std::vector<Entry>* HeadFor(const net* n, int pf, unsigned hooknum, const void* caller) {
  if (pf != NFPROTO_IPV4 && pf != NFPROTO_IPV6) {
    std::fprintf(stderr, "libskb: %s hooks are not modelled (only NFPROTO_IPV4, NFPROTO_IPV6 and NFPROTO_INET)\n",
                 NfProtoName(pf));
    Warn(Site::kNfHookEntryHead, nullptr, "", caller, true);
    return nullptr;
  }
  if (hooknum >= NF_INET_NUMHOOKS) {
    Warn(Site::kNfHookEntryHead, nullptr, "", caller, true);
    return nullptr;
  }
  return &Table()[Key{n, pf, hooknum}];
}

int RegisterOne(net* n, int pf, const void* ops, unsigned hooknum, int priority, const void* fn,
                libskb_nf_call_t* call, const void* caller) {
  std::vector<Entry>* head = HeadFor(n, pf, hooknum, caller);
  if (head == nullptr) return -EINVAL;
  if (head->size() + 1 > kMaxHookCount) return -E2BIG;
  Entry e;
  e.ops = ops;
  e.fn = fn;
  e.call = call;
  e.priority = priority;
  e.info.ops = static_cast<const nf_hook_ops*>(ops);
  e.info.net_ns = n;
  e.info.pf = pf;
  e.info.hooknum = hooknum;
  e.info.priority = priority;
  e.info.function = FunctionName(fn);
  if (const ModuleContext* m = CurrentModule()) {
    e.info.module = m->name;
    e.info.file = m->file;
  }
  // The new hook goes before the first one of equal or higher priority.
  auto it = head->begin();
  while (it != head->end() && priority > it->priority) ++it;
  head->insert(it, std::move(e));
  return 0;
}

void UnregisterOne(net* n, int pf, const void* ops, unsigned hooknum, const void* caller) {
  std::vector<Entry>* head = HeadFor(n, pf, hooknum, caller);
  if (head == nullptr) return;
  for (auto it = head->begin(); it != head->end(); ++it) {
    if (it->ops == ops) {
      head->erase(it);
      return;
    }
  }
  Warn(Site::kNfHookNotFound, nullptr, Format("hook not found, pf %d num %u\n", pf, hooknum), caller, true);
}

// The skb fields a hook's changes are described by.
struct Snapshot {
  bool live = false;
  const unsigned char* head = nullptr;
  long data_off = 0;
  unsigned len = 0, data_len = 0, tail = 0, end = 0;
  unsigned network = 0, transport = 0, mac = 0;
  unsigned nr_frags = 0;
  unsigned ip_summed = 0;
  int cloned = 0;
};

Snapshot Snap(const sk_buff* skb) {
  Snapshot s;
  if (skb == nullptr || !IsLiveSkb(skb)) return s;
  s.live = true;
  s.head = skb->head;
  s.data_off = skb->data - skb->head;
  s.len = skb->len;
  s.data_len = skb->data_len;
  s.tail = skb->tail;
  s.end = skb->end;
  s.network = skb->network_header;
  s.transport = skb->transport_header;
  s.mac = skb->mac_header;
  s.ip_summed = skb->ip_summed;
  s.cloned = skb->cloned;
  // The shared info is read only when it lies inside the head allocation
  // (a kmalloc'd head, or the live page of a head_frag head).
  const unsigned char* start = nullptr;
  size_t size = 0;
  const auto* sh = reinterpret_cast<const unsigned char*>(skb_shinfo(skb));
  bool readable = FindHead(sh, &start, &size) && sh + sizeof(skb_shared_info) <= start + size;
  if (!readable && skb->head_frag) {
    const page* pg = virt_to_head_page(skb->head);
    if (pg != nullptr && IsLivePage(pg)) {
      const auto* base = static_cast<const unsigned char*>(page_address(pg));
      readable = sh >= base && sh + sizeof(skb_shared_info) <= base + page_size(pg);
    }
  }
  if (readable) s.nr_frags = skb_shinfo(skb)->nr_frags;
  return s;
}

std::string Changes(const Snapshot& a, const Snapshot& b) {
  if (!a.live || !b.live) return "";
  std::string out;
  auto add = [&out](const std::string& s) {
    if (!out.empty()) out += ", ";
    out += s;
  };
  if (a.head != b.head) add("head reallocated");
  if (a.len != b.len) add(Format("len %u -> %u", a.len, b.len));
  if (a.data_len != b.data_len) add(Format("data_len %u -> %u", a.data_len, b.data_len));
  if (a.head == b.head && a.data_off != b.data_off) add(Format("data %+ld", b.data_off - a.data_off));
  if (a.head == b.head && a.tail != b.tail) add(Format("tail %u -> %u", a.tail, b.tail));
  if (a.end != b.end) add(Format("end %u -> %u", a.end, b.end));
  if (a.mac != b.mac) add(Format("mac_header %u -> %u", a.mac, b.mac));
  if (a.network != b.network) add(Format("network_header %u -> %u", a.network, b.network));
  if (a.transport != b.transport) add(Format("transport_header %u -> %u", a.transport, b.transport));
  if (a.nr_frags != b.nr_frags) add(Format("nr_frags %u -> %u", a.nr_frags, b.nr_frags));
  if (a.cloned != b.cloned) add(Format("cloned %d -> %d", a.cloned, b.cloned));
  if (a.ip_summed != b.ip_summed) add(Format("ip_summed %u -> %u", a.ip_summed, b.ip_summed));
  return out;
}

// The paths an okfn(skb) of a pre-4.4 hook continues: the states of the
// hooks running now (innermost last) and of the skbs hooks stole.
struct RunningState {
  const sk_buff* skb;
  libskb_nf_state state;
};
std::vector<RunningState>& OkfnStack() {
  static auto* v = new std::vector<RunningState>();
  return *v;
}
std::map<const sk_buff*, libskb_nf_state>& StolenStates() {
  static auto* m = new std::map<const sk_buff*, libskb_nf_state>();
  return *m;
}

// The hook executing now (innermost) and the last one that returned, for a
// crash handler that must name the hook without unwinding (RunningHook()).
const HookInfo* g_running_hook = nullptr;
HookInfo g_last_hook;

// One hook invocation between two checks (checked mode), with a BUG inside
// it re-raised naming the hook.
unsigned RunOne(const Entry& e, sk_buff* skb, const libskb_nf_state* state, NfHookResult* res) {
  const void* fn = e.fn;
  // Symbolize() treats its argument as a return address and so does the
  // sanitizer symboliser: two bytes in, the lookup lands on fn itself.
  const void* at = static_cast<const char*>(fn) + 2;
  const std::string desc = e.info.Describe();
  const bool checked = CheckedMode();
  if (checked && skb != nullptr) {
    if (!IsLiveSkb(skb)) {
      CheckFailure(skb, {Violation{"S7", "use_after_free", Format("%s is about to run on an skb that is not live", desc.c_str())}},
                   Format("the skb was freed before %s ran", desc.c_str()), at);
    }
    std::vector<Violation> v = Check(skb, CheckedModeStrictness());
    if (!v.empty()) {
      std::string last = LastOp(skb);
      CheckFailure(skb, v,
                   Format("the skb was already broken before %s ran%s%s", desc.c_str(),
                          last.empty() ? "" : "; its last libskb operation was ", last.c_str()),
                   at);
    }
  }
  const Snapshot before = Snap(skb);
#ifdef LIBSKB_CHECKED
  if (before.live) RecordOp(skb, Format("%s hook %s", NfHookName(e.info.hooknum), e.info.function.c_str()), at);
#endif
  unsigned verdict = 0;
  {
    ReportContext in_hook([&desc](const Report&) { return std::make_pair("libskb: in " + desc + "\n", desc); });
    // Restored on unwind too: a BUG raised in the hook throws under kThrow.
    struct Running {
      const HookInfo* outer = g_running_hook;
      explicit Running(const HookInfo* h) { g_running_hook = h; }
      ~Running() { g_running_hook = outer; }
    } running(&e.info);
    // What an old-style okfn(skb) the hook calls continues (libskb_nf_okfn).
    struct Okfn {
      explicit Okfn(sk_buff* skb, const libskb_nf_state* st) { OkfnStack().push_back({skb, *st}); }
      ~Okfn() { OkfnStack().pop_back(); }
    } okfn(skb, state);
    g_last_hook = e.info;
    verdict = e.call(e.ops, skb, state);
  }
  if ((verdict & NF_VERDICT_MASK) == NF_STOLEN && skb != nullptr && IsLiveSkb(skb)) {
    StolenStates()[skb] = *state;
  }
  const Snapshot after = Snap(skb);
  res->runs.push_back(HookRun{e.info, verdict, Changes(before, after)});
  const unsigned v = verdict & NF_VERDICT_MASK;
  if (!after.live) {
    if (v != NF_STOLEN && checked && before.live) {
      CheckFailure(skb,
                   {Violation{"S7", "use_after_free",
                              Format("%s returned %s but freed the skb: nf_hook_slow and its caller go on using it",
                                     desc.c_str(), NfVerdictName(verdict))}},
                   Format("%s freed the skb it returned", desc.c_str()), at);
    }
    return verdict;
  }
#ifdef LIBSKB_CHECKED
  RecordOp(skb, Format("%s hook %s returned %s", NfHookName(e.info.hooknum), e.info.function.c_str(), NfVerdictName(verdict)),
           at);
#endif
  if (checked) {
    std::vector<Violation> found = Check(skb, CheckedModeStrictness());
    if (!found.empty()) CheckFailure(skb, found, Format("%s broke the skb", desc.c_str()), at);
  }
  return verdict;
}

// ≤ 4.x kernels (the 2.6.32 and 3.10 profiles) run a hook again on
// NF_REPEAT; bounded here so a hook that always repeats cannot hang a test.
constexpr int kMaxRepeats = 64;

}  // namespace

int RemoveHooksOfModule(const std::string& module) {
  int n = 0;
  for (auto& [key, entries] : Table()) {
    for (auto it = entries.begin(); it != entries.end();) {
      if (!module.empty() && it->info.module == module) {
        it = entries.erase(it);
        n++;
      } else {
        ++it;
      }
    }
  }
  return n;
}

std::optional<HookStop> StopAfterHooks(const NfHookResult& h) {
  const std::string who = h.runs.empty() ? std::string() : h.runs.back().hook.Describe();
  switch (h.outcome) {
    case HookOutcome::kAccepted:
      return std::nullopt;
    case HookOutcome::kDropped:
      return HookStop{PathOutcome::kDropped, who + " returned NF_DROP"};
    case HookOutcome::kQueueDropped:
      return HookStop{PathOutcome::kDropped, who + " returned NF_QUEUE (no queue handler)"};
    case HookOutcome::kStolen:
      return HookStop{PathOutcome::kStolen, who + " returned NF_STOLEN"};
    case HookOutcome::kLost:
      return HookStop{PathOutcome::kStolen,
                      who + " returned " + NfVerdictName(h.runs.back().verdict) + ": the skb is lost (leaked)"};
  }
  return std::nullopt;
}

const HookRun* HookToBlame(const std::vector<HookRun>& runs) {
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    if (!it->changes.empty()) return &*it;
  }
  return runs.empty() ? nullptr : &runs.back();
}

}  // namespace internal

using internal::Table;

const char* NfHookName(unsigned hooknum) {
  switch (hooknum) {
    case NF_INET_PRE_ROUTING: return "NF_INET_PRE_ROUTING";
    case NF_INET_LOCAL_IN: return "NF_INET_LOCAL_IN";
    case NF_INET_FORWARD: return "NF_INET_FORWARD";
    case NF_INET_LOCAL_OUT: return "NF_INET_LOCAL_OUT";
    case NF_INET_POST_ROUTING: return "NF_INET_POST_ROUTING";
    default: return "NF_INET_?";
  }
}

const char* NfVerdictName(unsigned verdict) {
  switch (verdict & NF_VERDICT_MASK) {
    case NF_DROP: return "NF_DROP";
    case NF_ACCEPT: return "NF_ACCEPT";
    case NF_STOLEN: return "NF_STOLEN";
    case NF_QUEUE: return "NF_QUEUE";
    case NF_REPEAT: return "NF_REPEAT";
    case NF_STOP: return "NF_STOP";
    default: return "NF_?";
  }
}

const char* NfProtoName(int pf) {
  switch (pf) {
    case NFPROTO_UNSPEC: return "NFPROTO_UNSPEC";
    case NFPROTO_INET: return "NFPROTO_INET";
    case NFPROTO_IPV4: return "NFPROTO_IPV4";
    case NFPROTO_ARP: return "NFPROTO_ARP";
    case NFPROTO_NETDEV: return "NFPROTO_NETDEV";
    case NFPROTO_BRIDGE: return "NFPROTO_BRIDGE";
    case NFPROTO_IPV6: return "NFPROTO_IPV6";
    default: return "NFPROTO_?";
  }
}

const HookInfo* RunningHook() { return internal::g_running_hook; }
const HookInfo* LastHook() { return internal::g_last_hook.ops != nullptr ? &internal::g_last_hook : nullptr; }
void ForgetLastHook() { internal::g_last_hook = HookInfo{}; }

std::string HookInfo::Describe() const {
  std::string s = NfHookName(hooknum);
  if (pf == NFPROTO_IPV6) s += " (IPv6)";
  s += " hook " + function;
  if (!module.empty()) s += " (module " + module + (file.empty() ? "" : ", " + file) + ")";
  return s;
}

std::vector<HookInfo> Hooks(const net* net_ns, int pf, unsigned hooknum) {
  std::vector<HookInfo> v;
  auto it = Table().find(internal::Key{net_ns, pf, hooknum});
  if (it == Table().end()) return v;
  for (const auto& e : it->second) v.push_back(e.info);
  return v;
}

std::vector<HookInfo> AllHooks() {
  std::vector<HookInfo> v;
  for (const auto& [key, entries] : Table()) {
    for (const auto& e : entries) v.push_back(e.info);
  }
  return v;
}

NfHookResult RunNfHooks(uint8_t pf, unsigned hooknum, net* net_ns, sock* sk, sk_buff* skb, net_device* in,
                        net_device* out, int (*okfn)(net*, sock*, sk_buff*)) {
  NfHookResult res;
  auto it = Table().find(internal::Key{net_ns, pf, hooknum});
  if (it == Table().end() || it->second.empty()) {
    // No hook here: conntrack's own hooks still run (conntrack.cc).
    internal::ConntrackAt(pf, hooknum, INT_MAX, skb);
    internal::ConntrackConfirm(hooknum, skb);
    return res;
  }
  // The hooks as they are now, as nf_hook() reads them under RCU: a hook that
  // (un)registers hooks affects the next packet, not this one.
  const std::vector<internal::Entry> entries = it->second;
  libskb_nf_state state{hooknum, pf, in, out, sk, net_ns, okfn};
  // A new walk over this skb: an old theft of the same address is void.
  internal::StolenStates().erase(skb);
  const Profile& p = Active();
  for (size_t s = 0; s < entries.size(); s++) {
    internal::ConntrackAt(pf, hooknum, entries[s].info.priority, skb);
    unsigned verdict = internal::RunOne(entries[s], skb, &state, &res);
    int repeats = 0;
    while ((verdict & NF_VERDICT_MASK) == NF_REPEAT && !p.AtLeast(5, 0) && repeats++ < internal::kMaxRepeats)
      verdict = internal::RunOne(entries[s], skb, &state, &res);
    switch (verdict & NF_VERDICT_MASK) {
      case NF_ACCEPT:
        continue;
      case NF_DROP: {
        kfree_skb(skb);
        res.ret = NF_DROP_GETERR(static_cast<int>(verdict));
        if (res.ret == 0) res.ret = -EPERM;
        res.outcome = HookOutcome::kDropped;
        return res;
      }
      case NF_QUEUE:
        // nf_queue(): no queue handler is registered in the model (-ESRCH).
        if (verdict & NF_VERDICT_FLAG_QUEUE_BYPASS) continue;
        kfree_skb(skb);
        res.ret = 0;
        res.outcome = HookOutcome::kQueueDropped;
        return res;
      case NF_STOLEN:
        // 6.x returns NF_DROP_GETERR(verdict) for a stolen skb; 5.10 and older 0.
        res.ret = p.AtLeast(6, 0) ? NF_DROP_GETERR(static_cast<int>(verdict)) : 0;
        res.outcome = HookOutcome::kStolen;
        return res;
      case NF_STOP:
        if (!p.AtLeast(5, 0)) {  // <= 4.x: accept, skip the remaining hooks
          internal::ConntrackAt(pf, hooknum, INT_MAX, skb);
          internal::ConntrackConfirm(hooknum, skb);
          return res;
        }
        [[fallthrough]];
      default:
        // 5.10: "non conventional verdicts" end the walk with 0, the skb
        // neither freed nor passed on; 6.x adds a WARN_ON_ONCE. NF_REPEAT
        // only means something to nf_reinject() there.
        if (p.AtLeast(6, 0))
          internal::Warn(Site::kNfHookVerdict, skb, "", entries[s].fn, true);
        std::fprintf(stderr,
                     "libskb: %s returned %s (%#x): nf_hook_slow returns 0 and the skb is neither freed nor "
                     "passed on (leaked)\n",
                     entries[s].info.Describe().c_str(), NfVerdictName(verdict), verdict);
        res.ret = 0;
        res.outcome = HookOutcome::kLost;
        return res;
    }
  }
  internal::ConntrackAt(pf, hooknum, INT_MAX, skb);
  internal::ConntrackConfirm(hooknum, skb);
  return res;
}

}  // namespace skb

// ---- network namespaces (net/core/net_namespace.c, reduced to init_net) ----

namespace skb::internal {
namespace {

struct PernetStore {
  unsigned next_id = 1;
  std::map<unsigned, void*> data;  // net_generic() storage of init_net by id
};

PernetStore& Pernet() {
  static auto* s = new PernetStore();
  return *s;
}

int RegisterPernet(struct pernet_operations* ops) {
  PernetStore& s = Pernet();
  if (ops->id != nullptr) {
    if (*ops->id == 0) *ops->id = s.next_id++;
    if (ops->size) s.data[*ops->id] = std::calloc(1, ops->size);
  }
  if (ops->init != nullptr) {
    int err = ops->init(&init_net);
    if (err) {
      if (ops->id != nullptr) {
        std::free(s.data[*ops->id]);
        s.data.erase(*ops->id);
      }
      return err;
    }
  }
  return 0;
}

void UnregisterPernet(struct pernet_operations* ops) {
  if (ops->pre_exit != nullptr) ops->pre_exit(&init_net);
  if (ops->exit != nullptr) ops->exit(&init_net);
  if (ops->id != nullptr) {
    PernetStore& s = Pernet();
    auto it = s.data.find(*ops->id);
    if (it != s.data.end()) {
      std::free(it->second);
      s.data.erase(it);
    }
  }
}

}  // namespace
}  // namespace skb::internal

using namespace skb::internal;

extern "C" {

// The runtime side of nf_register_net_hook() / nf_register_hook() (net/netfilter/core.c;
// <linux/netfilter.h> calls it from the module's translation unit).
int libskb_nf_register(struct net* net, const void* ops, int pf, unsigned int hooknum, int priority, const void* fn,
                       libskb_nf_call_t* call) {
  if (pf == NFPROTO_INET) {
    int err = RegisterOne(net, NFPROTO_IPV4, ops, hooknum, priority, fn, call, LIBSKB_CALLER());
    if (err < 0) return err;
    err = RegisterOne(net, NFPROTO_IPV6, ops, hooknum, priority, fn, call, LIBSKB_CALLER());
    if (err < 0) UnregisterOne(net, NFPROTO_IPV4, ops, hooknum, LIBSKB_CALLER());
    return err;
  }
  return RegisterOne(net, pf, ops, hooknum, priority, fn, call, LIBSKB_CALLER());
}

// The runtime side of nf_unregister_net_hook() / nf_unregister_hook().
void libskb_nf_unregister(struct net* net, const void* ops, int pf, unsigned int hooknum) {
  if (pf == NFPROTO_INET) {
    UnregisterOne(net, NFPROTO_IPV4, ops, hooknum, LIBSKB_CALLER());
    UnregisterOne(net, NFPROTO_IPV6, ops, hooknum, LIBSKB_CALLER());
    return;
  }
  UnregisterOne(net, pf, ops, hooknum, LIBSKB_CALLER());
}

// The okfn(skb) of 2.6.32 - 4.0 hooks and state->okfn(sk, skb) of 4.1 - 4.3
// and RHEL 7.2: the path's okfn (ip_rcv_finish, ...) with the net and sk of
// the state it belongs to - the running hook's for its own skb (or a copy it
// made), else the state the skb was stolen in.
static int ContinuePath(struct sk_buff* skb, bool with_sk, struct sock* sk, const void* caller) {
  const libskb_nf_state* st = nullptr;
  libskb_nf_state stolen{};
  std::vector<RunningState>& running = OkfnStack();
  for (auto it = running.rbegin(); it != running.rend() && st == nullptr; ++it) {
    if (it->skb == skb) st = &it->state;
  }
  if (st == nullptr) {
    auto it = StolenStates().find(skb);
    if (it != StolenStates().end()) {
      stolen = it->second;
      StolenStates().erase(it);
      st = &stolen;
    }
  }
  if (st == nullptr && !running.empty()) st = &running.back().state;
  if (st == nullptr || st->okfn == nullptr) {
    std::string who = skb::Symbolize(caller);
    CheckFailure(skb,
                 {skb::Violation{"M2", "okfn_without_path",
                                 Format("%s called a hook's okfn on skb %s, which no running hook was given and no "
                                        "hook stole: the okfn belongs to no path",
                                        who.c_str(), Hex(skb).c_str())}},
                 Format("%s called okfn for an skb no hook stole", who.c_str()), caller);
    return -EINVAL;
  }
  // The kernel's okfn frees or delivers the skb; it is the path's again.
  const libskb_nf_state state = *st;
  return state.okfn(state.net, with_sk ? sk : state.sk, skb);
}

int libskb_nf_okfn(struct sk_buff* skb) { return ContinuePath(skb, false, nullptr, LIBSKB_CALLER()); }

// 4.1 - 4.3 and RHEL 7.2 hand the sk back (normally state->sk, as the hook got it).
int libskb_nf_okfn_sk(struct sock* sk, struct sk_buff* skb) { return ContinuePath(skb, true, sk, LIBSKB_CALLER()); }

// Models nf_hook() (include/linux/netfilter.h) + nf_hook_slow() (net/netfilter/core.c).
int nf_hook(u8 pf, unsigned int hook, struct net* net, struct sock* sk, struct sk_buff* skb,
            struct net_device* indev, struct net_device* outdev, int (*okfn)(struct net*, struct sock*, struct sk_buff*)) {
  return skb::RunNfHooks(pf, hook, net, sk, skb, indev, outdev, okfn).ret;
}

// Models skb_make_writable() (net/netfilter/core.c, 2.6.24 to 5.2): non-zero
// on success. Only __pskb_pull_tail's bytes become linear; a cloned skb gets
// a private head even when nothing needs pulling.
int skb_make_writable(struct sk_buff* skb, unsigned int writable_len) {
  Scope scope("skb_make_writable", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", writable_len));
  const skb::Profile& p = skb::Active();
  if (!p.has_make_writable) {
    // The symbol does not exist in this kernel: the module would not have
    // loaded. Reported in every mode: continuing would model a kernel that
    // never existed.
    std::string who = skb::Symbolize(LIBSKB_CALLER());
    CheckFailure(
        skb,
        {skb::Violation{
            "M1", "symbol_not_in_kernel",
            Format("skb_make_writable does not exist in %.*s (removed in v5.3, when netfilter moved to "
                   "skb_ensure_writable): insmod would have failed with \"Unknown symbol skb_make_writable\". Port "
                   "to skb_ensure_writable(skb, len), which returns 0 on success and -ENOMEM on failure, the "
                   "opposite polarity",
                   static_cast<int>(p.name.size()), p.name.data())}},
        Format("%s called skb_make_writable, which kernel %.*s does not have", who.c_str(),
               static_cast<int>(p.name.size()), p.name.data()),
        LIBSKB_CALLER());
  }
  if (writable_len > skb->len) return 0;
  if (!skb_cloned(skb)) {
    if (writable_len <= skb_headlen(skb)) return 1;
  } else if (skb_clone_writable(skb, writable_len)) {
    return 1;
  }
  const unsigned headlen = skb_headlen(skb);
  const int pull = writable_len <= headlen ? 0 : static_cast<int>(writable_len - headlen);
  return PullTail(skb, pull, LIBSKB_CALLER()) != nullptr;
}

// Models register_pernet_subsys() (net/core/net_namespace.c): net_generic
// storage, then ops->init for every namespace (init_net).
int register_pernet_subsys(struct pernet_operations* ops) { return RegisterPernet(ops); }

// Models unregister_pernet_subsys(): ops->pre_exit and ops->exit, storage freed.
void unregister_pernet_subsys(struct pernet_operations* ops) { UnregisterPernet(ops); }

// Models register_pernet_device() (same as a subsystem in the model).
int register_pernet_device(struct pernet_operations* ops) { return RegisterPernet(ops); }

// Models unregister_pernet_device().
void unregister_pernet_device(struct pernet_operations* ops) { UnregisterPernet(ops); }

// Models net_generic() (include/net/netns/generic.h).
void* net_generic(const struct net* net, unsigned int id) {
  (void)net;
  auto it = Pernet().data.find(id);
  return it == Pernet().data.end() ? nullptr : it->second;
}

}  // extern "C"
