// libskb: netfilter's transport checksum verification (net/netfilter/utils.c
// nf_ip_checksum, v6.12; net/ipv4/netfilter.c before 4.x, the same logic).
// Declared by <linux/netfilter_ipv4.h>.
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/checksum.h>

#include <cstring>

extern "C" {

// Models nf_ip_checksum(): 0 if the TCP/UDP (or other) checksum from dataoff
// verifies. A CHECKSUM_COMPLETE sum is trusted on the receive side
// (PRE_ROUTING, LOCAL_IN) when it verifies, and the skb then becomes
// CHECKSUM_UNNECESSARY; otherwise the sum is completed in software
// (__skb_checksum_complete), seeded with the pseudo-header for TCP and UDP.
// CHECKSUM_UNNECESSARY and CHECKSUM_PARTIAL skbs are not checked (0).
__sum16 nf_ip_checksum(struct sk_buff* skb, unsigned int hook, unsigned int dataoff, u8 protocol) {
  iphdr iph;
  std::memcpy(&iph, skb_network_header(skb), sizeof(iph));  // any alignment, as x86 reads it
  const bool tcpudp = protocol == IPPROTO_TCP || protocol == IPPROTO_UDP;
  switch (skb->ip_summed) {
    case CHECKSUM_COMPLETE:
      if (hook != NF_INET_PRE_ROUTING && hook != NF_INET_LOCAL_IN) return 0;
      if ((!tcpudp && !csum_fold(skb->csum)) ||
          !csum_tcpudp_magic(iph.saddr, iph.daddr, skb->len - dataoff, protocol, skb->csum)) {
        skb->ip_summed = CHECKSUM_UNNECESSARY;
        return 0;
      }
      [[fallthrough]];
    case CHECKSUM_NONE:
      skb->csum = tcpudp ? csum_tcpudp_nofold(iph.saddr, iph.daddr, skb->len - dataoff, protocol, 0) : 0;
      return __skb_checksum_complete(skb);
    default:
      return 0;
  }
}

}  // extern "C"
