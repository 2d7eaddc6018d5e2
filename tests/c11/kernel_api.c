// SPDX-License-Identifier: MIT
/*
 * A self-testing module in kernel C (the style of lib/test_*.c), compiled as
 * strict C11 (-std=c11 -Wall -Werror) against libskb's kernel headers. It
 * includes every header a netfilter hook module typically includes and
 * checks, with a result that can fail, each API those modules use:
 *
 *	module_init/module_exit, MODULE_*, nf_register_net_hook(s),
 *	nf_unregister_net_hook(s), struct nf_hook_state, NF_HOOK, printk/pr_*,
 *	pr_fmt, kmalloc/kzalloc/kfree, byte order, the skb header accessors,
 *	the checksum helpers (csum_fold .. csum_ipv6_magic, csum_replace2/4,
 *	inet_proto_csum_replace2/4 in each ip_summed state, ip_fast_csum,
 *	ip_send_check, ip_decrease_ttl), skb_ensure_writable on a clone,
 *	ipv6_skip_exthdr, the IPPROTO_/NFPROTO_/NF_INET_/NF_IP*_PRI_ constants,
 *	likely/unlikely, WARN_ON(_ONCE), BUG_ON, ARRAY_SIZE, container_of,
 *	min/max/min_t.
 *
 * Checksums are compared with a reference sum written here from RFC 1071
 * (bytes in network order), not with libskb's own helpers. main.c loads the
 * module and fails if its init function reports a failure.
 */
#define KBUILD_MODNAME "c11_api"
#define __KBUILD_MODNAME kmod_c11_api
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/printk.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/types.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/udp.h>

#include "kernel_api.h"

MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("libskb");
MODULE_DESCRIPTION("kernel API self-test for C11 module code");

static int failures;
static int exits;

