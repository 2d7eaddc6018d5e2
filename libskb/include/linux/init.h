/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/init.h> - section annotations (no-ops) and module_init() /
 * module_exit(), which let a program load and unload module code.
 *
 * DOC: how a module is loaded
 *
 * In the kernel, modpost points struct module's init/exit at the symbols
 * init_module/cleanup_module that module_init()/module_exit() alias. Here the
 * macros define two entry points named after the module:
 *
 *	int  <__KBUILD_MODNAME>_init_module(void);     e.g. kmod_sn_core_odd_init_module
 *	void <__KBUILD_MODNAME>_cleanup_module(void);
 *
 * (kbuild defines __KBUILD_MODNAME as kmod_<name> and KBUILD_MODNAME as
 * "<name>"; libskb's CMake helper does the same. Without them the symbols
 * are the kernel's own init_module/cleanup_module.) LIBSKB_MODULE_INIT(name)
 * and LIBSKB_MODULE_EXIT(name) spell them for a caller.
 *
 * The entry points run the module's functions inside libskb, which records
 * the module as "loading" so that every nf_hook_ops registered meanwhile is
 * attributed to it (reports say "hook sn_core_odd_hook (module
 * sn_core_odd, sn_core_odd.c)"). A constructor also registers both entry
 * points by name, so a harness that links the object can find modules it
 * does not know: skb::Modules() in <skb/netfilter.h>.
 */
#ifndef _LIBSKB_LINUX_INIT_H
#define _LIBSKB_LINUX_INIT_H

#include <linux/compiler.h>

/*
 * Section annotations: no sections in the model. C only: libstdc++ uses
 * __init and __ref as identifiers, so C++ code (tests) must not rely on them.
 */
#ifndef __cplusplus
#define __init
#define __exit
#define __initdata
#define __exitdata
#define __initconst
#define __ref
#define __init_or_module
#define __net_init
#define __net_exit
#define __net_initdata
#endif
#define __exit_p(x) x

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

LIBSKB_EXTERN_C_BEGIN
/* Run a module's init/exit function with the module recorded as current. */
int libskb_module_do_init(const char *name, const char *file, initcall_t fn);
void libskb_module_do_exit(const char *name, const char *file, exitcall_t fn);
/* Register a module's entry points by name (either may be NULL). */
void libskb_module_register(const char *name, const char *file, initcall_t init, exitcall_t exit);
LIBSKB_EXTERN_C_END

#define LIBSKB_CAT2_(a, b) a##b
#define LIBSKB_CAT_(a, b) LIBSKB_CAT2_(a, b)

#ifdef KBUILD_MODNAME
#define LIBSKB_THIS_MODULE_NAME KBUILD_MODNAME
#else
#define LIBSKB_THIS_MODULE_NAME ((const char *)0) /* libskb names it after the file */
#endif

#ifdef __cplusplus
#define LIBSKB_EXTERN_C_DECL extern "C"
#else
#define LIBSKB_EXTERN_C_DECL extern
#endif

/*
 * The entry points of module <name> built with libskb's CMake helper
 * (libskb_add_module in examples/CMakeLists.txt), for a test or harness:
 *
 *	LIBSKB_DECLARE_MODULE(sn_core_odd);
 *	skb::ScopedModule m(LIBSKB_MODULE_INIT(sn_core_odd), LIBSKB_MODULE_EXIT(sn_core_odd));
 *
 * Naming them also makes the linker pull the module's object out of a
 * static library, which loading by name (skb::LoadModule) cannot do.
 */
#define LIBSKB_MODULE_INIT(name) kmod_##name##_init_module
#define LIBSKB_MODULE_EXIT(name) kmod_##name##_cleanup_module
#define LIBSKB_DECLARE_MODULE(name)				\
	LIBSKB_EXTERN_C_DECL int LIBSKB_MODULE_INIT(name)(void);	\
	LIBSKB_EXTERN_C_DECL void LIBSKB_MODULE_EXIT(name)(void)

#ifdef __KBUILD_MODNAME
#define LIBSKB_INIT_SYM LIBSKB_CAT_(__KBUILD_MODNAME, _init_module)
#define LIBSKB_EXIT_SYM LIBSKB_CAT_(__KBUILD_MODNAME, _cleanup_module)
#else
#define LIBSKB_INIT_SYM init_module
#define LIBSKB_EXIT_SYM cleanup_module
#endif

/*
 * module_init(fn): fn runs when the module is loaded (LIBSKB_INIT_SYM()).
 * The static inline function type-checks fn as initcall_t, as the kernel's
 * __inittest does.
 */
#define module_init(initfn)								\
	static inline initcall_t __maybe_unused __inittest(void) { return initfn; }	\
	LIBSKB_EXTERN_C_DECL int LIBSKB_INIT_SYM(void);				\
	int LIBSKB_INIT_SYM(void)							\
	{										\
		return libskb_module_do_init(LIBSKB_THIS_MODULE_NAME, __FILE__, initfn); \
	}										\
	__attribute__((__constructor__)) static void __libskb_register_init(void)	\
	{										\
		libskb_module_register(LIBSKB_THIS_MODULE_NAME, __FILE__, LIBSKB_INIT_SYM, 0); \
	}										\
	LIBSKB_EXTERN_C_DECL int LIBSKB_INIT_SYM(void)

/* module_exit(fn): fn runs when the module is unloaded (LIBSKB_EXIT_SYM()). */
#define module_exit(exitfn)								\
	static inline exitcall_t __maybe_unused __exittest(void) { return exitfn; }	\
	LIBSKB_EXTERN_C_DECL void LIBSKB_EXIT_SYM(void);				\
	void LIBSKB_EXIT_SYM(void)							\
	{										\
		libskb_module_do_exit(LIBSKB_THIS_MODULE_NAME, __FILE__, exitfn);	\
	}										\
	__attribute__((__constructor__)) static void __libskb_register_exit(void)	\
	{										\
		libskb_module_register(LIBSKB_THIS_MODULE_NAME, __FILE__, 0, LIBSKB_EXIT_SYM); \
	}										\
	LIBSKB_EXTERN_C_DECL void LIBSKB_EXIT_SYM(void)

#endif /* _LIBSKB_LINUX_INIT_H */
