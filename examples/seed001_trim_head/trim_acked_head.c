/*
 * Seed 001 (RHEL6 2.6.32-504: kernel BUG in skb_checksum from
 * skb_checksum_help on transmit): a reconstruction of the culprit, written the
 * way tcp_output.c is.
 *
 * The vmcore's transmitted skb is the fast clone (fclone = 2) of a write-queue
 * skb: 66 bytes of headers in its head and data_len = 144 backed by nothing
 * (nr_frags = 0, frag_list = NULL). A clone shares its original's
 * skb_shared_info, so the frags were taken away through the original. The
 * helper that does that is the pre-3.3 __pskb_trim_head(): it assumes a
 * headless skb, eats frags and resets tail, and it modifies the shared info in
 * place. tcp_trim_head() unshares first (skb_cloned + pskb_expand_head); this
 * path trims the head of the write queue by the acked length while the fast
 * clone is still queued for transmit, without unsharing - the step the
 * reconstruction in seed-scenarios.md posits.
 *
 * On 3.3+ kernels (the 3.10 profile) the same code is harmless here: the
 * write-queue skb holds its first bytes in the linear area (f07d960df33c), the
 * fixed helper pulls linear bytes first, and the shared frags are not touched.
 */
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "trim_acked_head.h"

void trim_acked_head(struct sock *sk, struct sk_buff *skb, u32 acked)
{
	/* If acked == headlen, avoid __skb_pull to preserve alignment. */
	if (acked < skb_headlen(skb))
		__skb_pull(skb, acked);
	else
		__pskb_trim_head(skb, acked - skb_headlen(skb));

	TCP_SKB_CB(skb)->seq += acked;
	skb->truesize -= acked;
	sk->sk_wmem_queued -= acked;
	sk_mem_uncharge(sk, acked);
}