#define EXPECT(cond)								\
	do {									\
		if (unlikely(!(cond))) {					\
			pr_err("%s:%d: EXPECT failed: %s\n", __FILE__, __LINE__, #cond); \
			failures++;						\
		}								\
	} while (0)

#define EXPECT_EQ(a, b)								\
	do {									\
		long long a_ = (long long)(a), b_ = (long long)(b);		\
		if (unlikely(a_ != b_)) {					\
			pr_err("%s:%d: EXPECT_EQ failed: %s = %lld (0x%llx), %s = %lld (0x%llx)\n", \
			       __FILE__, __LINE__, #a, a_, (unsigned long long)a_, #b, b_, (unsigned long long)b_); \
			failures++;						\
		}								\
	} while (0)

/* ---- reference ones'-complement arithmetic (RFC 1071), network order ---- */

static u32 ref_sum(const void *buf, size_t n, u32 sum)
{
	const u8 *p = buf;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (u32)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (u32)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* The 16-bit checksum field value (network order bytes, as stored) for a
 * folded sum: the complement. */
static __sum16 ref_check(u32 folded)
{
	u16 c = (u16)~folded;

	return (__sum16)htons(c);
}

/* Ones'-complement equality: 0x0000 and 0xffff are both zero. */
static bool csum16_equiv(__sum16 a, __sum16 b)
{
	u16 x = (u16)a, y = (u16)b;

	return x == y || ((x == 0 || x == 0xffff) && (y == 0 || y == 0xffff));
}

/* The IPv4 pseudo-header sum for a UDP/TCP segment of len bytes. */
static u32 ref_pseudo4(__be32 saddr, __be32 daddr, u8 proto, u16 len)
{
	u8 ph[12];

	memcpy(ph, &saddr, 4);
	memcpy(ph + 4, &daddr, 4);
	ph[8] = 0;
	ph[9] = proto;
	ph[10] = (u8)(len >> 8);
	ph[11] = (u8)len;
	return ref_sum(ph, sizeof(ph), 0);
}

/* ---- a test packet: IPv4 (20 bytes) + UDP (8) + payload ---- */

#define PAYLOAD_LEN 37	/* odd on purpose */
#define PKT_LEN (20 + 8 + PAYLOAD_LEN)


static void build_udp4(u8 *pkt)
{
	struct iphdr iph;
	struct udphdr uh;
	u32 sum;
	int i;

	memset(&iph, 0, sizeof(iph));
	iph.version = 4;
	iph.ihl = 5;
	iph.tot_len = htons(PKT_LEN);
	iph.ttl = 64;
	iph.protocol = IPPROTO_UDP;
	iph.saddr = htonl(0x0a000001);
	iph.daddr = htonl(0xc0a80102);
	iph.check = ref_check(ref_sum(&iph, sizeof(iph), 0));
	memcpy(pkt, &iph, sizeof(iph));
	for (i = 0; i < PAYLOAD_LEN; i++)
		pkt[28 + i] = (u8)(i * 13 + 5);
	uh.source = htons(4000);
	uh.dest = htons(53);
	uh.len = htons(8 + PAYLOAD_LEN);
	uh.check = 0;
	memcpy(pkt + 20, &uh, sizeof(uh));
	sum = ref_sum(pkt + 20, 8 + PAYLOAD_LEN, ref_pseudo4(iph.saddr, iph.daddr, IPPROTO_UDP, 8 + PAYLOAD_LEN));
	uh.check = ref_check(sum);
	memcpy(pkt + 20, &uh, sizeof(uh));
}

static struct sk_buff *udp4_skb(void)
{
	struct sk_buff *skb = alloc_skb(64 + PKT_LEN, GFP_KERNEL);

	if (!skb)
		return NULL;
	skb_reserve(skb, 64);
	build_udp4(skb_put(skb, PKT_LEN));
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, 20);
	return skb;
}

/* ---- the tests ---- */

static void test_constants_and_macros(void)
{
	struct outer {
		int a;
		struct sk_buff_head q;
		char c;
	} o;
	static const int arr[7];
	const char *fmt = pr_fmt("x");
	int evaluated = 0;
	int (*ensure_writable)(struct sk_buff *, unsigned int) = skb_ensure_writable;

	EXPECT_EQ(IPPROTO_TCP, 6);
	EXPECT_EQ(IPPROTO_UDP, 17);
	EXPECT_EQ(IPPROTO_ICMPV6, 58);
	EXPECT_EQ(NFPROTO_IPV4, 2);
	EXPECT_EQ(NFPROTO_IPV6, 10);
	EXPECT_EQ(NFPROTO_INET, 1);
	EXPECT_EQ(NF_INET_PRE_ROUTING, 0);
	EXPECT_EQ(NF_INET_LOCAL_IN, 1);
	EXPECT_EQ(NF_INET_FORWARD, 2);
	EXPECT_EQ(NF_INET_LOCAL_OUT, 3);
	EXPECT_EQ(NF_INET_POST_ROUTING, 4);
	EXPECT_EQ(NF_IP_PRI_FIRST, INT_MIN);
	EXPECT_EQ(NF_IP_PRI_MANGLE, -150);
	EXPECT_EQ(NF_IP_PRI_FILTER, 0);
	EXPECT_EQ(NF_IP6_PRI_NAT_DST, -100);
	EXPECT_EQ(NF_IP6_PRI_FILTER, 0);
	EXPECT_EQ(NF_ACCEPT, 1);
	EXPECT_EQ(NF_DROP, 0);
	EXPECT_EQ(ETH_P_IPV6, 0x86dd);
	EXPECT_EQ(NEXTHDR_FRAGMENT, 44);
	EXPECT_EQ(sizeof(struct ipv6hdr), 40);
	EXPECT_EQ(sizeof(struct in6_addr), 16);

	EXPECT_EQ(strcmp(fmt, "c11_api: x"), 0);
	EXPECT_EQ(ARRAY_SIZE(arr), 7);
	EXPECT(container_of(&o.q, struct outer, q) == &o);
	EXPECT_EQ(min(3, -4), -4);
	EXPECT_EQ(max(3u, 9u), 9u);
	{
		int big = 300;	/* min_t compares in the named type: 300 becomes 44 */

		EXPECT_EQ(min_t(u8, big, 7), 7);
		EXPECT_EQ(min_t(u8, big, 50), 44);
		EXPECT_EQ(min_t(int, big, 50), 50);
	}
	EXPECT_EQ(max_t(int, -1, -8), -1);
	EXPECT(likely(arr[0] == 0));
	EXPECT(!unlikely(arr[1] != 0));

	BUG_ON(++evaluated == 0); /* the condition is evaluated once and is false */
	EXPECT_EQ(evaluated, 1);
	EXPECT_EQ(WARN_ON(evaluated == 1), 1);
	EXPECT_EQ(WARN_ON(0), 0);
	{
		int i, hits = 0;

		for (i = 0; i < 3; i++)
			hits += WARN_ON_ONCE(i >= 0); /* returns the condition every time, warns once */
		EXPECT_EQ(hits, 3);
	}
	/* skb_make_writable is declared only for <= 5.2 personalities (<linux/netfilter.h>). */
	EXPECT(ensure_writable != NULL);

	/* printk returns the length of the message without its level prefix. */
	EXPECT_EQ(pr_info("%d bytes\n", 17), (int)strlen("c11_api: 17 bytes\n"));
	EXPECT_EQ(printk(KERN_DEBUG "lvl\n"), 4);
}

static void test_byte_order(void)
{
	u16 s = htons(0x1234);
	u32 l = htonl(0x12345678);
	const u8 *p = (const u8 *)&s, *q = (const u8 *)&l;

	EXPECT_EQ(p[0], 0x12);
	EXPECT_EQ(p[1], 0x34);
	EXPECT_EQ(q[0], 0x12);
	EXPECT_EQ(q[3], 0x78);
	EXPECT_EQ(ntohs(s), 0x1234);
	EXPECT_EQ(ntohl(l), 0x12345678);
}

static void test_slab(void)
{
	u8 *a = kmalloc(100, GFP_KERNEL);
	u8 *z = kzalloc(300, GFP_KERNEL);
	int i, nonzero = 0;

	EXPECT(a != NULL);
	EXPECT(z != NULL);
	if (a) {
		memset(a, 0xab, 100);
		EXPECT(ksize(a) >= 100);
	}
	if (z) {
		for (i = 0; i < 300; i++)
			nonzero += z[i] != 0;
		EXPECT_EQ(nonzero, 0);
		EXPECT_EQ(ksize(z), 512); /* the kmalloc-512 size class */
	}
	kfree(a);
	kfree(z);
	kfree(NULL);
}

static void test_header_accessors(void)
{
	struct sk_buff *skb = udp4_skb();

	EXPECT(skb != NULL);
	if (!skb)
		return;
	EXPECT(ip_hdr(skb) == (struct iphdr *)skb->data);
	EXPECT(skb_network_header(skb) == skb->data);
	EXPECT(skb_transport_header(skb) == skb->data + 20);
	EXPECT(udp_hdr(skb) == (struct udphdr *)(skb->data + 20));
	EXPECT(tcp_hdr(skb) == (struct tcphdr *)(skb->data + 20));
	EXPECT_EQ(ip_hdrlen(skb), 20);
	EXPECT_EQ(skb_network_offset(skb), 0);
	EXPECT_EQ(skb_transport_offset(skb), 20);
	EXPECT_EQ(ntohs(udp_hdr(skb)->dest), 53);
	EXPECT_EQ(ip_hdr(skb)->protocol, IPPROTO_UDP);
	/* After the IP header is pulled, as ip_local_deliver_finish does. */
	skb_pull(skb, ip_hdrlen(skb));
	EXPECT_EQ(skb_network_offset(skb), -20);
	EXPECT_EQ(skb_transport_offset(skb), 0);
	EXPECT_EQ(ip_transport_len(skb), 8 + PAYLOAD_LEN);
	kfree_skb(skb);
}

static void test_checksum_primitives(void)
{
	u8 buf[PKT_LEN];
	u32 ref;
	__wsum w;
	struct in6_addr s6, d6;
	u8 ph6[40];
	int i;

	build_udp4(buf);
	/* csum_partial + csum_fold over the UDP segment with its pseudo-header. */
	ref = ref_sum(buf + 20, 8 + PAYLOAD_LEN, ref_pseudo4(htonl(0x0a000001), htonl(0xc0a80102), IPPROTO_UDP,
							      8 + PAYLOAD_LEN));
	EXPECT_EQ(ref, 0xffff); /* a correct checksum sums to -0 */
	w = csum_partial(buf + 20, 8 + PAYLOAD_LEN, 0);
	EXPECT_EQ(csum_tcpudp_magic(htonl(0x0a000001), htonl(0xc0a80102), 8 + PAYLOAD_LEN, IPPROTO_UDP, w), 0);
	EXPECT_EQ(ip_fast_csum(buf, 5), 0);

	/* csum_fold folds and complements; csum_unfold widens. */
	EXPECT_EQ((u16)csum_fold((__force __wsum)0x0001fffe), (u16)~0xffffu);
	EXPECT_EQ((u16)csum_fold((__force __wsum)0x12345678), (u16)~(0x1234 + 0x5678));
	EXPECT_EQ((u32)csum_unfold((__force __sum16)0xbeef), 0xbeef);
	/* csum_add / csum_sub: end-around carry, and sub undoes add. */
	EXPECT_EQ((u32)csum_add((__force __wsum)0xffffffff, (__force __wsum)2), 2);
	w = csum_add((__force __wsum)0x12345678, (__force __wsum)0x9abcdef0);
	EXPECT_EQ(csum_fold(csum_sub(w, (__force __wsum)0x9abcdef0)), csum_fold((__force __wsum)0x12345678));

	/* csum_ipv6_magic against the RFC 8200 8.1 pseudo-header summed by hand. */
	for (i = 0; i < 16; i++) {
		s6.s6_addr[i] = (u8)(0x20 + i * 7);
		d6.s6_addr[i] = (u8)(0xfe - i * 3);
	}
	memcpy(ph6, &s6, 16);
	memcpy(ph6 + 16, &d6, 16);
	memset(ph6 + 32, 0, 8);
	ph6[34] = 0x01;	/* length 0x0123 (upper-layer packet length, 32 bits) */
	ph6[35] = 0x23;
	ph6[39] = IPPROTO_UDP;
	ref = ref_sum(ph6, sizeof(ph6), ref_sum(buf + 20, 8 + PAYLOAD_LEN, 0));
	EXPECT_EQ(csum_ipv6_magic(&s6, &d6, 0x0123, IPPROTO_UDP, csum_partial(buf + 20, 8 + PAYLOAD_LEN, 0)),
		  ref_check(ref));
}

/* csum_replace2/4, ip_send_check and ip_decrease_ttl against a recomputation. */
static void test_csum_replace(void)
{
	u8 buf[PKT_LEN];
	struct iphdr iph;
	__be16 old_word, new_word;
	__be32 old_addr;

	build_udp4(buf);
	memcpy(&iph, buf, sizeof(iph));

	/* ttl lives in the 16-bit word at byte 8 (ttl, protocol). */
	memcpy(&old_word, &iph.ttl, 2);
	iph.ttl = 17;
	memcpy(&new_word, &iph.ttl, 2);
	csum_replace2(&iph.check, old_word, new_word);
	EXPECT_EQ(ref_sum(&iph, sizeof(iph), 0), 0xffff);
	EXPECT_EQ(ip_fast_csum(&iph, 5), 0);

	old_addr = iph.daddr;
	iph.daddr = htonl(0x0a636363);
	csum_replace4(&iph.check, old_addr, iph.daddr);
	EXPECT_EQ(ref_sum(&iph, sizeof(iph), 0), 0xffff);

	EXPECT_EQ(ip_decrease_ttl(&iph), 16);
	EXPECT_EQ(ref_sum(&iph, sizeof(iph), 0), 0xffff);

	iph.tos = 0xb8;
	ip_send_check(&iph);
	EXPECT_EQ(ref_sum(&iph, sizeof(iph), 0), 0xffff);
}

/*
 * inet_proto_csum_replace4/2 in each ip_summed state: the UDP checksum (and,
 * for CHECKSUM_COMPLETE, skb->csum) after rewriting the IPv4 source address
 * (a pseudo-header field) and the destination port (not one).
 */
static void test_inet_proto_csum_replace(void)
{
	const __be32 new_saddr = htonl(0xac100005);
	const __be16 new_dport = htons(5353);
	int state;

	for (state = 0; state < 3; state++) {
		static const int summed[3] = {CHECKSUM_NONE, CHECKSUM_COMPLETE, CHECKSUM_PARTIAL};
		struct sk_buff *skb = udp4_skb();
		struct iphdr *iph;
		struct udphdr *uh;
		__be32 old_saddr;
		__be16 old_dport;
		u32 pseudo;

		EXPECT(skb != NULL);
		if (!skb)
			return;
		iph = ip_hdr(skb);
		uh = udp_hdr(skb);
		skb->ip_summed = summed[state];
		if (summed[state] == CHECKSUM_COMPLETE)
			skb->csum = csum_partial(skb->data, (int)skb->len, 0);
		if (summed[state] == CHECKSUM_PARTIAL) {
			/* The seed a sender leaves for the device: the folded
			 * pseudo-header sum, not complemented. */
			uh->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr, 8 + PAYLOAD_LEN, IPPROTO_UDP, 0);
			skb->csum_start = (u16)(skb_transport_header(skb) - skb->head);
			skb->csum_offset = offsetof(struct udphdr, check);
		}

		old_saddr = iph->saddr;
		iph->saddr = new_saddr;
		csum_replace4(&iph->check, old_saddr, new_saddr);
		inet_proto_csum_replace4(&uh->check, skb, old_saddr, new_saddr, true);
		old_dport = uh->dest;
		uh->dest = new_dport;
		inet_proto_csum_replace2(&uh->check, skb, old_dport, new_dport, false);

		EXPECT_EQ(ref_sum(iph, 20, 0), 0xffff);
		pseudo = ref_pseudo4(new_saddr, iph->daddr, IPPROTO_UDP, 8 + PAYLOAD_LEN);
		if (summed[state] == CHECKSUM_PARTIAL) {
			/* Only the pseudo-header seed changed: the port is not in it. */
			EXPECT(csum16_equiv(uh->check, (__sum16)htons((u16)pseudo)));
		} else {
			/* A complete checksum: the segment with the new pseudo-header sums to -0. */
			EXPECT_EQ(ref_sum(uh, 8 + PAYLOAD_LEN, pseudo), 0xffff);
		}
		if (summed[state] == CHECKSUM_COMPLETE) {
			/* skb->csum followed the bytes: the address changed in the IP header. */
			EXPECT_EQ(csum_fold(skb->csum), csum_fold(csum_partial(skb->data, (int)skb->len, 0)));
		}
		kfree_skb(skb);
	}
}

/* skb_ensure_writable on a clone: the writer gets a private head, the clone's bytes stay. */
static void test_ensure_writable(void)
{
	struct sk_buff *skb = udp4_skb();
	struct sk_buff *tap;
	u8 *old_head;

	EXPECT(skb != NULL);
	if (!skb)
		return;
	tap = skb_clone(skb, GFP_ATOMIC);
	EXPECT(tap != NULL);
	if (!tap) {
		kfree_skb(skb);
		return;
	}
	EXPECT(skb_cloned(skb));
	old_head = skb->head;
	EXPECT_EQ(skb_ensure_writable(skb, sizeof(struct iphdr)), 0);
	EXPECT(skb->head != old_head);
	EXPECT(!skb_cloned(skb));
	EXPECT(!skb_cloned(tap));
	ip_hdr(skb)->ttl = 1;
	ip_send_check(ip_hdr(skb));
	EXPECT_EQ(((struct iphdr *)tap->data)->ttl, 64);
	EXPECT_EQ(skb_ensure_writable(skb, skb->len + 1), -ENOMEM);
	kfree_skb(tap);
	kfree_skb(skb);
}

/* ipv6_hdr and ipv6_skip_exthdr over a destination-options header. */
static void test_ipv6(void)
{
	struct sk_buff *skb = alloc_skb(64 + 40 + 8 + 8, GFP_KERNEL);
	struct ipv6hdr *ip6;
	u8 *opt;
	u8 nexthdr;
	__be16 frag_off = htons(0xffff);
	int off;

	EXPECT(skb != NULL);
	if (!skb)
		return;
	skb_reserve(skb, 64);
	ip6 = skb_put_zero(skb, 40 + 8 + 8);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, sizeof(*ip6));
	ip6->version = 6;
	ip6->payload_len = htons(16);
	ip6->nexthdr = NEXTHDR_DEST;
	ip6->hop_limit = 9;
	ip6->daddr.s6_addr[0] = 0xff;
	ip6->daddr.s6_addr[1] = 0x02;
	ip6->daddr.s6_addr[15] = 1;
	opt = (u8 *)(ip6 + 1);
	opt[0] = IPPROTO_UDP;	/* next header */
	opt[1] = 0;		/* (0 + 1) * 8 bytes */
	EXPECT(ipv6_hdr(skb) == ip6);
	EXPECT(ipv6_addr_is_multicast(&ip6->daddr));
	EXPECT(ipv6_addr_any(&ip6->saddr));
	EXPECT(!ipv6_addr_equal(&ip6->saddr, &ip6->daddr));
	EXPECT_EQ(ipv6_transport_len(skb), 16);
	nexthdr = ip6->nexthdr;
	off = ipv6_skip_exthdr(skb, sizeof(*ip6), &nexthdr, &frag_off);
	EXPECT_EQ(off, 48);
	EXPECT_EQ(nexthdr, IPPROTO_UDP);
	EXPECT_EQ(frag_off, 0);
	/* The walk trusts hdrlen: the offset it returns may lie past the
	 * packet (48 bytes of options from offset 40)... */
	opt[1] = 5;
	nexthdr = NEXTHDR_DEST;
	EXPECT_EQ(ipv6_skip_exthdr(skb, sizeof(*ip6), &nexthdr, &frag_off), 88);
	/* ...but a header it has to read there is -1. */
	opt[0] = NEXTHDR_DEST;
	nexthdr = NEXTHDR_DEST;
	EXPECT_EQ(ipv6_skip_exthdr(skb, sizeof(*ip6), &nexthdr, &frag_off), -1);
	kfree_skb(skb);
}

