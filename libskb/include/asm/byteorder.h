/* SPDX-License-Identifier: MIT */
/* libskb: <asm/byteorder.h> - the uapi byte-order macros plus the kernel's names
 * (<linux/byteorder/generic.h>), as the kernel's asm/byteorder.h provides both. */
#ifndef _LIBSKB_ASM_BYTEORDER_H
#define _LIBSKB_ASM_BYTEORDER_H

#include_next <asm/byteorder.h>
#include <linux/byteorder/generic.h>

#endif /* _LIBSKB_ASM_BYTEORDER_H */
