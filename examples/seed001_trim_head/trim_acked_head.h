/* Seed 001 culprit: see trim_acked_head.c. */
#ifndef TRIM_ACKED_HEAD_H
#define TRIM_ACKED_HEAD_H

#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sock;
struct sk_buff;

/* Trims `acked` bytes from the head of a write-queue skb without unsharing
 * it from its clones (tcp_trim_head minus its unclone). */
void trim_acked_head(struct sock *sk, struct sk_buff *skb, u32 acked);

#ifdef __cplusplus
}
#endif

#endif