/* ---- hooks: registration, the state they see, verdicts ---- */

static struct net_device test_dev = {.name = "ctest0", .ifindex = 7, .mtu = 1500};
static unsigned int hook_calls[2];
static struct nf_hook_state last_state;

static unsigned int c11_v4_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	hook_calls[0]++;
	last_state = *state;
	EXPECT(priv == &hook_calls[0]);
	/* Drop UDP to port 9, accept the rest. */
	if (ip_hdr(skb)->protocol == IPPROTO_UDP && udp_hdr(skb)->dest == htons(9))
		return NF_DROP;
	return NF_ACCEPT;
}

static unsigned int c11_v6_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	hook_calls[1]++;
	last_state = *state;
	return ipv6_hdr(skb)->hop_limit ? NF_ACCEPT : NF_DROP;
}

static const struct nf_hook_ops c11_ops[] = {
	{
		.hook = c11_v4_hook,
		.priv = &hook_calls[0],
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = NF_IP_PRI_FILTER,
	},
	{
		.hook = c11_v6_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_MANGLE,
	},
};

static struct nf_hook_ops c11_single = {
	.hook = c11_v4_hook,
	.priv = &hook_calls[0],
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_POST_ROUTING,
	.priority = NF_IP_PRI_LAST,
};

static int okfn_calls;
static int c11_okfn(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	okfn_calls++;
	kfree_skb(skb);
	return 0;
}

