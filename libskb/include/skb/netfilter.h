// libskb: netfilter hooks, modules and the IPv4 receive/transmit path models.
//
// Module code (kernel C) registers nf_hook_ops with nf_register_net_hook(),
// or nf_register_hook() on the pre-4.13 API personalities, from its
// module_init function (<linux/netfilter.h>, <linux/init.h>). Hooks of every
// API generation land in the same table and run through the adapter their
// translation unit registered (see <linux/netfilter.h>). This
// header is the C++ side a test, fuzzer or tool uses around it:
//
//   * Modules: the modules linked into the program, by name; load (run
//     module_init), unload (run module_exit). Hooks registered while a module
//     loads are attributed to it.
//   * Hooks: what is registered where, and RunNfHooks(), nf_hook() with a
//     trace of which hook returned what and what it changed in the skb.
//   * IpRcv()/NetifReceiveSkb(): the IPv4 receive path of 5.10/6.12 from
//     ip_rcv to udp_rcv, with the PRE_ROUTING and LOCAL_IN hooks in their
//     places, so the code the kernel runs after a hook (ip_local_deliver_finish's
//     unchecked __skb_pull, udp_rcv's pulls and checksum) runs on what the
//     hook left.
//   * IpLocalOut()/IpOutput()/DevQueueXmit(): the transmit path from
//     __ip_local_out to the device: LOCAL_OUT and POST_ROUTING hooks, the
//     Ethernet header, validate_xmit_skb (linearise without NETIF_F_SG,
//     skb_checksum_help without checksum offload) and the device's copy of the
//     frame with skb_copy_bits().
//
// Checked hooks. In checked mode every hook runs between two skb::Check()s:
// a violation before the hook is reported as "the skb was already broken
// before <hook> ran", one after it with the hook as the culprit:
//
//   libskb: invariant violated on skb 0x...: NF_INET_LOCAL_IN hook
//   sn_core_odd_hook (module sn_core_odd, sn_core_odd.c) broke the skb
//     S2 len_lt_data_len: len = 1196 < data_len = 1200 ...
//
// A KernelBug raised inside a hook (a BUG in a libskb call the hook made, or
// a checker report between two of its calls) is re-thrown with one line in
// front of its text, "libskb: in NF_INET_LOCAL_IN hook <fn> (module <name>,
// <file>)", and Report::culprit set to the hook. One raised by the stack code
// that runs after the hooks (the path models) gets "libskb: after ..." naming
// the last hook that changed the skb. Under Policy::kAbort the process stops
// inside the BUG, before the annotation; the skb's history still shows the
// hook ("NF_INET_LOCAL_IN hook sn_core_odd_hook" entries around its calls).
//
// Ownership: the path functions take the skb, as the kernel does: it is
// delivered (and freed), dropped (freed), or stolen by a hook. If a KernelBug
// escapes, the skb is left as it was at the BUG and belongs to the caller.
#ifndef LIBSKB_SKB_NETFILTER_H_
#define LIBSKB_SKB_NETFILTER_H_

#include <linux/netfilter.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct sk_buff;
struct net_device;
struct net;
struct sock;

namespace skb {

// "NF_INET_LOCAL_IN", "NF_INET_POST_ROUTING", ...
const char* NfHookName(unsigned hooknum);
// "NF_ACCEPT", "NF_DROP", ... of verdict & NF_VERDICT_MASK.
const char* NfVerdictName(unsigned verdict);
// "NFPROTO_IPV4", ...
const char* NfProtoName(int pf);

// ---- modules --------------------------------------------------------------

struct ModuleInfo {
  std::string name;       // KBUILD_MODNAME, or the file's base name
  std::string file;       // __FILE__ of module_init
  int (*init)() = nullptr;   // the entry point module_init defined
  void (*exit)() = nullptr;  // the entry point module_exit defined
  bool loaded = false;
};

// Every module whose object is linked into the program (registered by the
// constructor module_init emits), in registration order.
std::vector<ModuleInfo> Modules();
// Runs the module's init entry point; its return value (0 = loaded), or
// -ENOENT if no module of that name is linked in.
int LoadModule(std::string_view name);
// Runs the module's exit entry point. Hooks the module left registered are
// removed with a message (the kernel would call into unloaded code); returns
// how many there were.
int UnloadModule(std::string_view name);

// Loads a module for a scope: module_init on construction, module_exit on
// destruction (if init returned 0).
class ScopedModule {
 public:
  explicit ScopedModule(std::string_view name);
  // For a module whose entry points are known (LIBSKB_MODULE_INIT/EXIT).
  ScopedModule(int (*init)(), void (*exit)());
  ~ScopedModule();
  int init_result() const { return init_result_; }
  ScopedModule(const ScopedModule&) = delete;
  ScopedModule& operator=(const ScopedModule&) = delete;

