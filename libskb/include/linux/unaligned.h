/* SPDX-License-Identifier: MIT */
/* libskb: <linux/unaligned.h> (6.12+; <asm/unaligned.h> before). */
#ifndef _LIBSKB_LINUX_UNALIGNED_H
#define _LIBSKB_LINUX_UNALIGNED_H
#include <asm/unaligned.h>
#endif /* _LIBSKB_LINUX_UNALIGNED_H */
