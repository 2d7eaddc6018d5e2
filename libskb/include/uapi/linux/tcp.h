/* SPDX-License-Identifier: MIT */
/*
 * libskb: <uapi/linux/tcp.h>, the kernel-tree spelling of the uapi header
 * include/uapi/linux/tcp.h, which module code sometimes includes directly.
 *
 * In the kernel, <linux/tcp.h> includes the uapi header and adds the
 * kernel-internal part; libskb's <linux/tcp.h> (where it has one) does the same
 * with #include_next on the system's installed uapi header. This file includes
 * <linux/tcp.h>: a superset of the uapi content, and exactly what a module that
 * also includes <linux/tcp.h> gets in the kernel. Including the system header
 * directly instead would bypass the glibc/uapi reconciliation libskb's
 * headers do, and add nothing a module could rely on.
 */
#ifndef _LIBSKB_UAPI_LINUX_TCP_H
#define _LIBSKB_UAPI_LINUX_TCP_H
#include <linux/tcp.h>
#endif