 private:
  std::string name_;
  void (*exit_)() = nullptr;
  int init_result_ = 0;
};

// ---- hooks ------------------------------------------------------------------

struct HookInfo {
  // The registered ops, as an identity: its layout is that of the
  // registering translation unit's API generation, so read its fields only
  // for hooks registered by code compiled with the default (6.12) API.
  const nf_hook_ops* ops = nullptr;
  const net* net_ns = nullptr;
  int pf = 0;                // NFPROTO_IPV4 or NFPROTO_IPV6 (NFPROTO_INET is registered as both)
  unsigned hooknum = 0;
  int priority = 0;
  std::string function;      // the hook function's name ("sn_core_odd_hook")
  std::string module;        // the module that registered it, "" if none was loading
  std::string file;          // that module's source file (base name)
  // "NF_INET_LOCAL_IN hook sn_core_odd_hook (module sn_core_odd, sn_core_odd.c)"
  std::string Describe() const;
};

// The hooks of (net, pf, hooknum) in the order they run.
std::vector<HookInfo> Hooks(const net* net_ns, int pf, unsigned hooknum);
// Every registered hook.
std::vector<HookInfo> AllHooks();

// The hook whose function is executing now (the innermost one), or nullptr.
// For crash handlers (a sanitizer's death callback) that must name the hook
// the process died in; a BUG is named through Report::culprit instead.
const HookInfo* RunningHook();
// The last hook that was called (it may have returned since), or nullptr.
const HookInfo* LastHook();
// Forgets it (a fuzzer does, before each input).
void ForgetLastHook();

// One hook invocation.
struct HookRun {
  HookInfo hook;
  unsigned verdict = 0;      // as returned (NF_QUEUE_NR / NF_DROP_ERR bits included)
  std::string changes;       // what it changed in the skb: "len 1228 -> 1196, data +32", or ""
};

enum class HookOutcome {
  kAccepted,      // every hook accepted: the caller runs okfn (nf_hook() == 1)
  kDropped,       // NF_DROP: the skb was freed
  kStolen,        // NF_STOLEN: the hook owns the skb
  kQueueDropped,  // NF_QUEUE without a queue handler (none in the model): freed
  kLost,          // NF_REPEAT on 5.10+: neither freed nor passed on (a leak in the kernel)
};

struct NfHookResult {
  int ret = 1;                  // what nf_hook() returns
  HookOutcome outcome = HookOutcome::kAccepted;
  std::vector<HookRun> runs;    // in order; the last one decided unless kAccepted
};

// Models nf_hook() + nf_hook_slow() (net/netfilter/core.c) with a trace; see
// <linux/netfilter.h> for the verdicts and "Checked hooks" above.
NfHookResult RunNfHooks(uint8_t pf, unsigned hooknum, net* net_ns, sock* sk, sk_buff* skb, net_device* in,
                        net_device* out, int (*okfn)(net*, sock*, sk_buff*));

// ---- paths ------------------------------------------------------------------

enum class PathOutcome {
  kDelivered,    // reached the end of the path (the socket layer / the wire)
  kDropped,      // freed on the way, as the kernel would (reason says why)
  kStolen,       // a hook took it (NF_STOLEN, or lost it with NF_REPEAT)
  kNotModelled,  // reached a branch libskb does not model (defrag, forwarding, GSO): freed
};

const char* PathOutcomeName(PathOutcome o);

// A device: the name shows in dumps, features and mtu steer the transmit path.
// DefaultDevice() is "eth0", mtu 1500, no offloads.
net_device* DefaultDevice();

struct RxOptions {
  net_device* dev = nullptr;   // skb->dev when the skb has none (DefaultDevice())
};

struct RxResult {
  PathOutcome outcome = PathOutcome::kDropped;
  std::string stage;           // the kernel function that decided: "ip_rcv_core", "nf_hook_slow", "__udp4_lib_rcv", ...
  std::string reason;          // "bad UDP checksum", "NF_INET_LOCAL_IN hook x returned NF_DROP", ...
  int protocol = -1;           // IP protocol of the packet, once known
  std::vector<uint8_t> payload;  // delivered bytes: the UDP payload, or the L4 bytes of other protocols
  std::vector<HookRun> hooks;  // every hook that ran, in order
};

// Models the IPv4 receive path for a packet addressed to this host (5.10 and
// 6.12 share it): ip_rcv/ip_rcv_core (pskb_may_pull of the header and of
// ihl*4, version/ihl/checksum/length checks, pskb_trim_rcsum to tot_len,
// transport_header = network_header + ihl*4), NF_INET_PRE_ROUTING,
// ip_rcv_finish (options: skb_cow), ip_local_deliver, NF_INET_LOCAL_IN,
// ip_local_deliver_finish (__skb_pull(skb_network_header_len(skb)), unchecked)
// and, for UDP, udp_rcv/__udp4_lib_rcv (pskb_may_pull(8), length check,
// pskb_trim_rcsum to uh->len, checksum: none if 0, trusted if
// CHECKSUM_UNNECESSARY, checked against csum if CHECKSUM_COMPLETE, else
// skb_checksum()), then the socket's copy of the payload with skb_copy_bits().
// skb->data must point at the IPv4 header. ip_rcv_finish attaches the local
// input route (skb/route.h) after PRE_ROUTING; a conntrack classification
// chosen with skb::ScopedConntrackChoice (skb/conntrack.h) is attached where
// nf_conntrack_in runs.
RxResult IpRcv(sk_buff* skb, const RxOptions& opts = {});
// As IpRcv, from the Ethernet header: eth_type_trans() (mac header, pull of
// ETH_HLEN, protocol) then __netif_receive_skb_core's header resets.
RxResult NetifReceiveSkb(sk_buff* skb, const RxOptions& opts = {});

struct TxOptions {
  net_device* dev = nullptr;   // DefaultDevice() if null
  uint8_t src_mac[6] = {0x02, 0, 0, 0, 0, 0x01};
  uint8_t dst_mac[6] = {0x02, 0, 0, 0, 0, 0x02};
};

struct TxResult {
  PathOutcome outcome = PathOutcome::kDropped;
  std::string stage;
  std::string reason;
  std::vector<uint8_t> frame;  // what the device put on the wire (Ethernet header included)
  std::vector<HookRun> hooks;
};

// Models __ip_local_out (tot_len, ip_send_check), NF_INET_LOCAL_OUT, then
// IpOutput. skb->data must point at a complete IPv4 header. An skb without a
// route gets the output route first (ip_queue_xmit attached it).
TxResult IpLocalOut(sk_buff* skb, const TxOptions& opts = {});
// Models ip_output: NF_INET_POST_ROUTING, ip_finish_output (no
// fragmentation: a packet above the mtu is kNotModelled), ip_finish_output2
// (headroom via skb_realloc_headroom, the Ethernet header), then DevQueueXmit.
TxResult IpOutput(sk_buff* skb, const TxOptions& opts = {});
// Models __dev_queue_xmit + validate_xmit_skb + the driver: GSO skbs are
// kNotModelled; skb_needs_linearize -> __skb_linearize; CHECKSUM_PARTIAL
// without NETIF_F_CSUM_MASK -> skb_checksum_help; then skb_copy_bits of the
// whole frame and consume_skb. skb->data must point at the frame.
TxResult DevQueueXmit(sk_buff* skb, const TxOptions& opts = {});

// ---- paths: IPv6 ------------------------------------------------------------

// Models the IPv6 receive path for a packet addressed to this host (as read
// in 6.12.117, run for every profile): ipv6_rcv/ip6_rcv_core
// (pskb_may_pull(40), version, the RFC 4291 address checks, transport_header
// = network_header + 40, payload_len -> pskb_trim_rcsum(40 + payload_len)
// with truncated packets dropped; a hop-by-hop header is parsed by
// ipv6_parse_hopopts: its options checked, the transport header moved past
// it; a jumbogram is kNotModelled), NF_INET_PRE_ROUTING, ip6_rcv_finish
// (the local input route) -> ip6_input, NF_INET_LOCAL_IN,
// ip6_input_finish/ip6_protocol_deliver_rcu (pskb_pull to the transport
// header; destination options, a routing header with no segments left and
// an atomic fragment header are parsed and resubmitted as their handlers
// do; a real fragment (reassembly), AH/ESP and segment routing are
// kNotModelled; skb_postpull_rcsum of the network header), then as IpRcv: for UDP __udp6_lib_rcv (pskb_may_pull(8),
// length check, pskb_trim_rcsum, uh->len 0 means the rest of a jumbogram, a
// zero checksum is dropped, checksum as for IPv4 with the IPv6
// pseudo-header) and the socket's skb_copy_bits; for TCP the header pulls,
// doff and checksum of tcp_v6_rcv; other protocols: the L4 bytes.
// skb->data must point at the IPv6 header. NetifReceiveSkb dispatches
// ETH_P_IPV6 here. (IpRcv delivers TCP the same way: tcp_v4_rcv's header
// pulls, doff check and checksum, then the segment's bytes.)
RxResult Ip6Rcv(sk_buff* skb, const RxOptions& opts = {});

// Models __ip6_local_out (payload_len, IP6CB nhoff), NF_INET_LOCAL_OUT, then
// Ip6Output. skb->data must point at the IPv6 header. IP6CB(skb)->flags and
// frag_max_size are read on the way: clear skb->cb first, as the callers in
// the kernel do (tcp_transmit_skb's memset of the control block).
TxResult Ip6LocalOut(sk_buff* skb, const TxOptions& opts = {});
// Models ip6_output: NF_INET_POST_ROUTING (unless IP6SKB_REROUTED),
// ip6_finish_output (no fragmentation: a non-GSO packet above the mtu is
// kNotModelled), ip6_finish_output2 (headroom via skb_expand_head on 5.15+
// profiles, skb_realloc_headroom before; multicast destinations are
// kNotModelled; the Ethernet header with ETH_P_IPV6), then DevQueueXmit.
TxResult Ip6Output(sk_buff* skb, const TxOptions& opts = {});

}  // namespace skb

#endif  // LIBSKB_SKB_NETFILTER_H_
