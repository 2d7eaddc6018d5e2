/* SPDX-License-Identifier: MIT */
/* build_two_files: what main.c uses from classify.c (a module split over two files). */
#ifndef BUILD_TWO_FILES_H
#define BUILD_TWO_FILES_H

#include <linux/skbuff.h>
#include <linux/types.h>

/* How many UDP packets the hook saw. */
extern unsigned long two_files_udp_seen;

bool two_files_is_udp(const struct sk_buff *skb);

#endif
