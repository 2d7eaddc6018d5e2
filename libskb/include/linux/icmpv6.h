/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/icmpv6.h> - the uapi struct icmp6hdr and ICMPV6_* constants
 * plus the kernel's skb accessor (include/linux/icmpv6.h). Sending ICMPv6
 * errors is not modelled: icmpv6_send() is declared so modules build; a call
 * ends the run naming the function.
 */
#ifndef _LIBSKB_LINUX_ICMPV6_H
#define _LIBSKB_LINUX_ICMPV6_H

#include <linux/in6.h>

#include_next <linux/icmpv6.h>

#include <linux/compiler.h>
#include <linux/skbuff.h>

LIBSKB_STATIC_ASSERT(sizeof(struct icmp6hdr) == 8, "struct icmp6hdr is 8 bytes (RFC 4443)");

static inline struct icmp6hdr *icmp6_hdr(const struct sk_buff *skb) { return (struct icmp6hdr *)skb_transport_header(skb); }

LIBSKB_EXTERN_C_BEGIN
void icmpv6_send(struct sk_buff *skb, __u8 type, __u8 code, __u32 info);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_ICMPV6_H */
