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
#include <linux/libskb_api.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/checksum.h>
#include <net/net_namespace.h>
#include <stddef.h>
#include <string.h>

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

LIBSKB_EXTERN_C_BEGIN
/*
 * Models ipv6_skip_exthdr() (net/ipv6/exthdrs_core.c, v6.12; out of line and
 * exported, as there): walk the extension headers from offset start
 * (relative to skb->data) whose type is *nexthdrp; on return *nexthdrp is
 * the upper-layer protocol and the result its offset, or -1 (NEXTHDR_NONE,
 * or a header past the packet). A non-first fragment stops the walk at the
 * fragment header, *frag_offp set to its frag_off field (the kernel tests
 * "(ntohs(frag_off) & ~0x7) != 0": offset or reserved bits). The frag_offp
 * argument is v3.3+; the 3-argument form of older kernels follows the API
 * personality.
 */
int libskb_ipv6_skip_exthdr(const struct sk_buff *skb, int start, u8 *nexthdrp, __be16 *frag_offp);
#if LIBSKB_API_AT_LEAST(3, 3)
int ipv6_skip_exthdr(const struct sk_buff *skb, int start, u8 *nexthdrp, __be16 *frag_offp);
#endif

/*
 * Models ipv6_find_hdr() (net/ipv6/exthdrs_core.c, v6.12): find the header
 * of type target (any upper-layer header if target < 0) after the IPv6
 * header at skb's network header (or, v3.8+, at *offset if *offset is not
 * 0: an inner header). Returns its type with *offset set to its offset from
 * skb->data; -ENOENT if there is none (or it lies behind a non-first
 * fragment); -EBADMSG on a truncated header. *fragoff gets the fragment
 * offset (in bytes, the low 3 bits cleared) of a non-first fragment, else 0.
 * flags (v3.8+): IP6_FH_F_FRAG is set on return if a fragment header was
 * seen; with IP6_FH_F_AUTH set the walk stops at an AH header (target < 0);
 * with IP6_FH_F_SKIP_RH set a routing header with segments_left 0 does not
 * match target. v2.6.32 (net/ipv6/netfilter/ip6_tables.c) had no flags
 * argument, always started at the network header and returned -ENOENT for
 * any target behind a non-first fragment; the API personality selects it.
 */
int libskb_ipv6_find_hdr(const struct sk_buff *skb, unsigned int *offset, int target, unsigned short *fragoff,
			 int *flags, int legacy);
#if LIBSKB_API_AT_LEAST(3, 8)
int ipv6_find_hdr(const struct sk_buff *skb, unsigned int *offset, int target, unsigned short *fragoff, int *flags);
#endif

/* Models __ipv6_addr_type() (net/ipv6/addrconf_core.c, v6.12): the
 * IPV6_ADDR_* type bits in the low 16 bits, the scope in the high 16. */
int __ipv6_addr_type(const struct in6_addr *addr);
LIBSKB_EXTERN_C_END

#if !LIBSKB_API_AT_LEAST(3, 3)
static inline int ipv6_skip_exthdr(const struct sk_buff *skb, int start, u8 *nexthdrp)
{
	__be16 frag_off;

	return libskb_ipv6_skip_exthdr(skb, start, nexthdrp, &frag_off);
}
#endif

#if !LIBSKB_API_AT_LEAST(3, 8)
static inline int ipv6_find_hdr(const struct sk_buff *skb, unsigned int *offset, int target, unsigned short *fragoff)
{
	return libskb_ipv6_find_hdr(skb, offset, target, fragoff, NULL, 1);
}
#endif

/* ipv6_find_hdr() flags (include/net/ipv6.h, v3.8+). */
enum {
	IP6_FH_F_FRAG = (1 << 0),
	IP6_FH_F_AUTH = (1 << 1),
	IP6_FH_F_SKIP_RH = (1 << 2),
};

/* ---- address types (include/net/ipv6.h) ---- */

