/* SPDX-License-Identifier: MIT */
/*
 * libskb: the TCP write-queue subset: TCP_SKB_CB, the write-queue helpers,
 * sk_stream_alloc_skb/skb_entail, a tcp_sendmsg/do_tcp_sendpages copy model,
 * a tcp_transmit_skb model (fast clone + header push), tcp_trim_head and
 * __pskb_trim_head in their legacy (2.6.32) and fixed (3.10+) forms.
 */
#ifndef _LIBSKB_NET_TCP_H
#define _LIBSKB_NET_TCP_H

#include <linux/skbuff.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/sock.h>

/* L1_CACHE_ALIGN(128 + MAX_HEADER) on an x86_64 distro config (MAX_HEADER
 * 176: LL_MAX_HEADER 128 + 48 for tunnels): 320. */
#define MAX_TCP_HEADER 320

#define TCPHDR_FIN 0x01
#define TCPHDR_SYN 0x02
#define TCPHDR_RST 0x04
#define TCPHDR_PSH 0x08
#define TCPHDR_ACK 0x10
#define TCPHDR_URG 0x20

#define TCP_NAGLE_OFF 1
#define TCP_NAGLE_CORK 2
#define TCP_NAGLE_PUSH 4

/* The TCP control block in skb->cb (include/net/tcp.h). */
struct tcp_skb_cb {
	__u32 seq;
	__u32 end_seq;
	union {
		__u32 tcp_tw_isn;
		struct {
			u16 tcp_gso_segs;
			u16 tcp_gso_size;
		};
	};
	__u8 tcp_flags;
	__u8 sacked;
	__u8 ip_dsfield;
	__u8 txstamp_ack;
	__u32 ack_seq;
	unsigned char header[24]; /* struct inet_skb_parm / inet6_skb_parm */
};

LIBSKB_STATIC_ASSERT(sizeof(struct tcp_skb_cb) <= sizeof(((struct sk_buff *)0)->cb), "TCP_SKB_CB fits in cb[]");

#define TCP_SKB_CB(__skb) ((struct tcp_skb_cb *)&((__skb)->cb[0]))

static inline struct sk_buff *tcp_write_queue_head(const struct sock *sk) { return skb_peek(&sk->sk_write_queue); }
static inline struct sk_buff *tcp_write_queue_tail(const struct sock *sk) { return skb_peek_tail(&sk->sk_write_queue); }
static inline struct sk_buff *tcp_send_head(const struct sock *sk) { return sk->sk_send_head; }
static inline bool tcp_skb_is_last(const struct sock *sk, const struct sk_buff *skb)
{
	return skb_queue_is_last(&sk->sk_write_queue, skb);
}

/* tcp_v4_check(): the folded TCP checksum of len bytes summing to base
 * (include/net/tcp.h). */
static inline __sum16 tcp_v4_check(int len, __be32 saddr, __be32 daddr, __wsum base)
{
	return csum_tcpudp_magic(saddr, daddr, (__u32)len, IPPROTO_TCP, base);
}

/* The length of the TCP options (include/linux/tcp.h tcp_optlen). */
static inline unsigned int tcp_optlen(const struct sk_buff *skb) { return (tcp_hdr(skb)->doff - 5) * 4; }

LIBSKB_EXTERN_C_BEGIN

/* libskb: a TCP socket from the "TCP" slab cache (SLUB-like in kernel slab
 * mode), with empty queues, mss_cache 1448 and SG + checksum + TSO route caps. */
struct sock *tcp_sock_alloc(gfp_t gfp);
/* libskb: sk_stream_kill_queues() + sk_free(): purge the write queue, WARN if
 * sk_wmem_queued or sk_forward_alloc do not return to 0, free the socket. */
void tcp_sock_free(struct sock *sk);

struct sk_buff *sk_stream_alloc_skb(struct sock *sk, int size, gfp_t gfp);
void skb_entail(struct sock *sk, struct sk_buff *skb);
void tcp_add_write_queue_tail(struct sock *sk, struct sk_buff *skb);
void tcp_unlink_write_queue(struct sk_buff *skb, struct sock *sk);
void tcp_set_skb_tso_segs(struct sock *sk, struct sk_buff *skb, unsigned int mss_now);
/* A tcp_sendmsg() copy of size bytes from data: linear room first (per the
 * profile's select_size), then page frags. Returns bytes copied or -errno. */
int tcp_sendmsg_bytes(struct sock *sk, const void *data, size_t size);
/* A do_tcp_sendpages() of size bytes of page at offset: always paged. */
int tcp_sendpage_bytes(struct sock *sk, struct page *page, int offset, size_t size);
/* tcp_transmit_skb() + ip_queue_xmit() + the neighbour output: (fast-)clone
 * the write-queue skb when clone_it, push TCP (tcp_header_len), IPv4 and
 * Ethernet headers, set CHECKSUM_PARTIAL geometry. Returns the skb handed to
 * the device (the clone), which the caller then transmits and frees. */
struct sk_buff *tcp_transmit_skb(struct sock *sk, struct sk_buff *skb, int clone_it, gfp_t gfp_mask);
/* tcp_mtu_probe() after its decision to probe: build a probe_size probe from
 * the head of the write queue (consuming the source skbs), transmit it and
 * return the clone handed to the device. */
struct sk_buff *tcp_mtu_probe(struct sock *sk, int probe_size);
/* tcp_trim_head(): remove len acked bytes from the front of a write-queue skb. */
int tcp_trim_head(struct sock *sk, struct sk_buff *skb, u32 len);
/* __pskb_trim_head() (tcp_output.c): the head trim tcp_trim_head and
 * tcp_mtu_probe use. 2.6.32: ignores the linear area (it assumes a headless
 * skb); 3.10+: pulls the linear part first. Returns the frag bytes released. */
int __pskb_trim_head(struct sk_buff *skb, int len);
/* The destructor tcp_transmit_skb installs (skb_set_owner_w). */
void tcp_wfree(struct sk_buff *skb);

LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_NET_TCP_H */
