/* SPDX-License-Identifier: MIT */
/*
 * libskb: character devices (include/linux/cdev.h, fs/char_dev.c). A cdev
 * added with cdev_add() is recorded (skb::Registrations(), kind "cdev") and
 * can be opened, read and written through skb::ReadCharDevice() /
 * skb::WriteCharDevice() (<skb/kernel_env.h>): inode->i_cdev points at it,
 * as module open() handlers expect (container_of(inode->i_cdev, ...)).
 */
#ifndef _LIBSKB_LINUX_CDEV_H
#define _LIBSKB_LINUX_CDEV_H

#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/types.h>

struct module;

struct cdev {
	struct {
		const char *name;
	} kobj;
	struct module *owner;
	const struct file_operations *ops;
	struct {
		void *next;
		void *prev;
	} list;
	__u32 dev;		/* dev_t */
	unsigned int count;
	int __libskb_allocated;	/* from cdev_alloc(): freed by cdev_del() */
};

LIBSKB_EXTERN_C_BEGIN
/* Models cdev_init(): zeroes the cdev and sets ops. */
void cdev_init(struct cdev *cdev, const struct file_operations *fops);
/* Models cdev_alloc(): a zeroed cdev (freed by cdev_del). */
struct cdev *cdev_alloc(void);
/* Models cdev_add(): makes count minors from dev live; -EBUSY if one is. */
int cdev_add(struct cdev *p, dev_t dev, unsigned count);
/* Models cdev_del(). */
void cdev_del(struct cdev *p);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_CDEV_H */
