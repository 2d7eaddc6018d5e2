/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/export.h> - EXPORT_SYMBOL*() (include/linux/export.h).
 * Every symbol of a linked module is visible to the rest of the program
 * already, so an export only re-declares the symbol (which also checks that
 * it exists).
 */
#ifndef _LIBSKB_LINUX_EXPORT_H
#define _LIBSKB_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym)		extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL(sym)		extern __typeof__(sym) sym
#define EXPORT_SYMBOL_NS(sym, ns)	extern __typeof__(sym) sym
#define EXPORT_SYMBOL_NS_GPL(sym, ns)	extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL_FUTURE(sym)	extern __typeof__(sym) sym
#define EXPORT_UNUSED_SYMBOL(sym)	extern __typeof__(sym) sym
#define EXPORT_UNUSED_SYMBOL_GPL(sym)	extern __typeof__(sym) sym
#define THIS_MODULE ((struct module *)0)

#endif /* _LIBSKB_LINUX_EXPORT_H */
