/* SPDX-License-Identifier: MIT */
/*
 * libskb: macros of old kernels that real module code still uses, each
 * under the API personality of the kernels that had it (<linux/kernel.h>
 * includes this header).
 *
 * NIPQUAD(addr)/NIPQUAD_FMT: the four bytes of a network-order IPv4 address
 * for "%u.%u.%u.%u"; in <linux/kernel.h> up to v2.6.35 (superseded by %pI4,
 * removed in v2.6.36). HIPQUAD (host order) and NIP6/NIP6_FMT were removed in
 * v2.6.29, before the oldest profile, so no personality has them. A module
 * that defines NIPQUAD before including kernel headers keeps its own; one
 * that defines it afterwards gets the compiler's redefinition warning, as it
 * did against those kernels.
 */
#ifndef _LIBSKB_LINUX_LIBSKB_COMPAT_OLD_H
#define _LIBSKB_LINUX_LIBSKB_COMPAT_OLD_H

#include <linux/libskb_api.h>

#if !LIBSKB_API_AT_LEAST(2, 6, 36)
#ifndef NIPQUAD
#define NIPQUAD(addr)                           \
	((unsigned char *)&(addr))[0],          \
	((unsigned char *)&(addr))[1],          \
	((unsigned char *)&(addr))[2],          \
	((unsigned char *)&(addr))[3]
#endif
#ifndef NIPQUAD_FMT
#define NIPQUAD_FMT "%u.%u.%u.%u"
#endif
#endif

#endif /* _LIBSKB_LINUX_LIBSKB_COMPAT_OLD_H */
