/*
 * Seed 003 (CentOS 7 3.10.0-327: NULL dereference in skb_entail): a
 * reconstruction of the culprit, written the way kernel TCP code is.
 *
 * The vmcore shows sk_stream_alloc_skb() returning &sk->sk_write_queue. For
 * SLUB to hand out an address inside a socket, a free skb's free-list pointer
 * (kept at offset 0 of the free object, which is skb->next) must have been
 * overwritten with that address - and the last skb of a write queue has
 * next == (struct sk_buff *)&sk->sk_write_queue. So some path wrote a queue
 * link into an skb after it was freed.
 *
 * This error path does exactly that: it drops the tail skb (unlink + free)
 * and then, forgetting that it freed it, puts the same pointer back on the
 * queue. __skb_queue_tail() stores skb->next = &sk->sk_write_queue into the
 * freed object. The next two fast-clone allocations return that object, and
 * then the queue head itself.
 */
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "stale_requeue.h"

void stale_requeue_tail(struct sock *sk)
{
	struct sk_buff *skb = tcp_write_queue_tail(sk);

	if (!skb)
		return;
	tcp_unlink_write_queue(skb, sk);
	if (sk->sk_send_head == skb)
		sk->sk_send_head = NULL;
	sk_wmem_free_skb(sk, skb);

	/* ... the error path then "restores" what it thinks it removed: */
	__skb_queue_tail(&sk->sk_write_queue, skb);	/* use after free */
}
