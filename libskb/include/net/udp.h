/* SPDX-License-Identifier: MIT */
/* libskb: <net/udp.h> - UDP checksum helpers (include/net/udp.h). */
#ifndef _LIBSKB_NET_UDP_H
#define _LIBSKB_NET_UDP_H

#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>

/* udp_v4_check(): the folded UDP checksum of len bytes summing to base. */
static inline __sum16 udp_v4_check(int len, __be32 saddr, __be32 daddr, __wsum base)
{
	return csum_tcpudp_magic(saddr, daddr, (__u32)len, IPPROTO_UDP, base);
}

#endif /* _LIBSKB_NET_UDP_H */
