/* SPDX-License-Identifier: MIT */
/*
 * libskb: <uapi/linux/in.h>, the kernel-tree spelling of the uapi header
 * include/uapi/linux/in.h, which module code sometimes includes directly.
 *
 * In the kernel, <linux/in.h> includes the uapi header and adds the
 * kernel-internal part; libskb's <linux/in.h> (where it has one) does the same
 * with #include_next on the system's installed uapi header. This file includes
 * <linux/in.h>: a superset of the uapi content, and exactly what a module that
 * also includes <linux/in.h> gets in the kernel. Including the system header
 * directly instead would bypass the glibc/uapi reconciliation libskb's
 * headers do, and add nothing a module could rely on.
 */
#ifndef _LIBSKB_UAPI_LINUX_IN_H
#define _LIBSKB_UAPI_LINUX_IN_H
#include <linux/in.h>
#endif
