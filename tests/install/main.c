// SPDX-License-Identifier: MIT
/* Consumer of an installed libskb: kernel API from C. Exits nonzero on failure. */
#include <stdio.h>
#include <string.h>

#include <linux/skbuff.h>

int main(void)
{
	static const char payload[] = "hello, skb";
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);
	unsigned char *p;

	if (!skb) {
		fprintf(stderr, "alloc_skb failed\n");
		return 1;
	}
	skb_reserve(skb, 32);
	p = skb_put(skb, sizeof(payload));
	memcpy(p, payload, sizeof(payload));
	if (skb->len != sizeof(payload) || skb_headroom(skb) != 32 ||
	    memcmp(skb->data, payload, sizeof(payload)) != 0) {
		fprintf(stderr, "unexpected skb: len %u headroom %u\n", skb->len, skb_headroom(skb));
		kfree_skb(skb);
		return 1;
	}
	kfree_skb(skb);
	printf("consumer: ok\n");
	return 0;
}
