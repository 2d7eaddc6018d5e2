/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/inet.h> - text to address conversion (net/core/utils.c).
 */
#ifndef _LIBSKB_LINUX_INET_H
#define _LIBSKB_LINUX_INET_H

#include <linux/compiler.h>
#include <linux/types.h>

#ifndef INET_ADDRSTRLEN /* <netinet/in.h> has them too */
#define INET_ADDRSTRLEN (16)
#endif
#ifndef INET6_ADDRSTRLEN
#define INET6_ADDRSTRLEN (48)
#endif

LIBSKB_EXTERN_C_BEGIN
/* Models in_aton(): dotted quad to __be32, no error reporting (stops at the first
 * non-digit of each part, as the kernel's does). */
__be32 in_aton(const char *str);
/* Models in4_pton(): 1 on success, 0 on failure; @srclen -1 means strlen(src);
 * @delim -1 means any non-digit, else the character that must end the address;
 * *end (if @end) points past the parsed text. */
int in4_pton(const char *src, int srclen, u8 *dst, int delim, const char **end);
/* Models in6_pton(): the same for IPv6 text (with "::" and a trailing dotted quad). */
int in6_pton(const char *src, int srclen, u8 *dst, int delim, const char **end);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_INET_H */
