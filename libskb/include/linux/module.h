/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/module.h> - module metadata, parameters and
 * module_init()/module_exit() (see <linux/init.h> for how a module is
 * loaded, <linux/moduleparam.h> for parameters). Extends the uapi header of
 * the same name.
 *
 * As the kernel's module.h, this header brings in what it includes there
 * (list, stat, init, moduleparam, export, and through kobject/srcu the
 * spinlock, mutex, RCU and atomic APIs), since modules rely on those
 * transitive includes; also slab, string, err and uaccess, which modules
 * of every generation in the compatibility corpus use with no include of
 * their own (the kernels they were built on reached them through other
 * headers).
 *
 * MODULE_LICENSE() and friends keep their strings in the object (as .modinfo
 * would). THIS_MODULE is NULL, as in built-in code: no struct in the model
 * needs an owner. try_module_get()/module_put() always succeed (a module
 * cannot be unloaded while a harness runs it): documented no-ops.
 */
#ifndef _LIBSKB_LINUX_MODULE_H
#define _LIBSKB_LINUX_MODULE_H

#include_next <linux/module.h>

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/stat.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/uaccess.h>

struct module;

#define LIBSKB_MODINFO(tag, info) \
	static const char LIBSKB_CAT_(__libskb_modinfo_, __COUNTER__)[] __maybe_unused = tag "=" info

#define MODULE_LICENSE(license)		LIBSKB_MODINFO("license", license)
#define MODULE_AUTHOR(author)		LIBSKB_MODINFO("author", author)
#define MODULE_DESCRIPTION(desc)	LIBSKB_MODINFO("description", desc)
#define MODULE_VERSION(version)		LIBSKB_MODINFO("version", version)
#define MODULE_ALIAS(alias)		LIBSKB_MODINFO("alias", alias)
#define MODULE_SOFTDEP(dep)		LIBSKB_MODINFO("softdep", dep)
#define MODULE_FIRMWARE(fw)		LIBSKB_MODINFO("firmware", fw)
#define MODULE_IMPORT_NS(ns)		LIBSKB_MODINFO("import_ns", #ns)
#define MODULE_INFO(tag, info)		LIBSKB_MODINFO(#tag, info)
#define MODULE_DEVICE_TABLE(type, name)	extern __typeof__(name) name
#define MODULE_SUPPORTED_DEVICE(name)	LIBSKB_MODINFO("supported", name)

static inline bool try_module_get(struct module *module) { (void)module; return true; }
static inline void module_put(struct module *module) { (void)module; }
static inline void __module_get(struct module *module) { (void)module; }
#define module_name(mod) "kernel"

#endif /* _LIBSKB_LINUX_MODULE_H */
