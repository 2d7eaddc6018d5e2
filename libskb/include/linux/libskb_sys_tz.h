/* SPDX-License-Identifier: MIT */
/*
 * libskb: sys_tz, the kernel's record of the system time zone
 * (kernel/time/time.c; declared in include/linux/time.h up to v4.x and in
 * <linux/time.h> -> <linux/time32.h>/<linux/timekeeping.h> since).
 *
 * Modules turn UTC into local time with it
 * ("tv_sec -= sys_tz.tz_minuteswest * 60"). In the kernel it holds what user
 * space last passed to settimeofday(2) (hwclock --systz at boot); it starts as
 * all zero. libskb's starts as all zero too - a machine whose clock runs in
 * UTC - and a test or harness may assign it directly.
 *
 * struct timezone is the C library's (<sys/time.h>: two ints, the kernel's
 * uapi layout), so that this header and glibc can both be seen. libskb's
 * <linux/time.h> includes this header.
 */
#ifndef _LIBSKB_LINUX_LIBSKB_SYS_TZ_H
#define _LIBSKB_LINUX_LIBSKB_SYS_TZ_H

#include <linux/compiler.h>
#include <sys/time.h>

LIBSKB_EXTERN_C_BEGIN
/* Models the kernel's sys_tz (kernel/time/time.c). */
extern struct timezone sys_tz;
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_LIBSKB_SYS_TZ_H */
