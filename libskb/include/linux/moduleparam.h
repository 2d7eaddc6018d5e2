/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/moduleparam.h> - module parameters (include/linux/moduleparam.h,
 * kernel/params.c).
 *
 * DOC: how parameters are set
 *
 * module_param() and friends define the kernel's struct kernel_param for the
 * variable, and a constructor registers it under the module's name
 * (KBUILD_MODNAME, else the file's base name, as module_init names the
 * module). A harness sets parameters from text before it runs module_init,
 * as insmod's "name=value" arguments would be parsed by kernel/params.c:
 * skb::SetModuleParam() in <skb/module_params.h> (scripts/fuzz's --param).
 * The value goes through the parameter's own set function, so the standard
 * types parse with kstrto*() (base 0: 0x.. hex, 0.. octal), bool accepts
 * y/Y/1/n/N/0/on/off, charp points at a copy of the text, string copies into
 * the module's buffer (-ENOSPC if it does not fit), arrays take
 * comma-separated values and set *nump; a module's own kernel_param_ops
 * (module_param_cb, module_param_call) are called as the kernel would.
 */
#ifndef _LIBSKB_LINUX_MODULEPARAM_H
#define _LIBSKB_LINUX_MODULEPARAM_H

#include <linux/compiler.h>
#include <linux/init.h>
#include <linux/libskb_api.h>
#include <linux/stringify.h>
#include <linux/types.h>

#define MODULE_PARAM_PREFIX /* empty for modules */
#define MAX_PARAM_PREFIX_LEN (64 - sizeof(unsigned long))

struct module;
struct kernel_param;

/* The kernel_param argument of set/get is const from 2.6.36 (kernel_param_ops). */
#if LIBSKB_API_AT_LEAST(2, 6, 36)
#define LIBSKB_KP_CONST const
#else
#define LIBSKB_KP_CONST
#endif

struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, LIBSKB_KP_CONST struct kernel_param *kp);
	int (*get)(char *buffer, LIBSKB_KP_CONST struct kernel_param *kp);
	void (*free)(void *arg);
};

#define KERNEL_PARAM_OPS_FL_NOARG (1 << 0)
#define KERNEL_PARAM_FL_UNSAFE (1 << 0)
#define KERNEL_PARAM_FL_HWPARAM (1 << 1)

struct kparam_string {
	unsigned int maxlen;
	char *string;
};

struct kparam_array {
	unsigned int max;
	unsigned int elemsize;
	unsigned int *num;
	const struct kernel_param_ops *ops;
	void *elem;
};

struct kernel_param {
	const char *name;
	struct module *mod;
	const struct kernel_param_ops *ops;
	const u16 perm;
	s8 level;
	u8 flags;
	union {
		void *arg;
		const struct kparam_string *str;
		const struct kparam_array *arr;
	};
};

typedef int (*param_set_fn)(const char *val, LIBSKB_KP_CONST struct kernel_param *kp);
typedef int (*param_get_fn)(char *buffer, LIBSKB_KP_CONST struct kernel_param *kp);

LIBSKB_EXTERN_C_BEGIN
/* Registers a parameter of module @module (NULL: named after @file); params.cc. */
void libskb_module_param_register(const char *module, const char *file, const struct kernel_param *kp);

#define LIBSKB_STD_PARAM_(type)								\
	extern const struct kernel_param_ops param_ops_##type;				\
	int param_set_##type(const char *val, LIBSKB_KP_CONST struct kernel_param *kp);	\
	int param_get_##type(char *buffer, LIBSKB_KP_CONST struct kernel_param *kp)
LIBSKB_STD_PARAM_(byte);
LIBSKB_STD_PARAM_(short);
LIBSKB_STD_PARAM_(ushort);
LIBSKB_STD_PARAM_(int);
LIBSKB_STD_PARAM_(uint);
LIBSKB_STD_PARAM_(long);
LIBSKB_STD_PARAM_(ulong);
LIBSKB_STD_PARAM_(ullong);
LIBSKB_STD_PARAM_(hexint);
LIBSKB_STD_PARAM_(charp);
LIBSKB_STD_PARAM_(bool);
LIBSKB_STD_PARAM_(invbool);
extern const struct kernel_param_ops param_ops_bint;
extern const struct kernel_param_ops param_ops_string;
extern const struct kernel_param_ops param_array_ops;
int param_set_bint(const char *val, LIBSKB_KP_CONST struct kernel_param *kp);
int param_set_copystring(const char *val, LIBSKB_KP_CONST struct kernel_param *kp);
int param_get_string(char *buffer, LIBSKB_KP_CONST struct kernel_param *kp);
void param_free_charp(void *arg);
LIBSKB_EXTERN_C_END
#define param_get_bint param_get_int

/*
 * VERIFY_OCTAL_PERMISSIONS (v3.16+): the kernel rejects at compile time
 * permissions that are out of range, world-writable, or grant a group/other
 * more than the owner.
 */
