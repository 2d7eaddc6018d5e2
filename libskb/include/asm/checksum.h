/* SPDX-License-Identifier: MIT */
/*
 * libskb: <asm/checksum.h> (arch/x86/include/asm/checksum_64.h): the
 * architecture's checksum primitives - csum_partial(), ip_fast_csum(),
 * csum_fold(), csum_tcpudp_nofold()/csum_tcpudp_magic(), csum_ipv6_magic() -
 * which the kernel's <net/checksum.h> includes. libskb declares them all in
 * <net/checksum.h> (models in src/skb/checksum.cc), so this header is that
 * one: a superset, as in the kernel where a module including <asm/checksum.h>
 * usually includes <net/checksum.h> as well.
 */
#ifndef _LIBSKB_ASM_CHECKSUM_H
#define _LIBSKB_ASM_CHECKSUM_H

#include <net/checksum.h>

#endif /* _LIBSKB_ASM_CHECKSUM_H */
