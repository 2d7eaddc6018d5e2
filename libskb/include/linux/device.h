/* SPDX-License-Identifier: MIT */
/*
 * libskb: device classes and device nodes (include/linux/device.h,
 * include/linux/device/class.h, drivers/base/class.c, drivers/base/core.c),
 * reduced to what a module that offers a char device calls. Classes and
 * devices are recorded (skb::Registrations(), kinds "class" and "device");
 * no sysfs or udev exists, so device_create() makes no node.
 *
 * API personality: class_create(name) from v6.4, class_create(owner, name)
 * before (commit 1aaba11da9aa "driver core: class: remove module * from
 * class_create()"). device_create() has had (class, parent, devt, drvdata,
 * fmt, ...) since 2.6.27.
 */
#ifndef _LIBSKB_LINUX_DEVICE_H
#define _LIBSKB_LINUX_DEVICE_H

#include <linux/compiler.h>
#include <linux/kdev_t.h>
#include <linux/libskb_api.h>
#include <linux/types.h>
#include <linux/fs.h>

struct module;

/* `class` is a C++ keyword: C++ translation units (libskb itself) see the
 * same struct as struct libskb_class, and device::class as libskb_class. */
#ifdef __cplusplus
#define LIBSKB_CLASS libskb_class
#else
#define LIBSKB_CLASS class
#endif
struct LIBSKB_CLASS;

struct device {
	struct device *parent;
	const char *init_name;
	struct LIBSKB_CLASS *LIBSKB_CLASS;
	__u32 devt;		/* dev_t */
	void *driver_data;
	void (*release)(struct device *dev);
	char __libskb_name[64];
};

struct LIBSKB_CLASS {
	const char *name;
	char *(*devnode)(struct device *dev, umode_t *mode);
	void (*class_release)(struct LIBSKB_CLASS *cls);
	void (*dev_release)(struct device *dev);
	int __libskb_allocated;
};

LIBSKB_EXTERN_C_BEGIN
/* Models class_create() (drivers/base/class.c): ERR_PTR(-ENOMEM) on failure,
 * ERR_PTR(-EEXIST) for a name already registered. */
struct LIBSKB_CLASS *libskb_class_create(const char *name);
/* Models class_destroy(). NULL and error pointers are ignored. */
void class_destroy(struct LIBSKB_CLASS *cls);
/* Models class_register()/class_unregister() for a static struct class. */
int class_register(struct LIBSKB_CLASS *cls);
void class_unregister(struct LIBSKB_CLASS *cls);
/* Models device_create() (drivers/base/core.c): the name from fmt. */
__attribute__((__format__(printf, 5, 6))) struct device *device_create(struct LIBSKB_CLASS *cls, struct device *parent,
									dev_t devt, void *drvdata, const char *fmt,
									...);
/* Models device_destroy(): the device of cls with devt. */
void device_destroy(struct LIBSKB_CLASS *cls, dev_t devt);
/* Models dev_name(). */
const char *dev_name(const struct device *dev);
LIBSKB_EXTERN_C_END

#if LIBSKB_API_AT_LEAST(6, 4)
static inline struct LIBSKB_CLASS *class_create(const char *name) { return libskb_class_create(name); }
#else
static inline struct LIBSKB_CLASS *class_create(struct module *owner, const char *name)
{
	(void)owner;
	return libskb_class_create(name);
}
#endif

static inline void *dev_get_drvdata(const struct device *dev) { return dev->driver_data; }
static inline void dev_set_drvdata(struct device *dev, void *data) { dev->driver_data = data; }

#endif /* _LIBSKB_LINUX_DEVICE_H */
