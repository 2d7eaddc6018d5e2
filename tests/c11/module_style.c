// SPDX-License-Identifier: MIT
/*
 * Module-style kernel C, compiled as strict C11 (-std=c11 -Wall -Werror)
 * against libskb's kernel API headers. Nothing here knows it is not in a
 * kernel: it includes <linux/skbuff.h> and <net/checksum.h> and uses the skb
 * API the way a tunnel or netfilter module does.
 *
 * Wire format of the toy encapsulation:
 *
 *	0      1      2      3      4      5      6      7
 *	+------+------+------+------+------+------+------+------+
 *	| 0xde | 0x40 | payload len | check (ones'-complement)  | flags |
 *	+------+------+------+------+------+------+------+------+
 *
 * check covers the header and the payload, like UDP's.
 */
#include <linux/errno.h>
#include <linux/skbuff.h>
#include <net/checksum.h>

#include "module_style.h"

struct demo_hdr {
	__u8 magic[2];
	__u8 len[2]; /* big endian */
	__sum16 check;
	__u16 flags;
};

_Static_assert(sizeof(struct demo_hdr) == DEMO_HDR_LEN, "demo header is 8 bytes");

unsigned int demo_rx_fill_frags(struct sk_buff *skb, unsigned int base, unsigned int len,
				unsigned int frag_size)
{
	unsigned int added = 0;
	int i;

	for (i = skb_shinfo(skb)->nr_frags; i < (int)MAX_SKB_FRAGS && added < len; i++) {
		unsigned int n = len - added < frag_size ? len - added : frag_size;
		struct page *page;
		unsigned char *va;
		unsigned int j;

		if (n > PAGE_SIZE)
			n = PAGE_SIZE;
		page = alloc_page(GFP_ATOMIC);
		if (!page)
			break;
		va = page_address(page);
		for (j = 0; j < n; j++)
			va[j] = demo_pattern(base + added + j);
		skb_add_rx_frag(skb, i, page, 0, (int)n, PAGE_SIZE);
		added += n;
	}
	return added;
}

/* Ones'-complement sum of the packet from offset (in the linear area) on,
 * walking head and frags as skb_checksum() does. */
static __wsum demo_csum_skb(const struct sk_buff *skb, unsigned int offset)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int hlen = skb_headlen(skb);
	int pos = (int)(hlen - offset);
	__wsum csum = csum_partial(skb->data + offset, pos, 0);
	int i;

	for (i = 0; i < shinfo->nr_frags; i++) {
		const skb_frag_t *frag = &shinfo->frags[i];

		csum = csum_block_add(csum, csum_partial(skb_frag_address(frag), (int)skb_frag_size(frag), 0),
				      pos);
		pos += (int)skb_frag_size(frag);
	}
	return csum;
}

int demo_encap(struct sk_buff *skb)
{
	unsigned int payload_len = skb->len;
	struct demo_hdr *hdr;

	if (skb_has_frag_list(skb) || payload_len > 0xffff)
		return -EINVAL;
	if (skb_cow_head(skb, DEMO_HDR_LEN))
		return -ENOMEM;

	hdr = skb_push(skb, DEMO_HDR_LEN);
	skb_reset_network_header(skb);
	hdr->magic[0] = DEMO_MAGIC0;
	hdr->magic[1] = DEMO_MAGIC1;
	hdr->len[0] = (__u8)(payload_len >> 8);
	hdr->len[1] = (__u8)payload_len;
	hdr->check = 0;
	hdr->flags = 0;

	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		/* Offload: the device sums from csum_start and stores the folded
		 * result at csum_start + csum_offset. */
		skb->csum_start = (__u16)(skb_network_header(skb) - skb->head);
		skb->csum_offset = (__u16)offsetof(struct demo_hdr, check);
		return 0;
	}
	hdr->check = csum_fold(demo_csum_skb(skb, 0));
	skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

int demo_decap(struct sk_buff *skb, struct demo_info *info)
{
	const struct demo_hdr *hdr;
	unsigned char buf[8];
	const unsigned char *peek;
	int i;

	if (!pskb_may_pull(skb, DEMO_HDR_LEN))
		return -EINVAL;
	hdr = (const struct demo_hdr *)skb->data;
	if (hdr->magic[0] != DEMO_MAGIC0 || hdr->magic[1] != DEMO_MAGIC1)
		return -EPROTO;
	info->payload_len = (unsigned int)hdr->len[0] << 8 | hdr->len[1];
	if (info->payload_len != skb->len - DEMO_HDR_LEN || info->payload_len < DEMO_INNER_LEN)
		return -EBADMSG;
	if (skb_has_frag_list(skb))
		return -EINVAL;
	if (csum_fold(demo_csum_skb(skb, 0)) != 0)
		return -EBADMSG;

	/* Read without pulling: the bytes may sit across head and frags. */
	peek = skb_header_pointer(skb, DEMO_HDR_LEN + 12, (int)sizeof(buf), buf);
	if (!peek)
		return -EINVAL;
	info->peek_copied = peek == buf;
	memcpy(info->peek, peek, sizeof(info->peek));
	if (skb_copy_bits(skb, (int)skb->len - 4, info->trailer, 4))
		return -EFAULT;

	skb_pull(skb, DEMO_HDR_LEN);
	skb_reset_network_header(skb);
	/* hdr is stale from here on: pskb_may_pull may reallocate the head. */
	if (!pskb_may_pull(skb, DEMO_INNER_LEN))
		return -ENOMEM;

	info->frag_bytes = 0;
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		if (i >= (int)MAX_SKB_FRAGS)
			return -EFAULT;
		info->frag_bytes += skb_frag_size(&skb_shinfo(skb)->frags[i]);
	}
	return 0;
}
