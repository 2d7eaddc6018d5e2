/* SPDX-License-Identifier: MIT */
/* libskb: <linux/err.h> - error values encoded in pointers (include/linux/err.h): the top
 * MAX_ERRNO addresses are -errno. */
#ifndef _LIBSKB_LINUX_ERR_H
#define _LIBSKB_LINUX_ERR_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>

#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr); }
static inline void *ERR_CAST(const void *ptr) { return (void *)ptr; }
static inline int PTR_ERR_OR_ZERO(const void *ptr) { return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0; }
#define PTR_RET(p) PTR_ERR_OR_ZERO(p)

#endif /* _LIBSKB_LINUX_ERR_H */
