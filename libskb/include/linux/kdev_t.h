/* SPDX-License-Identifier: MIT */
/*
 * libskb: device numbers (include/linux/kdev_t.h, include/linux/types.h):
 * the kernel's 32-bit dev_t (12-bit major, 20-bit minor). The uapi
 * <linux/kdev_t.h> has user space's old 8-bit encoding and is not included.
 * dev_t is the kernel's u32 unless the C library defined its own 64-bit one
 * first (libskb's <linux/in.h> pulls in <netinet/in.h>, hence <sys/types.h>).
 * Kernel device numbers fit either way: the struct fields libskb reads
 * (inode.i_rdev, cdev.dev, device.devt) are __u32, and the calls that hand
 * a dev_t back (alloc_chrdev_region) store through the caller's own type.
 */
#ifndef _LIBSKB_LINUX_KDEV_T_H
#define _LIBSKB_LINUX_KDEV_T_H

#include <linux/compiler.h>
#include <linux/types.h>

#ifndef __dev_t_defined
typedef __u32 dev_t;
#define __dev_t_defined
#endif

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
