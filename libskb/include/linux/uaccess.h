/* SPDX-License-Identifier: MIT */
/*
 * libskb: user-space access (include/linux/uaccess.h, arch/x86 uaccess).
 *
 * There is no separate user address space in the model: a __user pointer is
 * an ordinary pointer into the harness's memory (what a test or the fuzzer
 * passes as "what user space wrote"). The copies are real copies, so ASan
 * sees a module that reads past the user buffer it was given. A NULL pointer
 * or one in the first page, and a non-canonical address (the kernel's
 * access_ok() limit), fault: the copy returns what the kernel returns then
 * (copy_*_user: the number of bytes not copied; get_user/put_user and
 * strncpy_from_user: -EFAULT), with the destination of copy_from_user
 * zero-filled as the kernel does.
 */
#ifndef _LIBSKB_LINUX_UACCESS_H
#define _LIBSKB_LINUX_UACCESS_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/libskb_api.h>
#include <linux/types.h>

LIBSKB_EXTERN_C_BEGIN
/* Whether [addr, addr + size) is a user range the model can touch. */
bool libskb_access_ok(const void __user *addr, unsigned long size);
/* Models copy_from_user(): bytes NOT copied (0 on success); the rest of @to zeroed. */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
/* Models copy_to_user(): bytes NOT copied. */
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
/* Models clear_user(): bytes NOT cleared. */
unsigned long clear_user(void __user *to, unsigned long n);
/* Models strncpy_from_user(): length copied (without NUL), @count if no NUL within it, -EFAULT. */
long strncpy_from_user(char *dst, const char __user *src, long count);
/* Models strnlen_user(): length including the NUL, 0 on a fault, > n if longer. */
long strnlen_user(const char __user *str, long n);
LIBSKB_EXTERN_C_END

#define __copy_from_user(to, from, n) copy_from_user((to), (from), (n))
#define __copy_to_user(to, from, n) copy_to_user((to), (from), (n))
#define raw_copy_from_user(to, from, n) copy_from_user((to), (from), (n))
#define raw_copy_to_user(to, from, n) copy_to_user((to), (from), (n))
#define __clear_user(to, n) clear_user((to), (n))

/* access_ok(addr, size) (v5.0+); access_ok(type, addr, size) before. */
#define VERIFY_READ 0
#define VERIFY_WRITE 1
#if LIBSKB_API_AT_LEAST(5, 0)
#define access_ok(addr, size) libskb_access_ok((addr), (size))
#else
#define access_ok(type, addr, size) libskb_access_ok((addr), (size))
#endif

/* get_user(x, ptr)/put_user(x, ptr): one object of *ptr's type; 0 or -EFAULT
 * (get_user zeroes @x on a fault). */
#define get_user(x, ptr)							\
	({									\
		union {								\
			__typeof__(*(ptr)) v;					\
			unsigned char b[sizeof(*(ptr))];			\
		} __gu;								\
		int __gu_err = copy_from_user(__gu.b, (ptr), sizeof(*(ptr))) ? -EFAULT : 0; \
		(x) = __gu.v;							\
		__gu_err;							\
	})
#define put_user(x, ptr)							\
	({									\
		__typeof__(*(ptr)) __pu_val = (x);				\
		copy_to_user((ptr), &__pu_val, sizeof(*(ptr))) ? -EFAULT : 0;	\
	})
#define __get_user(x, ptr) get_user((x), (ptr))
#define __put_user(x, ptr) put_user((x), (ptr))

/* get_fs()/set_fs() (removed in 5.10): one address space, documented no-ops. */
#if !LIBSKB_API_AT_LEAST(5, 10)
typedef struct {
	unsigned long seg;
} mm_segment_t;
#define KERNEL_DS ((mm_segment_t){ ~0UL })
#define USER_DS ((mm_segment_t){ 0x7ffffffff000UL })
#define get_fs() KERNEL_DS
#define get_ds() KERNEL_DS
#define set_fs(x) ((void)(x))
#endif

#endif /* _LIBSKB_LINUX_UACCESS_H */
