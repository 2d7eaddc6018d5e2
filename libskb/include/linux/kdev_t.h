/* SPDX-License-Identifier: MIT */
/*
 * libskb: device numbers (include/linux/kdev_t.h, include/linux/types.h):
 * the kernel's 32-bit dev_t (12-bit major, 20-bit minor). The uapi
 * <linux/kdev_t.h> has user space's old 8-bit encoding and is not included.
 * dev_t is the kernel's u32, not glibc's 64-bit one: include kernel headers
 * before any C library header that defines dev_t (checked at compile time).
 */
#ifndef _LIBSKB_LINUX_KDEV_T_H
#define _LIBSKB_LINUX_KDEV_T_H

#include <linux/compiler.h>
#include <linux/types.h>

#ifndef __dev_t_defined
typedef __u32 dev_t;
#define __dev_t_defined
#endif
LIBSKB_STATIC_ASSERT(sizeof(dev_t) == 4, "dev_t is the kernel's u32: include <linux/*.h> before <sys/types.h>");

#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)
#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & MINORMASK))
#define MKDEV(ma, mi)	(((ma) << MINORBITS) | (mi))

static inline u32 new_encode_dev(dev_t dev)
{
	unsigned major = MAJOR(dev);
	unsigned minor = MINOR(dev);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}
static inline dev_t new_decode_dev(u32 dev)
{
	unsigned major = (dev & 0xfff00) >> 8;
	unsigned minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
	return MKDEV(major, minor);
}

#endif /* _LIBSKB_LINUX_KDEV_T_H */
