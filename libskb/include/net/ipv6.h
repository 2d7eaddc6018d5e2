/* SPDX-License-Identifier: MIT */
/*
 * libskb: <net/ipv6.h> - the IPv6 helpers hook modules use
 * (include/net/ipv6.h, net/ipv6/exthdrs_core.c, v6.12): next-header numbers,
 * the fragment header, address predicates, extension header walking.
 */
#ifndef _LIBSKB_NET_IPV6_H
#define _LIBSKB_NET_IPV6_H

#include <linux/compiler.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/checksum.h>
#include <net/net_namespace.h>
#include <stddef.h>

/* Next-header values (include/net/ipv6.h). */
#define NEXTHDR_HOP		0	/* hop-by-hop options */
#define NEXTHDR_IPV4		4	/* IPv4 in IPv6 */
#define NEXTHDR_TCP		6
#define NEXTHDR_UDP		17
#define NEXTHDR_IPV6		41	/* IPv6 in IPv6 */
#define NEXTHDR_ROUTING		43
#define NEXTHDR_FRAGMENT	44
#define NEXTHDR_GRE		47
#define NEXTHDR_ESP		50
#define NEXTHDR_AUTH		51
#define NEXTHDR_ICMP		58
#define NEXTHDR_NONE		59
#define NEXTHDR_DEST		60	/* destination options */
#define NEXTHDR_SCTP		132
#define NEXTHDR_MOBILITY	135
#define NEXTHDR_MAX		255

#define IPV6_DEFAULT_HOPLIMIT	64
#define IPV6_MIN_MTU		1280

/* The fragment header (RFC 8200 section 4.5). */
struct frag_hdr {
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off;
	__be32 identification;
};

LIBSKB_STATIC_ASSERT(sizeof(struct frag_hdr) == 8, "the IPv6 fragment header is 8 bytes");

#define IP6_MF		0x0001
#define IP6_OFFSET	0xFFF8

/* ---- addresses (include/net/ipv6.h) ---- */

static inline bool ipv6_addr_equal(const struct in6_addr *a1, const struct in6_addr *a2)
{
	return memcmp(a1, a2, sizeof(struct in6_addr)) == 0;
}

static inline int ipv6_addr_cmp(const struct in6_addr *a1, const struct in6_addr *a2)
{
	return memcmp(a1, a2, sizeof(struct in6_addr));
}

static inline bool ipv6_addr_any(const struct in6_addr *a)
{
	const unsigned char *b = (const unsigned char *)a;
	int i;

	for (i = 0; i < 16; i++)
		if (b[i])
			return false;
	return true;
}

static inline bool ipv6_addr_loopback(const struct in6_addr *a)
{
	static const unsigned char loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

	return memcmp(a, loopback, sizeof(loopback)) == 0;
}

static inline bool ipv6_addr_is_multicast(const struct in6_addr *addr)
{
	return ((const unsigned char *)addr)[0] == 0xff;
}

/* ::ffff:a.b.c.d */
static inline bool ipv6_addr_v4mapped(const struct in6_addr *a)
{
	static const unsigned char prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	return memcmp(a, prefix, sizeof(prefix)) == 0;
}

static inline void ipv6_addr_set(struct in6_addr *addr, __be32 w1, __be32 w2, __be32 w3, __be32 w4)
{
	__be32 w[4] = {w1, w2, w3, w4};

	memcpy(addr, w, sizeof(w));
}

/* ---- extension headers (net/ipv6/exthdrs_core.c) ---- */

/* Models ipv6_ext_hdr(): is nexthdr an extension header (as opposed to an upper-layer protocol)? */
static inline bool ipv6_ext_hdr(u8 nexthdr)
{
	return nexthdr == NEXTHDR_HOP || nexthdr == NEXTHDR_ROUTING || nexthdr == NEXTHDR_FRAGMENT ||
	       nexthdr == NEXTHDR_AUTH || nexthdr == NEXTHDR_NONE || nexthdr == NEXTHDR_DEST;
}

/*
 * Models ipv6_skip_exthdr() (net/ipv6/exthdrs_core.c, v6.12): walk the
 * extension headers from offset start (relative to skb->data) whose type is
 * *nexthdrp; on return *nexthdrp is the upper-layer protocol and the result
 * its offset, or -1 (NEXTHDR_NONE, or a header past the packet). A non-first
 * fragment stops the walk at the fragment header with *frag_offp set (the
 * kernel's "(ntohs(frag_off) & ~0x7) != 0": offset or reserved bits).
 */
static inline int ipv6_skip_exthdr(const struct sk_buff *skb, int start, u8 *nexthdrp, __be16 *frag_offp)
{
	u8 nexthdr = *nexthdrp;

	*frag_offp = 0;
	while (ipv6_ext_hdr(nexthdr)) {
		struct ipv6_opt_hdr hbuf;
		const struct ipv6_opt_hdr *hp;
		int hdrlen;

		if (nexthdr == NEXTHDR_NONE)
			return -1;
		hp = (const struct ipv6_opt_hdr *)skb_header_pointer(skb, start, sizeof(hbuf), &hbuf);
		if (!hp)
			return -1;
		if (nexthdr == NEXTHDR_FRAGMENT) {
			__be16 fbuf;
			const __be16 *fp = (const __be16 *)skb_header_pointer(
				skb, start + (int)offsetof(struct frag_hdr, frag_off), sizeof(fbuf), &fbuf);

			if (!fp)
				return -1;
			memcpy(frag_offp, fp, sizeof(*frag_offp));
			if (ntohs(*frag_offp) & ~0x7)
				break;
			hdrlen = 8;
		} else if (nexthdr == NEXTHDR_AUTH) {
			hdrlen = ipv6_authlen(hp);
		} else {
			hdrlen = ipv6_optlen(hp);
		}
		nexthdr = hp->nexthdr;
		start += hdrlen;
	}
	*nexthdrp = nexthdr;
	return start;
}

#endif /* _LIBSKB_NET_IPV6_H */