#if LIBSKB_API_AT_LEAST(3, 16)
#define LIBSKB_VERIFY_PERM_(perm)							\
	_Static_assert((perm) >= 0 && (perm) <= 0777 &&				\
		       (((perm) >> 6) & 4) >= (((perm) >> 3) & 4) &&			\
		       (((perm) >> 3) & 4) >= ((perm) & 4) &&				\
		       (((perm) >> 6) & 2) >= (((perm) >> 3) & 2) &&			\
		       ((perm) & 2) == 0,						\
		       "module parameter permissions " #perm " rejected by VERIFY_OCTAL_PERMISSIONS")
#else
#define LIBSKB_VERIFY_PERM_(perm) _Static_assert(1, "")
#endif

/* The kernel_param itself and the constructor that registers it. @init is
 * the union's initializer (.arg = ..., .str = ..., .arr = ...). */
#define __module_param_call(prefix, pname_, ops_, init_, perm_, level_, flags_)	\
	LIBSKB_VERIFY_PERM_(perm_);							\
	static const char __param_str_##pname_[] = prefix #pname_;			\
	static const struct kernel_param __param_##pname_;				\
	__attribute__((__constructor__)) static void __libskb_param_reg_##pname_(void)	\
	{										\
		libskb_module_param_register(LIBSKB_THIS_MODULE_NAME, __FILE__, &__param_##pname_); \
	}										\
	static const struct kernel_param __param_##pname_ = {				\
		.name = __param_str_##pname_, .mod = THIS_MODULE_PARAM_, .ops = (ops_),	\
		.perm = (perm_), .level = (level_), .flags = (flags_), { init_ } }
#define THIS_MODULE_PARAM_ ((struct module *)0)

#define __MODULE_PARM_TYPE(name, _type) \
	static const char __UNIQUE_PARM_TYPE_##name[] __maybe_unused = "parmtype=" #name ":" _type

/* Compile-time type check of the variable against the parameter type. */
#define __param_check(name, p, type) \
	static inline type __maybe_unused *__check_##name(void) { return (p); }
#define param_check_byte(name, p)	__param_check(name, p, unsigned char)
#define param_check_short(name, p)	__param_check(name, p, short)
#define param_check_ushort(name, p)	__param_check(name, p, unsigned short)
#define param_check_int(name, p)	__param_check(name, p, int)
#define param_check_uint(name, p)	__param_check(name, p, unsigned int)
#define param_check_long(name, p)	__param_check(name, p, long)
#define param_check_ulong(name, p)	__param_check(name, p, unsigned long)
#define param_check_ullong(name, p)	__param_check(name, p, unsigned long long)
#define param_check_hexint(name, p)	__param_check(name, p, unsigned int)
#define param_check_charp(name, p)	__param_check(name, p, char *)
#define param_check_bool(name, p)	__param_check(name, p, bool)
#define param_check_invbool(name, p)	__param_check(name, p, bool)
#define param_check_bint(name, p)	__param_check(name, p, int)

#define module_param_cb(name, ops_, arg_, perm) \
	__module_param_call(MODULE_PARAM_PREFIX, name, ops_, .arg = (void *)(arg_), perm, -1, 0)
#define module_param_cb_unsafe(name, ops_, arg_, perm) \
	__module_param_call(MODULE_PARAM_PREFIX, name, ops_, .arg = (void *)(arg_), perm, -1, KERNEL_PARAM_FL_UNSAFE)

#define module_param_named(name, value, type, perm)				\
	param_check_##type(name, &(value));					\
	module_param_cb(name, &param_ops_##type, &(value), perm);		\
	__MODULE_PARM_TYPE(name, #type)
#define module_param_named_unsafe(name, value, type, perm) module_param_named(name, value, type, perm)
#define module_param(name, type, perm) module_param_named(name, name, type, perm)
#define module_param_unsafe(name, type, perm) module_param_named(name, name, type, perm)
#define module_param_hw(name, type, hwtype, perm) module_param_named(name, name, type, perm)
#define module_param_hw_named(name, value, type, hwtype, perm) module_param_named(name, value, type, perm)

/* module_param_call(): set/get functions of the module's own (removed in 4.15). */
#if !LIBSKB_API_AT_LEAST(4, 15)
#define module_param_call(name, _set, _get, arg_, perm)			\
	static const struct kernel_param_ops __param_ops_##name = { .flags = 0, .set = (_set), .get = (_get) }; \
	__module_param_call(MODULE_PARAM_PREFIX, name, &__param_ops_##name, .arg = (void *)(arg_), perm, -1, 0)
#endif

#define module_param_string(name, string, len, perm)				\
	static const struct kparam_string __param_string_##name = { (len), (string) }; \
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_ops_string,	\
			    .str = &__param_string_##name, perm, -1, 0);	\
	__MODULE_PARM_TYPE(name, "string")

#define module_param_array_named(name, array, type, nump, perm)		\
	param_check_##type(name, &(array)[0]);					\
	static const struct kparam_array __param_arr_##name = {		\
		.max = sizeof(array) / sizeof((array)[0]), .elemsize = sizeof((array)[0]), \
		.num = (nump), .ops = &param_ops_##type, .elem = (array) };	\
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_array_ops,	\
			    .arr = &__param_arr_##name, perm, -1, 0);		\
	__MODULE_PARM_TYPE(name, "array of " #type)
#define module_param_array(name, type, nump, perm) module_param_array_named(name, name, type, nump, perm)
#define module_param_hw_array(name, type, hwtype, nump, perm) module_param_array_named(name, name, type, nump, perm)

#define MODULE_PARM_DESC(_parm, desc) \
	static const char __UNIQUE_PARM_DESC_##_parm[] __maybe_unused = "parm=" #_parm ":" desc

/* kernel_param_lock()/unlock(): one thread, documented no-ops. */
#define kernel_param_lock(mod) do { (void)(mod); } while (0)
#define kernel_param_unlock(mod) do { (void)(mod); } while (0)

#endif /* _LIBSKB_LINUX_MODULEPARAM_H */
