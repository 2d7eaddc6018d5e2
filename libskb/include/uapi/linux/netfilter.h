/* SPDX-License-Identifier: MIT */
/*
 * libskb: <uapi/linux/netfilter.h>, the kernel-tree spelling of the uapi header
 * include/uapi/linux/netfilter.h, which module code sometimes includes directly.
 *
 * In the kernel, <linux/netfilter.h> includes the uapi header and adds the
 * kernel-internal part; libskb's <linux/netfilter.h> (where it has one) does the same
 * with #include_next on the system's installed uapi header. This file includes
 * <linux/netfilter.h>: a superset of the uapi content, and exactly what a module that
 * also includes <linux/netfilter.h> gets in the kernel. Including the system header
 * directly instead would bypass the glibc/uapi reconciliation libskb's
 * headers do, and add nothing a module could rely on.
 */
#ifndef _LIBSKB_UAPI_LINUX_NETFILTER_H
#define _LIBSKB_UAPI_LINUX_NETFILTER_H
#include <linux/netfilter.h>
#endif
