/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/kmod.h> - request_module() (kernel/module/kmod.c). The model
 * cannot load other modules: request_module() returns -ENOSYS, as a kernel
 * built without module loading does (CONFIG_MODULES=n), and prints what was
 * asked for.
 */
#ifndef _LIBSKB_LINUX_KMOD_H
#define _LIBSKB_LINUX_KMOD_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>

LIBSKB_EXTERN_C_BEGIN
__attribute__((__format__(printf, 2, 3))) int __request_module(bool wait, const char *fmt, ...);
LIBSKB_EXTERN_C_END

#define request_module(mod...) __request_module(true, mod)
#define request_module_nowait(mod...) __request_module(false, mod)

#endif /* _LIBSKB_LINUX_KMOD_H */
