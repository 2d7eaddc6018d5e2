// Hand-built IPv4 packets for the service test modules' tests.
#ifndef LIBSKB_TESTS_MODULES_PACKETS_H_
#define LIBSKB_TESTS_MODULES_PACKETS_H_

#include <arpa/inet.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/ip.h>

#include <cstdint>
#include <cstring>

namespace svc_test {

// An IPv4 packet to 10.0.0.1 from `saddr` with an 8-byte L4 header whose
// first four bytes are the source and destination ports (UDP, TCP) or
// type/code (ICMP), and 16 bytes of payload; skb->data at the IP header.
inline sk_buff* Packet(uint8_t proto, uint32_t saddr, uint16_t dport, uint8_t ttl = 64) {
  const unsigned l4 = proto == IPPROTO_TCP ? 20 : 8;
  const unsigned len = 20 + l4 + 16;
  sk_buff* skb = alloc_skb(128 + len, GFP_ATOMIC);
  skb_reserve(skb, 64);
  auto* p = static_cast<uint8_t*>(skb_put(skb, len));
  std::memset(p, 0, len);
  auto* iph = reinterpret_cast<iphdr*>(p);
  iph->version = 4;
  iph->ihl = 5;
  iph->tot_len = htons(static_cast<uint16_t>(len));
  iph->ttl = ttl;
  iph->protocol = proto;
  iph->saddr = htonl(saddr);
  iph->daddr = htonl(0x0a000001);
  ip_send_check(iph);
  uint8_t* h = p + 20;
  h[0] = 0x30;  // source port 12345
  h[1] = 0x39;
  h[2] = static_cast<uint8_t>(dport >> 8);
  h[3] = static_cast<uint8_t>(dport);
  if (proto == IPPROTO_UDP) {
    h[4] = 0;
    h[5] = static_cast<uint8_t>(l4 + 16);  // uh->len; checksum 0 = none
  } else if (proto == IPPROTO_TCP) {
    h[12] = 5 << 4;  // doff
  }
  skb_reset_network_header(skb);
  skb->protocol = htons(0x0800);
  return skb;
}

}  // namespace svc_test

#endif  // LIBSKB_TESTS_MODULES_PACKETS_H_
