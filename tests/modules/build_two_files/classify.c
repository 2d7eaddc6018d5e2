// SPDX-License-Identifier: MIT
/* build_two_files: the classifier half of a module built from two files. */
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/skbuff.h>

#include "build_two_files.h"

unsigned long two_files_udp_seen;

bool two_files_is_udp(const struct sk_buff *skb)
{
	return ip_hdr(skb)->protocol == IPPROTO_UDP;
}
