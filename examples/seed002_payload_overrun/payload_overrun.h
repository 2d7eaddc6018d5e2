/* SPDX-License-Identifier: MIT */
/*
 * payload_overrun - the interface of the seed-002 reconstruction module
 * (payload_overrun.c), for the harness that plays udp_sendmsg
 * (tests/seed002_test.cc). Kernel C; included from C++ inside extern "C".
 */
#ifndef _LIBSKB_EXAMPLES_PAYLOAD_OVERRUN_H
#define _LIBSKB_EXAMPLES_PAYLOAD_OVERRUN_H

#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/sock.h>

#define PO_MTU		1500	/* the route's MTU: one datagram per skb */
#define PO_HH_LEN	16	/* LL_RESERVED_SPACE(dev): head and data 16 bytes apart */
#define PO_HDR_LEN	(sizeof(struct iphdr) + sizeof(struct udphdr))	/* 28 */
#define PO_REC_LEN	32	/* one media record */

/* Queue `length` bytes of media records on sk->sk_write_queue
 * (ip_append_data). 0, or -ENOBUFS when a datagram cannot be allocated. */
int po_append_data(struct sock *sk, const void *from, unsigned int length);
/* Finish every pending datagram (lengths, checksums) and hand it to the
 * output function (udp_push_pending_frames). */
int po_push_pending_frames(struct sock *sk);
/* Drop every pending datagram (udp_flush_pending_frames ->
 * __ip_flush_pending_frames). */
void po_flush_pending_frames(struct sock *sk);
/* udp_sendmsg: append; on error flush; unless more data follows, push. */
int po_sendmsg(struct sock *sk, const void *from, unsigned int length, int more);

/* Where po_push_pending_frames sends finished datagrams (default:
 * consume_skb). The harness may install its own. */
void po_set_output(int (*output)(struct sk_buff *skb));

#endif /* _LIBSKB_EXAMPLES_PAYLOAD_OVERRUN_H */
