/* SPDX-License-Identifier: MIT */
/*
 * svc_unmodelled: a kernel function declared the way a kernel header
 * declares it, which libskb does not define (no kernel has it either: the
 * name is this test's own, so no model ever appears for it).
 */
#ifndef SVC_LOOKUP_H
#define SVC_LOOKUP_H

#include <linux/types.h>

struct sk_buff;

/**
 * svc_unmodelled_lookup - look a packet up in a service table
 * @skb: the packet
 *
 * Return: the service id, or a negative errno.
 */
int svc_unmodelled_lookup(const struct sk_buff *skb, u32 flags);

#endif