#define IPV6_ADDR_ANY		0x0000U
#define IPV6_ADDR_UNICAST	0x0001U
#define IPV6_ADDR_MULTICAST	0x0002U
#define IPV6_ADDR_LOOPBACK	0x0010U
#define IPV6_ADDR_LINKLOCAL	0x0020U
#define IPV6_ADDR_SITELOCAL	0x0040U
#define IPV6_ADDR_COMPATv4	0x0080U
#define IPV6_ADDR_SCOPE_MASK	0x00f0U
#define IPV6_ADDR_MAPPED	0x1000U

#define IPV6_ADDR_MC_SCOPE(a)	((a)->s6_addr[1] & 0x0f)
#define __IPV6_ADDR_SCOPE_INVALID	-1
#define IPV6_ADDR_SCOPE_NODELOCAL	0x01
#define IPV6_ADDR_SCOPE_LINKLOCAL	0x02
#define IPV6_ADDR_SCOPE_SITELOCAL	0x05
#define IPV6_ADDR_SCOPE_ORGLOCAL	0x08
#define IPV6_ADDR_SCOPE_GLOBAL		0x0e

static inline int ipv6_addr_type(const struct in6_addr *addr) { return __ipv6_addr_type(addr) & 0xffff; }
static inline int ipv6_addr_scope(const struct in6_addr *addr)
{
	return __ipv6_addr_type(addr) & IPV6_ADDR_SCOPE_MASK;
}

#if !LIBSKB_API_AT_LEAST(3, 2)
/* ipv6_addr_copy() (removed in v3.2 in favour of plain assignment). */
static inline void ipv6_addr_copy(struct in6_addr *a1, const struct in6_addr *a2)
{
	memcpy(a1, a2, sizeof(struct in6_addr));
}
#endif

/* ipv6_addr_prefix(): the first plen bits of addr, the rest zero. */
static inline void ipv6_addr_prefix(struct in6_addr *pfx, const struct in6_addr *addr, int plen)
{
	int o = plen >> 3, b = plen & 0x7;

	memset(pfx->s6_addr, 0, sizeof(pfx->s6_addr));
	memcpy(pfx->s6_addr, addr, o);
	if (b != 0)
		pfx->s6_addr[o] = addr->s6_addr[o] & (0xff00 >> b);
}

/* ipv6_masked_addr_cmp(): 0 when a1 and a2 agree under m. */
static inline bool ipv6_masked_addr_cmp(const struct in6_addr *a1, const struct in6_addr *m, const struct in6_addr *a2)
{
	int i;

	for (i = 0; i < 16; i++)
		if ((a1->s6_addr[i] ^ a2->s6_addr[i]) & m->s6_addr[i])
			return true;
	return false;
}

static inline bool ipv6_addr_is_ll_all_nodes(const struct in6_addr *addr)
{
	static const unsigned char all_nodes[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

	return memcmp(addr, all_nodes, sizeof(all_nodes)) == 0;
}

/* ipv6_prefix_equal(): the first prefixlen bits of a1 and a2 agree. */
static inline bool ipv6_prefix_equal(const struct in6_addr *a1, const struct in6_addr *a2, unsigned int prefixlen)
{
	unsigned int pdw = prefixlen >> 3, pbi = prefixlen & 0x7;

	if (pdw && memcmp(a1, a2, pdw))
		return false;
	if (pbi && ((a1->s6_addr[pdw] ^ a2->s6_addr[pdw]) & (0xff00 >> pbi)))
		return false;
	return true;
}

/* ipv6_addr_diff(): the index of the first differing bit of a1 and a2 (0 is
 * the most significant), or 128 when they are equal (__ipv6_addr_diff32's
 * "bit may be an invalid value" case returns the address size in bits). */
static inline int ipv6_addr_diff(const struct in6_addr *a1, const struct in6_addr *a2)
{
	int i, b;

	for (i = 0; i < 16; i++) {
		unsigned int x = a1->s6_addr[i] ^ a2->s6_addr[i];

		if (x)
			for (b = 0; b < 8; b++)
				if (x & (0x80 >> b))
					return i * 8 + b;
	}
	return 128;
}

#endif /* _LIBSKB_NET_IPV6_H */
