/* SPDX-License-Identifier: MIT */
/*
 * libskb: misc devices (include/linux/miscdevice.h, drivers/char/misc.c):
 * char devices on major 10. misc_register() with MISC_DYNAMIC_MINOR takes
 * the first free dynamic minor: 6.2+ allocates ida ids 0.. and maps id i to
 * minor DYNAMIC_MINORS - 1 - i (DYNAMIC_MINORS 128), so the first one is
 * 127; older kernels scanned the same range from the top. Registration is
 * recorded (skb::Registrations(), kind "misc") and the device can be read
 * and written with skb::ReadCharDevice() (major 10, its minor).
 */
#ifndef _LIBSKB_LINUX_MISCDEVICE_H
#define _LIBSKB_LINUX_MISCDEVICE_H

#include <linux/compiler.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/types.h>

#define MISC_MAJOR		10
#define MISC_DYNAMIC_MINOR	255

struct attribute_group;

struct miscdevice {
	int minor;
	const char *name;
	const struct file_operations *fops;
	struct {
		void *next;
		void *prev;
	} list;
	struct device *parent;
	struct device *this_device;
	const struct attribute_group **groups;
	const char *nodename;
	umode_t mode;
};

LIBSKB_EXTERN_C_BEGIN
/* Models misc_register(): 0, -EBUSY for a taken minor or name. */
int misc_register(struct miscdevice *misc);
/* Models misc_deregister() (void since 4.3; the int of older kernels was always 0). */
void misc_deregister(struct miscdevice *misc);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_MISCDEVICE_H */
