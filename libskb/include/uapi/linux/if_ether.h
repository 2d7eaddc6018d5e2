/* SPDX-License-Identifier: MIT */
/*
 * libskb: <uapi/linux/if_ether.h>, the kernel-tree spelling of the uapi header
 * include/uapi/linux/if_ether.h, which module code sometimes includes directly.
 *
 * In the kernel, <linux/if_ether.h> includes the uapi header and adds the
 * kernel-internal part; libskb's <linux/if_ether.h> (where it has one) does the same
 * with #include_next on the system's installed uapi header. This file includes
 * <linux/if_ether.h>: a superset of the uapi content, and exactly what a module that
 * also includes <linux/if_ether.h> gets in the kernel. Including the system header
 * directly instead would bypass the glibc/uapi reconciliation libskb's
 * headers do, and add nothing a module could rely on.
 */
#ifndef _LIBSKB_UAPI_LINUX_IF_ETHER_H
#define _LIBSKB_UAPI_LINUX_IF_ETHER_H
#include <linux/if_ether.h>
#endif
