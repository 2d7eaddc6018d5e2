/* SPDX-License-Identifier: MIT */
/*
 * libskb: the uapi struct tcphdr plus the kernel's tcp_hdr() and the TCP
 * socket (struct tcp_sock, the subset the write-queue model uses).
 */
#ifndef _LIBSKB_LINUX_TCP_H
#define _LIBSKB_LINUX_TCP_H

#include_next <linux/tcp.h>

#include <linux/skbuff.h>
#include <net/sock.h>
#include <stddef.h>

LIBSKB_STATIC_ASSERT(sizeof(struct tcphdr) == 20, "struct tcphdr is the 20-byte header without options");
LIBSKB_STATIC_ASSERT(offsetof(struct tcphdr, seq) == 4, "tcphdr.seq at byte 4");
LIBSKB_STATIC_ASSERT(offsetof(struct tcphdr, window) == 14, "tcphdr.window at byte 14");
LIBSKB_STATIC_ASSERT(offsetof(struct tcphdr, check) == 16, "tcphdr.check at byte 16");

static inline struct tcphdr *tcp_hdr(const struct sk_buff *skb) { return (struct tcphdr *)skb_transport_header(skb); }
static inline unsigned int __tcp_hdrlen(const struct tcphdr *th) { return th->doff * 4; }
static inline unsigned int tcp_hdrlen(const struct sk_buff *skb) { return __tcp_hdrlen(tcp_hdr(skb)); }

/*
 * struct tcp_sock: struct sock first, as struct inet_connection_sock embeds
 * it in the kernel, then the sequence state tcp_sendmsg and the write queue
 * use. Padded to the size of a 3.10 tcp_sock slab object (about 2 KiB) so a
 * queue head inside it lies as deep inside its slab object as in the kernel.
 */
struct tcp_sock {
	struct sock sk;
	__be32 inet_saddr;
	__be32 inet_daddr;
	__be16 inet_sport;
	__be16 inet_dport;
	u32 rcv_nxt;
	u32 snd_nxt;
	u32 snd_una;
	u32 write_seq;
	u32 pushed_seq;
	u32 mss_cache;
	u32 packets_out;
	u32 snd_wnd;
	u16 xmit_size_goal_segs;
	u8 nonagle;
	u8 tcp_header_len;
	struct sk_buff *highest_sack;
	/* The per-socket page fragment tcp_sendmsg copies into (sk_page_frag). */
	struct page *frag_page;
	unsigned int frag_offset;
	unsigned char __tcp_pad[2048 - 0x2c4];
};

LIBSKB_STATIC_ASSERT(offsetof(struct tcp_sock, __tcp_pad) == 0x2c4, "keep __tcp_pad in step with the fields above");
LIBSKB_STATIC_ASSERT(sizeof(struct tcp_sock) == 2048, "tcp_sock models a 2 KiB TCP slab object");

static inline struct tcp_sock *tcp_sk(const struct sock *sk) { return (struct tcp_sock *)sk; }

#endif /* _LIBSKB_LINUX_TCP_H */
