/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/errno.h>. The uapi header (asm/errno.h) has the user-visible
 * codes; the kernel adds the ones that never reach user space. glibc's
 * <errno.h> includes <linux/errno.h> too, so this header stays macro-only.
 */
#ifndef _LIBSKB_LINUX_ERRNO_H
#define _LIBSKB_LINUX_ERRNO_H

#include_next <linux/errno.h>

/* include/linux/errno.h: kernel-internal codes. */
#define ERESTARTSYS	512
#define ERESTARTNOINTR	513
#define ERESTARTNOHAND	514
#define ENOIOCTLCMD	515
#define ERESTART_RESTARTBLOCK 516
#define EPROBE_DEFER	517
#define EOPENSTALEDATA	518
#define EBADHANDLE	521
#define ENOTSYNC	522
#define EBADCOOKIE	523
#define ENOTSUPP	524
#define ETOOSMALL	525
#define ESERVERFAULT	526
#define EBADTYPE	527
#define EJUKEBOX	528
#define EIOCBQUEUED	529
#define ERECALLCONFLICT	530

#endif /* _LIBSKB_LINUX_ERRNO_H */
