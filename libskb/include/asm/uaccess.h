/* SPDX-License-Identifier: MIT */
/* libskb: <asm/uaccess.h> - what modules for older kernels include for copy_*_user (before 4.10
 * <linux/uaccess.h> was not yet the rule); the same declarations. */
#ifndef _LIBSKB_ASM_UACCESS_H
#define _LIBSKB_ASM_UACCESS_H
#include <linux/uaccess.h>
#endif /* _LIBSKB_ASM_UACCESS_H */
