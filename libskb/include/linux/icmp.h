/* SPDX-License-Identifier: MIT */
/* libskb: <linux/icmp.h> - the uapi struct icmphdr and ICMP_* constants plus
 * the kernel's skb accessor (include/linux/icmp.h). */
#ifndef _LIBSKB_LINUX_ICMP_H
#define _LIBSKB_LINUX_ICMP_H

#include <linux/in.h>

#include_next <linux/icmp.h>

#include <linux/compiler.h>
#include <linux/skbuff.h>
#include <stddef.h>

LIBSKB_STATIC_ASSERT(sizeof(struct icmphdr) == 8, "struct icmphdr is 8 bytes (RFC 792)");

static inline struct icmphdr *icmp_hdr(const struct sk_buff *skb) { return (struct icmphdr *)skb_transport_header(skb); }

/* v4.x+: ICMP types that report an error (as opposed to queries). */
static inline bool icmp_is_err(int type)
{
	switch (type) {
	case ICMP_DEST_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		return true;
	}
	return false;
}

#endif /* _LIBSKB_LINUX_ICMP_H */
