/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/kallsyms.h> (kernel/kallsyms.c).
 *
 * kallsyms_lookup_name() returns 0 for every name, as it effectively does
 * for modules on kernels since 5.7 (the symbol is no longer exported, and
 * modules that find it by other means are not modelled): a module must
 * handle "not found", and one that does not will dereference NULL, which is
 * what happens on a current kernel too. sprint_symbol() and friends print
 * the symbol of an address of the program (the module's own functions, or
 * libskb's models) as "name+0xoff/0xsize", or the bare address.
 */
#ifndef _LIBSKB_LINUX_KALLSYMS_H
#define _LIBSKB_LINUX_KALLSYMS_H

#include <linux/compiler.h>
#include <linux/types.h>

#define KSYM_NAME_LEN 512
#define KSYM_SYMBOL_LEN (sizeof("%s+%#lx/%#lx [%s %s]") + KSYM_NAME_LEN + 2 * (64 * 3 / 10) + 64 + 1)

LIBSKB_EXTERN_C_BEGIN
unsigned long kallsyms_lookup_name(const char *name);
int sprint_symbol(char *buffer, unsigned long address);
int sprint_symbol_no_offset(char *buffer, unsigned long address);
int sprint_backtrace(char *buffer, unsigned long address);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_KALLSYMS_H */
