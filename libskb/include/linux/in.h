/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/in.h> - the uapi header (IPPROTO_*, struct in_addr) plus the
 * kernel's address predicates.
 *
 * The C library's <netinet/in.h> is included first: it supplies htons() and
 * friends (the kernel gets them from <asm/byteorder.h>), and the uapi header's
 * libc-compat logic then skips the definitions glibc already made, so module
 * code and user-space code can include either header in any order.
 */
#ifndef _LIBSKB_LINUX_IN_H
#define _LIBSKB_LINUX_IN_H

#include <netinet/in.h>

#include_next <linux/in.h>

#include <linux/types.h>

static inline bool ipv4_is_loopback(__be32 addr) { return (addr & htonl(0xff000000)) == htonl(0x7f000000); }
static inline bool ipv4_is_multicast(__be32 addr) { return (addr & htonl(0xf0000000)) == htonl(0xe0000000); }
static inline bool ipv4_is_local_multicast(__be32 addr) { return (addr & htonl(0xffffff00)) == htonl(0xe0000000); }
static inline bool ipv4_is_lbcast(__be32 addr) { return addr == htonl(INADDR_BROADCAST); }
static inline bool ipv4_is_zeronet(__be32 addr) { return (addr == 0) || (addr & htonl(0xff000000)) == htonl(0x00000000); }
static inline bool ipv4_is_private_10(__be32 addr) { return (addr & htonl(0xff000000)) == htonl(0x0a000000); }
static inline bool ipv4_is_private_172(__be32 addr) { return (addr & htonl(0xfff00000)) == htonl(0xac100000); }
static inline bool ipv4_is_private_192(__be32 addr) { return (addr & htonl(0xffff0000)) == htonl(0xc0a80000); }
static inline bool ipv4_is_linklocal_169(__be32 addr) { return (addr & htonl(0xffff0000)) == htonl(0xa9fe0000); }
static inline bool ipv4_is_anycast_6to4(__be32 addr) { return (addr & htonl(0xffffff00)) == htonl(0xc0586300); }
static inline bool ipv4_is_test_192(__be32 addr) { return (addr & htonl(0xffffff00)) == htonl(0xc0000200); }
static inline bool ipv4_is_test_198(__be32 addr) { return (addr & htonl(0xfffe0000)) == htonl(0xc6120000); }

#endif /* _LIBSKB_LINUX_IN_H */
