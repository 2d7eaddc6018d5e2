/* SPDX-License-Identifier: MIT */
/* The "module" under test in c11/: a toy encapsulation written as kernel C. */
#ifndef LIBSKB_TESTS_C11_MODULE_STYLE_H
#define LIBSKB_TESTS_C11_MODULE_STYLE_H

#include <linux/skbuff.h>

#define DEMO_MAGIC0 0xde
#define DEMO_MAGIC1 0x40
#define DEMO_HDR_LEN 8
#define DEMO_INNER_LEN 32

/* What demo_decap() saw. */
struct demo_info {
	unsigned int payload_len;    /* from the header */
	unsigned char peek[8];       /* payload bytes [12, 20), via skb_header_pointer */
	bool peek_copied;            /* skb_header_pointer had to copy (bytes in frags) */
	unsigned char trailer[4];    /* last 4 bytes, via skb_copy_bits */
	unsigned int frag_bytes;     /* sum of frag sizes after the pull */
};

/* RX "driver": appends len bytes of paged data, pattern byte of absolute
 * payload offset base + i, in frags of at most frag_size bytes. Returns the
 * number of bytes added (short if MAX_SKB_FRAGS or memory runs out). */
unsigned int demo_rx_fill_frags(struct sk_buff *skb, unsigned int base, unsigned int len,
				unsigned int frag_size);
/* Pushes and fills the demo header; checksums it in software, or leaves it to
 * "hardware" (csum_start/csum_offset) when ip_summed == CHECKSUM_PARTIAL. */
int demo_encap(struct sk_buff *skb);
/* Validates and strips the demo header, makes DEMO_INNER_LEN bytes linear. */
int demo_decap(struct sk_buff *skb, struct demo_info *info);
/* The pattern byte at payload offset off. */
static inline unsigned char demo_pattern(unsigned int off) { return (unsigned char)(off * 7u + 3u); }

#endif
