/* SPDX-License-Identifier: MIT */
/*
 * libskb: <net/dsfield.h> - reading and changing the DS field (the IPv4 TOS
 * byte, the IPv6 traffic class) in place (include/net/dsfield.h, unchanged
 * since 2.6). ipv4_change_dsfield() updates the header checksum
 * incrementally, as the kernel does.
 */
#ifndef _LIBSKB_NET_DSFIELD_H
#define _LIBSKB_NET_DSFIELD_H

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/types.h>
#include <string.h>

static inline __u8 ipv4_get_dsfield(const struct iphdr *iph) { return iph->tos; }

/* The traffic class: bits 4..11 of the first 16-bit word. */
static inline __u8 ipv6_get_dsfield(const struct ipv6hdr *ipv6h)
{
	__be16 w;

	memcpy(&w, ipv6h, sizeof(w));
	return (__u8)(ntohs(w) >> 4);
}

/* Models ipv4_change_dsfield(): tos = (tos & mask) | value, with the header
 * checksum adjusted by the difference (RFC 1624, one's complement). */
static inline void ipv4_change_dsfield(struct iphdr *iph, __u8 mask, __u8 value)
{
	__u32 check = ntohs((__be16)iph->check);
	__u8 dsfield = (__u8)((iph->tos & mask) | value);

	check += iph->tos;
	if ((check + 1) >> 16)
		check = (check + 1) & 0xffff;
	check -= dsfield;
	check += check >> 16;
	iph->check = (__sum16)htons((__u16)check);
	iph->tos = dsfield;
}

/* Models ipv6_change_dsfield(): the traffic class bits of the first word
 * (no checksum covers them). */
static inline void ipv6_change_dsfield(struct ipv6hdr *ipv6h, __u8 mask, __u8 value)
{
	__be16 w;

	memcpy(&w, ipv6h, sizeof(w));
	w = (__be16)((w & htons((__u16)(((__u16)mask << 4) | 0xf00f))) | htons((__u16)((__u16)value << 4)));
	memcpy(ipv6h, &w, sizeof(w));
}

#endif /* _LIBSKB_NET_DSFIELD_H */
