/* SPDX-License-Identifier: MIT */
/*
 * libskb: BUG(), BUG_ON(), WARN*() and BUILD_BUG_ON() for module code
 * (include/asm-generic/bug.h, include/linux/build_bug.h).
 *
 * BUG() in module code goes through libskb's BUG path: "kernel BUG at
 * <module file>:<line>!", the oops line of the active profile, the caller, then
 * the reporter policy (abort, or throw skb::KernelBug back to the test). The
 * current skb is not known to BUG(), so no skb dump is printed; the hook runner
 * adds which hook was running. WARN*() print the profile's WARNING line and
 * return the condition, as in the kernel; *_ONCE forms warn once per call
 * site.
 */
#ifndef _LIBSKB_LINUX_BUG_H
#define _LIBSKB_LINUX_BUG_H

#include <linux/compiler.h>

LIBSKB_EXTERN_C_BEGIN
/* BUG() at file:line of module code. Never returns. */
__attribute__((__noreturn__)) void libskb_module_bug(const char *file, int line, const char *func);
/* WARN()/WARN_ON() at file:line of module code; fmt may be NULL (WARN_ON). */
__attribute__((__format__(printf, 4, 5))) void libskb_module_warn(const char *file, int line, const char *func,
								  const char *fmt, ...);
LIBSKB_EXTERN_C_END

#define BUG() libskb_module_bug(__FILE__, __LINE__, __func__)

#define BUG_ON(condition)				\
	do {						\
		if (unlikely(condition))		\
			BUG();				\
	} while (0)

#define WARN_ON(condition)						\
	({								\
		int __ret_warn_on = !!(condition);			\
		if (unlikely(__ret_warn_on))				\
			libskb_module_warn(__FILE__, __LINE__, __func__, NULL); \
		unlikely(__ret_warn_on);				\
	})

#define WARN(condition, ...)						\
	({								\
		int __ret_warn_on = !!(condition);			\
		if (unlikely(__ret_warn_on))				\
			libskb_module_warn(__FILE__, __LINE__, __func__, __VA_ARGS__); \
		unlikely(__ret_warn_on);				\
	})

#define WARN_ON_ONCE(condition)						\
	({								\
		static int __warned;					\
		int __ret_warn_once = !!(condition);			\
		if (unlikely(__ret_warn_once && !__warned)) {		\
			__warned = 1;					\
			libskb_module_warn(__FILE__, __LINE__, __func__, NULL); \
		}							\
		unlikely(__ret_warn_once);				\
	})

#define WARN_ONCE(condition, ...)					\
	({								\
		static int __warned;					\
		int __ret_warn_once = !!(condition);			\
		if (unlikely(__ret_warn_once && !__warned)) {		\
			__warned = 1;					\
			libskb_module_warn(__FILE__, __LINE__, __func__, __VA_ARGS__); \
		}							\
		unlikely(__ret_warn_once);				\
	})

/* include/linux/build_bug.h: compile-time checks. */
#define BUILD_BUG_ON(condition) LIBSKB_STATIC_ASSERT(!(condition), "BUILD_BUG_ON failed: " #condition)
#define BUILD_BUG_ON_MSG(condition, msg) LIBSKB_STATIC_ASSERT(!(condition), msg)
#define BUILD_BUG() BUILD_BUG_ON_MSG(1, "BUILD_BUG failed")

#endif /* _LIBSKB_LINUX_BUG_H */
