/* SPDX-License-Identifier: MIT */
/* libskb: <linux/sprintf.h> (v6.8+): the formatted-output functions, declared in <linux/kernel.h>. */
#ifndef _LIBSKB_LINUX_SPRINTF_H
#define _LIBSKB_LINUX_SPRINTF_H
#include <linux/kernel.h>
#endif /* _LIBSKB_LINUX_SPRINTF_H */
