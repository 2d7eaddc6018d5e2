/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/vermagic.h> (include/linux/vermagic.h): VERMAGIC_STRING,
 * the "<release> SMP mod_unload ..." stamp modpost writes into each module's
 * .mod.c, and UTS_RELEASE (<generated/utsrelease.h>).
 *
 * The flags are those of a typical x86-64 distribution kernel of each era:
 * SMP, module unloading, modversions. From v5.8 the header refuses to be
 * included except from kernel/module.c and *.mod.c, which define
 * INCLUDE_VERMAGIC (Leon Romanovsky's 2020 change, with Masahiro Yamada's
 * "#error" form): a module of that era that includes it fails as it does in
 * kbuild.
 */
#ifndef _LIBSKB_LINUX_VERMAGIC_H
#define _LIBSKB_LINUX_VERMAGIC_H

#include <linux/libskb_api.h>

#if LIBSKB_API_AT_LEAST(5, 8) && !defined(INCLUDE_VERMAGIC)
#error "This header can be included from kernel/module.c or *.mod.c only"
#endif

#include <generated/utsrelease.h>

#define MODULE_VERMAGIC_SMP "SMP "
#define MODULE_VERMAGIC_PREEMPT ""
#define MODULE_VERMAGIC_MODULE_UNLOAD "mod_unload "
#define MODULE_VERMAGIC_MODVERSIONS "modversions "
#define MODULE_ARCH_VERMAGIC ""
#define MODULE_RANDSTRUCT ""

#define VERMAGIC_STRING                                                                      \
	UTS_RELEASE " " MODULE_VERMAGIC_SMP MODULE_VERMAGIC_PREEMPT MODULE_VERMAGIC_MODULE_UNLOAD \
		MODULE_VERMAGIC_MODVERSIONS MODULE_ARCH_VERMAGIC MODULE_RANDSTRUCT

#endif /* _LIBSKB_LINUX_VERMAGIC_H */