static void test_hooks(void)
{
	struct sk_buff *skb;

	EXPECT_EQ(nf_register_net_hooks(&init_net, c11_ops, ARRAY_SIZE(c11_ops)), 0);
	EXPECT_EQ(nf_register_net_hook(&init_net, &c11_single), 0);

	skb = udp4_skb();
	EXPECT(skb != NULL);
	if (skb) {
		EXPECT_EQ(NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, NULL, skb, &test_dev, NULL, c11_okfn), 0);
		EXPECT_EQ(hook_calls[0], 1);
		EXPECT_EQ(okfn_calls, 1);
		EXPECT_EQ(last_state.hook, NF_INET_LOCAL_IN);
		EXPECT_EQ(last_state.pf, NFPROTO_IPV4);
		EXPECT(last_state.in == &test_dev);
		EXPECT(last_state.out == NULL);
		EXPECT(last_state.sk == NULL);
		EXPECT(last_state.net == &init_net);
		EXPECT(last_state.okfn == c11_okfn);
	}
	/* NF_DROP: the core frees the skb and NF_HOOK returns -EPERM. */
	skb = udp4_skb();
	if (skb) {
		udp_hdr(skb)->dest = htons(9);
		EXPECT_EQ(NF_HOOK(NFPROTO_IPV4, NF_INET_POST_ROUTING, &init_net, NULL, skb, NULL, &test_dev, c11_okfn),
			  -EPERM);
		EXPECT_EQ(hook_calls[0], 2);
		EXPECT_EQ(okfn_calls, 1);
		EXPECT_EQ(last_state.hook, NF_INET_POST_ROUTING);
		EXPECT(last_state.out == &test_dev);
	}
	/* The IPv6 hook sees IPv6 packets only. */
	skb = alloc_skb(64 + 40, GFP_KERNEL);
	if (skb) {
		struct ipv6hdr *ip6;

		skb_reserve(skb, 64);
		ip6 = skb_put_zero(skb, 40);
		skb_reset_network_header(skb);
		ip6->version = 6;
		ip6->nexthdr = NEXTHDR_NONE;
		ip6->hop_limit = 1;
		EXPECT_EQ(NF_HOOK(NFPROTO_IPV6, NF_INET_PRE_ROUTING, &init_net, NULL, skb, &test_dev, NULL, c11_okfn), 0);
		EXPECT_EQ(hook_calls[1], 1);
		EXPECT_EQ(hook_calls[0], 2);
		EXPECT_EQ(okfn_calls, 2);
		EXPECT_EQ(last_state.pf, NFPROTO_IPV6);
	}
	nf_unregister_net_hook(&init_net, &c11_single);
	nf_unregister_net_hooks(&init_net, c11_ops, ARRAY_SIZE(c11_ops));
	/* No hooks left: nf_hook() says "run okfn" without calling anything. */
	skb = udp4_skb();
	if (skb) {
		EXPECT_EQ(nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, NULL, skb, &test_dev, NULL, c11_okfn), 1);
		EXPECT_EQ(hook_calls[0], 2);
		kfree_skb(skb);
	}
}

static int __init c11_api_init(void)
{
	failures = 0;
	test_constants_and_macros();
	test_byte_order();
	test_slab();
	test_header_accessors();
	test_checksum_primitives();
	test_csum_replace();
	test_inet_proto_csum_replace();
	test_ensure_writable();
	test_ipv6();
	test_hooks();
	if (failures) {
		pr_err("%d check(s) failed\n", failures);
		return -EINVAL;
	}
	pr_info("all checks passed\n");
	return 0;
}

static void __exit c11_api_exit(void)
{
	exits++;
}

module_init(c11_api_init);
module_exit(c11_api_exit);

int c11_api_failures(void) { return failures; }
int c11_api_exits(void) { return exits; }
