// Test helpers for the kernel-environment tests (tests/kernel_env_test.cc
// and tests/modules/svc_*): Ethernet/IPv4/UDP frames with valid checksums.
#ifndef LIBSKB_TESTS_KERNEL_ENV_PACKETS_H_
#define LIBSKB_TESTS_KERNEL_ENV_PACKETS_H_

#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace kernel_env_test {

// An Ethernet frame to eth0's MAC (02:00:00:00:00:01) holding IPv4/UDP
// saddr -> 10.0.0.2, dport, `payload` bytes; UDP checksum 0 (none).
inline std::vector<uint8_t> UdpFrame(uint32_t saddr, uint16_t dport, size_t payload = 32) {
  const size_t ulen = sizeof(udphdr) + payload;
  std::vector<uint8_t> f(ETH_HLEN + sizeof(iphdr) + ulen, 0x5a);
  ethhdr eth{};
  const uint8_t dst[ETH_ALEN] = {0x02, 0, 0, 0, 0, 0x01};
  const uint8_t src[ETH_ALEN] = {0x02, 0, 0, 0, 0, 0x02};
  std::memcpy(eth.h_dest, dst, ETH_ALEN);
  std::memcpy(eth.h_source, src, ETH_ALEN);
  eth.h_proto = htons(ETH_P_IP);
  std::memcpy(f.data(), &eth, ETH_HLEN);
  iphdr ip{};
  ip.version = 4;
  ip.ihl = 5;
  ip.tot_len = htons(static_cast<uint16_t>(sizeof(iphdr) + ulen));
  ip.ttl = 64;
  ip.protocol = IPPROTO_UDP;
  ip.saddr = htonl(saddr);
  ip.daddr = htonl(0x0a000002);
  ip_send_check(&ip);
  std::memcpy(f.data() + ETH_HLEN, &ip, sizeof(ip));
  udphdr uh{};
  uh.source = htons(40000);
  uh.dest = htons(dport);
  uh.len = htons(static_cast<uint16_t>(ulen));
  uh.check = 0;
  std::memcpy(f.data() + ETH_HLEN + sizeof(ip), &uh, sizeof(uh));
  return f;
}

// An skb holding `frame` linearly, data at the Ethernet header, as a driver
// hands it to netif_receive_skb (NET_IP_ALIGN 0 on x86).
inline sk_buff* FrameSkb(const std::vector<uint8_t>& frame) {
  sk_buff* skb = alloc_skb(NET_SKB_PAD + static_cast<unsigned>(frame.size()), GFP_ATOMIC);
  skb_reserve(skb, static_cast<int>(NET_SKB_PAD));
  skb_put_data(skb, frame.data(), static_cast<unsigned>(frame.size()));
  return skb;
}

}  // namespace kernel_env_test

#endif  // LIBSKB_TESTS_KERNEL_ENV_PACKETS_H_
