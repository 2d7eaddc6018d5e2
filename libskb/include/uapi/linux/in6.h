/* SPDX-License-Identifier: MIT */
/*
 * libskb: <uapi/linux/in6.h>, the kernel-tree spelling of the uapi header
 * include/uapi/linux/in6.h, which module code sometimes includes directly.
 *
 * In the kernel, <linux/in6.h> includes the uapi header and adds the
 * kernel-internal part; libskb's <linux/in6.h> (where it has one) does the same
 * with #include_next on the system's installed uapi header. This file includes
 * <linux/in6.h>: a superset of the uapi content, and exactly what a module that
 * also includes <linux/in6.h> gets in the kernel. Including the system header
 * directly instead would bypass the glibc/uapi reconciliation libskb's
 * headers do, and add nothing a module could rely on.
 */
#ifndef _LIBSKB_UAPI_LINUX_IN6_H
#define _LIBSKB_UAPI_LINUX_IN6_H
#include <linux/in6.h>
#endif
