/* SPDX-License-Identifier: MIT */
/*
 * libskb: <asm/unaligned.h>, the header of the get_unaligned()/put_unaligned()
 * family up to v6.11. v6.12 moved it to <linux/unaligned.h> and removed the
 * asm/ one (commit 5f60d5f6bbc1, "move asm/unaligned.h to
 * linux/unaligned.h"), so under the 6.12+ API personality including it fails,
 * as it does in kbuild there.
 */
#ifndef _LIBSKB_ASM_UNALIGNED_H
#define _LIBSKB_ASM_UNALIGNED_H

#include <linux/libskb_api.h>

#if LIBSKB_API_AT_LEAST(6, 12)
#error "<asm/unaligned.h> does not exist from v6.12 on: include <linux/unaligned.h>"
#endif

#include <linux/libskb_unaligned.h>

#endif /* _LIBSKB_ASM_UNALIGNED_H */
