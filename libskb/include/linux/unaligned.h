/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/unaligned.h>, the v6.12+ home of get_unaligned() and
 * friends (commit 5f60d5f6bbc1 moved it from <asm/unaligned.h>). Before v6.12
 * there was no such header, so under an older API personality including it
 * fails, as it does in kbuild there.
 */
#ifndef _LIBSKB_LINUX_UNALIGNED_H
#define _LIBSKB_LINUX_UNALIGNED_H

#include <linux/libskb_api.h>

#if !LIBSKB_API_AT_LEAST(6, 12)
#error "<linux/unaligned.h> exists from v6.12 on: include <asm/unaligned.h>"
#endif

#include <linux/libskb_unaligned.h>

#endif /* _LIBSKB_LINUX_UNALIGNED_H */
