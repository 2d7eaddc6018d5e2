// libskb module harness: the skbs a real stack hands a netfilter hook,
// built from fuzzer bytes as an op program (ARCHITECTURE.md "Module harness").
//
// For one registered hook, BuildAndRun() emits and runs (on a Runner, so the
// checker and the shadow model run after every op) a program that
//   1. builds an skb in one of the shapes the stack produces at that hook
//      point, with IPv4/IPv6 + UDP/TCP/ICMP headers whose fields come from the
//      input (written with `write`, checksums computed over the real bytes),
//   2. hands it to the path op that runs the hook in place and then the code
//      that follows it in the kernel (ip_rcv for PRE_ROUTING/LOCAL_IN,
//      ip_local_out for LOCAL_OUT, ip_output for POST_ROUTING, nf_hook +
//      ip_output for FORWARD, and the IPv6 counterparts),
//   3. frees whatever is left (the tap's clone, the write-queue original).
//
// Receive shapes (data at the network header, as ip_rcv/ipv6_rcv get it):
// linear; headers-only head + page frags (GRO, virtio big packets); headless
// (napi_get_frags after eth_type_trans); frag_list (GRO frag_list); each
// optionally cloned (a packet tap holds a clone), with small headroom, IP
// options, Ethernet padding after tot_len or a tot_len past the end.
// Transmit shapes: a TCP write-queue fclone whose clone carries the pushed
// headers with CHECKSUM_PARTIAL (tcp_transmit_skb), optionally GSO; a UDP
// datagram, linear or paged, CHECKSUM_PARTIAL or software-summed
// (ip_make_skb); each optionally with the headroom the stack leaves when
// LL_RESERVED_SPACE is small.
#ifndef LIBSKB_FUZZ_MODULE_PACKET_BUILDER_H_
#define LIBSKB_FUZZ_MODULE_PACKET_BUILDER_H_

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <vector>

#include "program.h"
#include "runner.h"
#include "skb/netfilter.h"

namespace skbfuzz {

// Picks one of `hooks` (non-empty), builds the skb for it from the input and
// runs it through the hook point; ops go to *program as they run on `runner`;
// *chosen gets the hook. Returns false when the runner has a finding
// (runner.finding()). The input's first bytes are the header fields at fixed
// offsets, the rest the structural choices (packet_builder.cc).
// `hints`: the module's constants, used now and then as a port (<= 0xffff)
// or an IPv4 address (> 0xffff).
bool BuildAndRun(const uint8_t* data, size_t size, const std::vector<skb::HookInfo>& hooks,
                 const std::vector<uint32_t>& hints, Runner& runner, Program* program, const skb::HookInfo** chosen);

// "receive, headers-only head + frags, cloned" for the step log.
std::string LastShapeName();

}  // namespace skbfuzz

#endif  // LIBSKB_FUZZ_MODULE_PACKET_BUILDER_H_
