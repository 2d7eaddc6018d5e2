/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/refcount.h> - refcount_t (include/linux/refcount.h,
 * lib/refcount.c, v4.11+). Saturating semantics as the kernel's: an increment
 * from 0 ("addition on 0; use-after-free"), an underflow or an overflow is
 * reported as the kernel's refcount_warn_saturate() WARN and the counter is
 * left saturated (REFCOUNT_SATURATED), so the object is leaked rather than
 * freed twice. The type itself is defined in <linux/atomic.h>.
 */
#ifndef _LIBSKB_LINUX_REFCOUNT_H
#define _LIBSKB_LINUX_REFCOUNT_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/types.h>

#define REFCOUNT_MAX 0x7fffffff
#define REFCOUNT_SATURATED (-0x40000000) /* INT_MIN / 2 */

enum refcount_saturation_type {
	REFCOUNT_ADD_NOT_ZERO_OVF,
	REFCOUNT_ADD_OVF,
	REFCOUNT_ADD_UAF,
	REFCOUNT_SUB_UAF,
	REFCOUNT_DEC_LEAK,
};

LIBSKB_EXTERN_C_BEGIN
/* Models refcount_warn_saturate() (lib/refcount.c, 5.6+ messages). */
void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t);
LIBSKB_EXTERN_C_END

static inline bool refcount_add_not_zero(int i, refcount_t *r)
{
	int old = r->refs.counter;

	if (old == 0)
		return false;
	r->refs.counter = old + i;
	if (old < 0 || old + i < 0 || (long long)old + i > 0x7fffffff)
		refcount_warn_saturate(r, REFCOUNT_ADD_NOT_ZERO_OVF);
	return true;
}

static inline void refcount_add(int i, refcount_t *r)
{
	int old = r->refs.counter;

	r->refs.counter = (int)((unsigned int)old + (unsigned int)i);
	if (old == 0)
		refcount_warn_saturate(r, REFCOUNT_ADD_UAF);
	else if (old < 0 || (long long)old + i > 0x7fffffff)
		refcount_warn_saturate(r, REFCOUNT_ADD_OVF);
}

static inline bool refcount_inc_not_zero(refcount_t *r) { return refcount_add_not_zero(1, r); }
static inline void refcount_inc(refcount_t *r) { refcount_add(1, r); }

static inline bool refcount_sub_and_test(int i, refcount_t *r)
{
	int old = r->refs.counter;

	r->refs.counter = (int)((unsigned int)old - (unsigned int)i);
	if (old == i)
		return true;
	if (old < 0 || old - i < 0)
		refcount_warn_saturate(r, REFCOUNT_SUB_UAF);
	return false;
}

static inline bool refcount_dec_and_test(refcount_t *r) { return refcount_sub_and_test(1, r); }

static inline void refcount_dec(refcount_t *r)
{
	int old = r->refs.counter;

	r->refs.counter = old - 1;
	if (old <= 1)
		refcount_warn_saturate(r, REFCOUNT_DEC_LEAK);
}

#endif /* _LIBSKB_LINUX_REFCOUNT_H */
