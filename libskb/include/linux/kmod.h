/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/kmod.h> (kernel/kmod.c): request_module() and, up to v4.12
 * (then <linux/umh.h>, which kmod.h includes), call_usermodehelper().
 *
 * Declarations only. Both reach user space (modprobe, or any program the
 * module names); the model has no user space to run them in and does not
 * pretend to, so a call ends the run naming the function (the build's
 * "not modelled" stubs).
 */
#ifndef _LIBSKB_LINUX_KMOD_H
#define _LIBSKB_LINUX_KMOD_H

#include <linux/compiler.h>
#include <linux/types.h>

#define KMOD_PATH_LEN 256

/* call_usermodehelper() wait modes (include/linux/umh.h). */
#define UMH_NO_WAIT	0
#define UMH_WAIT_EXEC	1
#define UMH_WAIT_PROC	2
#define UMH_KILLABLE	4

LIBSKB_EXTERN_C_BEGIN
/* Not modelled: __request_module() (behind request_module()/request_module_nowait()). */
int __request_module(bool wait, const char *name, ...) __attribute__((__format__(__printf__, 2, 3)));
/* Not modelled: call_usermodehelper(). */
int call_usermodehelper(const char *path, char **argv, char **envp, int wait);
LIBSKB_EXTERN_C_END

#define request_module(...) __request_module(true, __VA_ARGS__)
#define request_module_nowait(...) __request_module(false, __VA_ARGS__)

#endif /* _LIBSKB_LINUX_KMOD_H */
