/* SPDX-License-Identifier: MIT */
/*
 * libskb: <net/icmp.h> - sending ICMP errors (include/net/icmp.h). Building
 * and routing an ICMP error is not modelled: icmp_send() is declared so
 * modules build (REJECT-style hooks call it); a call ends the run naming
 * the function.
 */
#ifndef _LIBSKB_NET_ICMP_H
#define _LIBSKB_NET_ICMP_H

#include <linux/icmp.h>
#include <linux/skbuff.h>
#include <net/ip.h>

LIBSKB_EXTERN_C_BEGIN
void icmp_send(struct sk_buff *skb_in, int type, int code, __be32 info);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_NET_ICMP_H */
