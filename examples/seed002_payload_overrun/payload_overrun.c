// SPDX-License-Identifier: MIT
/*
 * payload_overrun - a reconstruction of the kind of module code behind
 * seed 002 (docs/incidents/002-shared-info-overwritten.md), compiled
 * unchanged, as C11, against libskb's kernel headers.
 *
 * What the seed shows (facts): a 2.6.32 (RHEL6) kernel died with a general
 * protection fault in skb_release_data, called from kfree_skb via
 * __ip_flush_pending_frames <- udp_flush_pending_frames <- udp_sendmsg. The
 * skb: len = 1500, data_len = 0, head and data 16 bytes apart. Its
 * skb_shared_info, at head + end (end = 1536), held packet bytes:
 * dataref = 10749386, nr_frags = 36864, gso_size = 51745 and a frag_list
 * (0x17306e8a8ed53c9) that is no kernel pointer. The same 8 bytes appear
 * twice in the linear area: the shared info was overwritten by the stream
 * the skb was carrying.
 *
 * What this file reconstructs (not known; consistent with every fact): a
 * vendor module that batches a media application's records into UDP
 * datagrams of at most PO_MTU bytes, queued on sk->sk_write_queue and sent
 * or dropped the way ip_append_data / udp_push_pending_frames /
 * udp_flush_pending_frames do it:
 *
 *  - each datagram is one linear skb: alloc_skb(PO_HH_LEN + PO_MTU),
 *    PO_HH_LEN (16) bytes of link-layer headroom, the IPv4 and UDP headers,
 *    then records;
 *
 *  - po_append_data() fills the tail datagram and starts a new one when it
 *    is full. It reserves the room with skb_put(skb, copy), as
 *    ip_append_data does, and copies the records with a helper that copies
 *    "from here to the end of the caller's buffer": written when every send
 *    fitted in one datagram, it was never given the clamped length when the
 *    loop learnt to spill a send over several datagrams. A send that does
 *    not fit in the tail datagram therefore copies all of it at the tail:
 *    skb->len says 1500, and the bytes beyond run past end, into the
 *    skb_shared_info that lives at head + end in the same kmalloc object;
 *
 *  - when the next datagram cannot be allocated the send fails and the
 *    pending datagrams are flushed with kfree_skb(); skb_release_data()
 *    then trusts nr_frags, frags[] and frag_list - packet bytes now - and
 *    faults. That is the seed's stack.
 *
 * The fix is one argument: po_copy_records(data, src, src + copy).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/if_ether.h>
#include <linux/init.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/sock.h>

#include "payload_overrun.h"

/* The flow of the frame visible in the seed's x/16xg dump of the head. */
#define PO_SADDR	0x0af200e2	/* 10.242.0.226 */
#define PO_DADDR	0x7f000009	/* 127.0.0.9 */
#define PO_SPORT	12592
#define PO_DPORT	43272

static int po_default_output(struct sk_buff *skb)
{
	consume_skb(skb);
	return 0;
}

static int (*po_output)(struct sk_buff *skb) = po_default_output;
static u16 po_ip_id;
static unsigned long po_datagrams;
static unsigned long po_records;

void po_set_output(int (*output)(struct sk_buff *skb))
{
	po_output = output ? output : po_default_output;
}

/* Copy the records [from, end) to the datagram. */
static void po_copy_records(void *to, const u8 *from, const u8 *end)
{
	memcpy(to, from, end - from);
	po_records += (end - from) / PO_REC_LEN;
}

/* A new datagram: headroom for the link layer, then IPv4 and UDP headers
 * whose lengths and checksums are filled in when it is pushed. */
static struct sk_buff *po_new_datagram(struct sock *sk)
{
	struct sk_buff *skb;
	struct iphdr *iph;
	struct udphdr *uh;

	skb = alloc_skb(PO_HH_LEN + PO_MTU, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, PO_HH_LEN);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, sizeof(struct iphdr));
	skb->protocol = htons(ETH_P_IP);

	iph = skb_put(skb, PO_HDR_LEN);
	memset(iph, 0, PO_HDR_LEN);
	iph->version = 4;
	iph->ihl = 5;
	iph->id = htons(po_ip_id++);
	iph->frag_off = htons(IP_DF);
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = htonl(PO_SADDR);
	iph->daddr = htonl(PO_DADDR);
	uh = (struct udphdr *)(iph + 1);
	uh->source = htons(PO_SPORT);
	uh->dest = htons(PO_DPORT);
	po_datagrams++;
	return skb;
}

int po_append_data(struct sock *sk, const void *from, unsigned int length)
{
	struct sk_buff_head *queue = &sk->sk_write_queue;
	struct sk_buff *skb = skb_peek_tail(queue);
	const u8 *src = from;
	const u8 *end = src + length;

	while (src < end) {
		unsigned int copy;
		void *data;

		if (!skb || skb->len >= PO_MTU) {
			skb = po_new_datagram(sk);
			if (!skb)
				return -ENOBUFS;
			__skb_queue_tail(queue, skb);
		}

		copy = PO_MTU - skb->len;
		if (copy > end - src)
			copy = end - src;

		data = skb_put(skb, copy);
		po_copy_records(data, src, end);	/* BUG: src + copy */
		src += copy;
	}
	return 0;
}

int po_push_pending_frames(struct sock *sk)
{
	struct sk_buff *skb;
	int err = 0;

	while ((skb = __skb_dequeue(&sk->sk_write_queue)) != NULL) {
		struct iphdr *iph = ip_hdr(skb);
		struct udphdr *uh = udp_hdr(skb);
		unsigned int ulen = skb->len - sizeof(struct iphdr);
		__wsum csum;
		int ret;

		iph->tot_len = htons(skb->len);
		ip_send_check(iph);
		uh->len = htons(ulen);
		uh->check = 0;
		csum = skb_checksum(skb, skb_transport_offset(skb), ulen, 0);
		uh->check = csum_tcpudp_magic(iph->saddr, iph->daddr, ulen, IPPROTO_UDP, csum);
		if (uh->check == 0)
			uh->check = CSUM_MANGLED_0;
		skb->ip_summed = CHECKSUM_NONE;

		ret = po_output(skb);
		if (ret && !err)
			err = ret;
	}
	return err;
}

/* __ip_flush_pending_frames(): newest first. */
void po_flush_pending_frames(struct sock *sk)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue_tail(&sk->sk_write_queue)) != NULL)
		kfree_skb(skb);
}

int po_sendmsg(struct sock *sk, const void *from, unsigned int length, int more)
{
	int err = po_append_data(sk, from, length);

	if (err)
		po_flush_pending_frames(sk);
	else if (!more)
		err = po_push_pending_frames(sk);
	return err;
}

static int __init payload_overrun_init(void)
{
	po_output = po_default_output;
	po_datagrams = 0;
	po_records = 0;
	pr_info("batching %u-byte records into %u-byte datagrams\n", PO_REC_LEN, PO_MTU);
	return 0;
}

static void __exit payload_overrun_exit(void)
{
	pr_info("unloaded: %lu datagrams, %lu records\n", po_datagrams, po_records);
}

module_init(payload_overrun_init);
module_exit(payload_overrun_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("payload_overrun (reconstruction for libskb seed 002)");
