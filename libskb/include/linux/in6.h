/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/in6.h> - the uapi header (struct in6_addr, IPv6 socket
 * options), with the C library's <netinet/in.h> first for the reason given in
 * <linux/in.h>: whichever of the two module code includes first, glibc's
 * definitions come first and the uapi header's libc-compat logic skips its own.
 */
#ifndef _LIBSKB_LINUX_IN6_H
#define _LIBSKB_LINUX_IN6_H

#include <netinet/in.h>

#include_next <linux/in6.h>

#endif /* _LIBSKB_LINUX_IN6_H */
