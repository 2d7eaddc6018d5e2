// SPDX-License-Identifier: MIT
/*
 * Drives the module in module_style.c the way the stack would and checks what
 * it did, using only the kernel API from C11. Exits nonzero on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/errno.h>
#include <linux/skbuff.h>
#include <net/checksum.h>

#include "kernel_api.h"
#include "module_style.h"

static int failures;

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                              \
		}                                                                \
	} while (0)

#define CHECK_EQ(a, b)                                                           \
	do {                                                                     \
		long long va_ = (long long)(a), vb_ = (long long)(b);            \
		if (va_ != vb_) {                                                \
			fprintf(stderr, "%s:%d: CHECK_EQ failed: %s = %lld, %s = %lld\n", \
				__FILE__, __LINE__, #a, va_, #b, vb_);           \
			failures++;                                              \
		}                                                                \
	} while (0)

/* Reference ones'-complement sum, independent of libskb: 16-bit words in
 * memory order, as csum_partial() sums on x86. Returns the folded complement:
 * 0 for a buffer whose embedded checksum is right. */
static unsigned int ref_fold(const unsigned char *p, size_t n)
{
	unsigned long long sum = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (unsigned int)p[i] | (unsigned int)p[i + 1] << 8;
	if (n & 1)
		sum += p[n - 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (unsigned int)(~sum & 0xffff);
}

/* A packet as a NIC would build it: linear_len bytes in the head, then
 * paged_len bytes in frags of frag_size. */
static struct sk_buff *make_packet(unsigned int linear_len, unsigned int paged_len, unsigned int frag_size)
{
	struct sk_buff *skb = alloc_skb(256, GFP_KERNEL);
	unsigned char *p;
	unsigned int i;

	if (!skb)
		return NULL;
	skb_reserve(skb, 64);
	p = skb_put(skb, linear_len);
	for (i = 0; i < linear_len; i++)
		p[i] = demo_pattern(i);
	if (demo_rx_fill_frags(skb, linear_len, paged_len, frag_size) != paged_len) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/* Copies the whole packet out with skb_copy_bits. */
static unsigned char *flatten(const struct sk_buff *skb)
{
	unsigned char *buf = malloc(skb->len ? skb->len : 1);

	if (buf && skb_copy_bits(skb, 0, buf, (int)skb->len) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void check_payload(const unsigned char *p, unsigned int base, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (p[i] != demo_pattern(base + i)) {
			fprintf(stderr, "payload byte %u is 0x%02x, want 0x%02x\n", base + i, p[i],
				demo_pattern(base + i));
			failures++;
			return;
		}
	}
}

/* Software checksum on a paged skb, then decapsulation. */
static void test_software_checksum(void)
{
	const unsigned int linear = 16, paged = 5000;
	struct demo_info info;
	unsigned char *flat;
	unsigned int i;
	struct sk_buff *skb = make_packet(linear, paged, 2048);

	CHECK(skb != NULL);
	if (!skb)
		return;
	CHECK_EQ(skb->len, linear + paged);
	CHECK_EQ(skb->data_len, paged);
	CHECK_EQ(skb_headlen(skb), linear);
	CHECK_EQ(skb_shinfo(skb)->nr_frags, 3);
	CHECK_EQ(skb_frag_size(&skb_shinfo(skb)->frags[2]), paged - 2 * 2048);

	CHECK_EQ(demo_encap(skb), 0);
	CHECK_EQ(skb->len, DEMO_HDR_LEN + linear + paged);
	CHECK_EQ(skb_headlen(skb), DEMO_HDR_LEN + linear);
	CHECK_EQ(skb_network_offset(skb), 0);
	CHECK_EQ(skb->ip_summed, CHECKSUM_NONE);

	flat = flatten(skb);
	CHECK(flat != NULL);
	if (flat) {
		CHECK_EQ(flat[0], DEMO_MAGIC0);
		CHECK_EQ(flat[1], DEMO_MAGIC1);
		CHECK_EQ((flat[2] << 8) | flat[3], linear + paged);
		CHECK_EQ(ref_fold(flat, skb->len), 0);
		check_payload(flat + DEMO_HDR_LEN, 0, linear + paged);
		free(flat);
	}

	memset(&info, 0, sizeof(info));
	CHECK_EQ(demo_decap(skb, &info), 0);
	CHECK_EQ(info.payload_len, linear + paged);
	CHECK(info.peek_copied); /* payload [12, 20) straddles head and frag 0 */
	check_payload(info.peek, 12, sizeof(info.peek));
	check_payload(info.trailer, linear + paged - 4, 4);

	CHECK_EQ(skb->len, linear + paged);
	CHECK(skb_headlen(skb) >= DEMO_INNER_LEN);
	CHECK_EQ(skb->data_len, skb->len - skb_headlen(skb));
	CHECK_EQ(info.frag_bytes, skb->data_len);
	CHECK(skb_shinfo(skb)->nr_frags <= MAX_SKB_FRAGS);
	CHECK_EQ(skb_network_offset(skb), 0);
	check_payload(skb->data, 0, DEMO_INNER_LEN);
	flat = flatten(skb);
	CHECK(flat != NULL);
	if (flat) {
		check_payload(flat, 0, skb->len);
		free(flat);
	}
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++)
		CHECK(skb_frag_size(&skb_shinfo(skb)->frags[i]) > 0);
	kfree_skb(skb);
}

/* CHECKSUM_PARTIAL: the module leaves the sum to the device, and
 * skb_checksum_help() (the software fallback) completes it. */
static void test_checksum_partial(void)
{
	const unsigned int linear = 40, paged = 3001;
	struct demo_info info;
	unsigned char *flat;
	struct sk_buff *skb = make_packet(linear, paged, 1500);

	CHECK(skb != NULL);
	if (!skb)
		return;
	skb->ip_summed = CHECKSUM_PARTIAL;
	CHECK_EQ(demo_encap(skb), 0);
	CHECK_EQ(skb->ip_summed, CHECKSUM_PARTIAL);
	CHECK_EQ(skb_checksum_start_offset(skb), 0);
	CHECK_EQ(skb->csum_offset, 4);

	CHECK_EQ(skb_checksum_help(skb), 0);
	CHECK_EQ(skb->ip_summed, CHECKSUM_NONE);
	flat = flatten(skb);
	CHECK(flat != NULL);
	if (flat) {
		CHECK_EQ(ref_fold(flat, skb->len), 0);
		check_payload(flat + DEMO_HDR_LEN, 0, linear + paged);
		free(flat);
	}
	memset(&info, 0, sizeof(info));
	CHECK_EQ(demo_decap(skb, &info), 0);
	CHECK_EQ(skb->len, linear + paged);
	kfree_skb(skb);
}

/* Malformed input: the module must refuse it without touching memory it does
 * not own. */
static void test_rejects(void)
{
	struct demo_info info;
	struct sk_buff *skb = make_packet(4, 0, 0);

	CHECK(skb != NULL);
	if (skb) {
		CHECK_EQ(demo_decap(skb, &info), -EINVAL); /* shorter than the header */
		CHECK_EQ(skb->len, 4);
		kfree_skb(skb);
	}

	skb = make_packet(64, 0, 0);
	CHECK(skb != NULL);
	if (skb) {
		CHECK_EQ(demo_decap(skb, &info), -EPROTO); /* no magic */
		kfree_skb(skb);
	}

	skb = make_packet(16, 100, 64);
	CHECK(skb != NULL);
	if (skb) {
		CHECK_EQ(demo_encap(skb), 0);
		skb->data[DEMO_HDR_LEN] ^= 0x5a; /* corrupt the payload after the sum */
		CHECK_EQ(demo_decap(skb, &info), -EBADMSG);
		kfree_skb(skb);
	}
}

/* The self-testing module: its init runs every kernel API check and fails
 * if one does; its exit runs once. */
static void test_kernel_api_module(void)
{
	CHECK_EQ(LIBSKB_MODULE_INIT(c11_api)(), 0);
	CHECK_EQ(c11_api_failures(), 0);
	CHECK_EQ(c11_api_exits(), 0);
	LIBSKB_MODULE_EXIT(c11_api)();
	CHECK_EQ(c11_api_exits(), 1);
}

int main(void)
{
	test_software_checksum();
	test_checksum_partial();
	test_rejects();
	test_kernel_api_module();
	if (failures) {
		fprintf(stderr, "c11_module_style: %d check(s) failed\n", failures);
		return 1;
	}
	printf("c11_module_style: all checks passed\n");
	return 0;
}
