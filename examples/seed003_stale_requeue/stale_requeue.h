/* Seed 003 culprit: see stale_requeue.c. */
#ifndef STALE_REQUEUE_H
#define STALE_REQUEUE_H

#ifdef __cplusplus
extern "C" {
#endif

struct sock;

/* Unlinks and frees the write queue's tail skb, then queues the freed
 * pointer again (a use-after-free write of its next/prev links). */
void stale_requeue_tail(struct sock *sk);

#ifdef __cplusplus
}
#endif

#endif
