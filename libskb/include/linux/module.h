/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/module.h> - module metadata and module_init()/module_exit()
 * (see <linux/init.h> for how a module is loaded). Extends the uapi header of
 * the same name.
 *
 * MODULE_LICENSE() and friends keep their strings in the object (as .modinfo
 * would), module_param() checks that the variable exists, EXPORT_SYMBOL*()
 * re-declare the symbol. THIS_MODULE is NULL, as in built-in code: no struct
 * in the model needs an owner.
 */
#ifndef _LIBSKB_LINUX_MODULE_H
#define _LIBSKB_LINUX_MODULE_H

#include_next <linux/module.h>

#include <linux/compiler.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/types.h>

struct module;
#define THIS_MODULE ((struct module *)0)

#define LIBSKB_MODINFO(tag, info) \
	static const char LIBSKB_CAT_(__libskb_modinfo_, __COUNTER__)[] __maybe_unused = tag "=" info

#define MODULE_LICENSE(license)		LIBSKB_MODINFO("license", license)
#define MODULE_AUTHOR(author)		LIBSKB_MODINFO("author", author)
#define MODULE_DESCRIPTION(desc)	LIBSKB_MODINFO("description", desc)
#define MODULE_VERSION(version)		LIBSKB_MODINFO("version", version)
#define MODULE_ALIAS(alias)		LIBSKB_MODINFO("alias", alias)
#define MODULE_SOFTDEP(dep)		LIBSKB_MODINFO("softdep", dep)
#define MODULE_INFO(tag, info)		LIBSKB_MODINFO(#tag, info)
#define MODULE_PARM_DESC(param, desc)	LIBSKB_MODINFO("parm", #param ":" desc)

#define module_param(name, type, perm) \
	static const void *const LIBSKB_CAT_(__libskb_param_, __COUNTER__) __maybe_unused = &(name)
#define module_param_named(name, value, type, perm) module_param(value, type, perm)

#define EXPORT_SYMBOL(sym)		extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL(sym)		extern __typeof__(sym) sym
#define EXPORT_SYMBOL_NS(sym, ns)	extern __typeof__(sym) sym
#define EXPORT_SYMBOL_NS_GPL(sym, ns)	extern __typeof__(sym) sym

#endif /* _LIBSKB_LINUX_MODULE_H */
