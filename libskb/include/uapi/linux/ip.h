/* SPDX-License-Identifier: MIT */
/*
 * libskb: <uapi/linux/ip.h>, the kernel-tree spelling of the uapi header
 * include/uapi/linux/ip.h, which module code sometimes includes directly.
 *
 * In the kernel, <linux/ip.h> includes the uapi header and adds the
 * kernel-internal part; libskb's <linux/ip.h> (where it has one) does the same
 * with #include_next on the system's installed uapi header. This file includes
 * <linux/ip.h>: a superset of the uapi content, and exactly what a module that
 * also includes <linux/ip.h> gets in the kernel. Including the system header
 * directly instead would bypass the glibc/uapi reconciliation libskb's
 * headers do, and add nothing a module could rely on.
 */
#ifndef _LIBSKB_UAPI_LINUX_IP_H
#define _LIBSKB_UAPI_LINUX_IP_H
#include <linux/ip.h>
#endif
