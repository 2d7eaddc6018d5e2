/* SPDX-License-Identifier: MIT */
/* libskb: <net/inet_ecn.h> - the ECN codepoints of the DS field
 * (include/net/inet_ecn.h) on top of <net/dsfield.h>. */
#ifndef _LIBSKB_NET_INET_ECN_H
#define _LIBSKB_NET_INET_ECN_H

#include <net/dsfield.h>

enum {
	INET_ECN_NOT_ECT = 0,
	INET_ECN_ECT_1 = 1,
	INET_ECN_ECT_0 = 2,
	INET_ECN_CE = 3,
	INET_ECN_MASK = 3,
};

static inline int INET_ECN_is_ce(__u8 dsfield) { return (dsfield & INET_ECN_MASK) == INET_ECN_CE; }
static inline int INET_ECN_is_not_ect(__u8 dsfield) { return (dsfield & INET_ECN_MASK) == INET_ECN_NOT_ECT; }
static inline int INET_ECN_is_capable(__u8 dsfield) { return dsfield & INET_ECN_ECT_0; }

#endif /* _LIBSKB_NET_INET_ECN_H */
