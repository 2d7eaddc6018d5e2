/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/byteorder/generic.h> - the kernel's byte-order names
 * (cpu_to_be32, be16_to_cpup, __constant_htons, ...) on top of the uapi
 * __cpu_to_* macros (x86_64: little-endian). ntohs/htons/ntohl/htonl are the
 * C library's (<arpa/inet.h>, which libskb's <linux/in.h> brings in too),
 * with the same meaning.
 */
#ifndef _LIBSKB_LINUX_BYTEORDER_GENERIC_H
#define _LIBSKB_LINUX_BYTEORDER_GENERIC_H

#include <arpa/inet.h>
#include <linux/types.h>

#define cpu_to_le64 __cpu_to_le64
#define le64_to_cpu __le64_to_cpu
#define cpu_to_le32 __cpu_to_le32
#define le32_to_cpu __le32_to_cpu
#define cpu_to_le16 __cpu_to_le16
#define le16_to_cpu __le16_to_cpu
#define cpu_to_be64 __cpu_to_be64
#define be64_to_cpu __be64_to_cpu
#define cpu_to_be32 __cpu_to_be32
#define be32_to_cpu __be32_to_cpu
#define cpu_to_be16 __cpu_to_be16
#define be16_to_cpu __be16_to_cpu
#define cpu_to_le64p __cpu_to_le64p
#define le64_to_cpup __le64_to_cpup
#define cpu_to_le32p __cpu_to_le32p
#define le32_to_cpup __le32_to_cpup
#define cpu_to_le16p __cpu_to_le16p
#define le16_to_cpup __le16_to_cpup
#define cpu_to_be64p __cpu_to_be64p
#define be64_to_cpup __be64_to_cpup
#define cpu_to_be32p __cpu_to_be32p
#define be32_to_cpup __be32_to_cpup
#define cpu_to_be16p __cpu_to_be16p
#define be16_to_cpup __be16_to_cpup
#define le16_add_cpu(var, val) (*(var) = cpu_to_le16(le16_to_cpu(*(var)) + (val)))
#define le32_add_cpu(var, val) (*(var) = cpu_to_le32(le32_to_cpu(*(var)) + (val)))
#define be16_add_cpu(var, val) (*(var) = cpu_to_be16(be16_to_cpu(*(var)) + (val)))
#define be32_add_cpu(var, val) (*(var) = cpu_to_be32(be32_to_cpu(*(var)) + (val)))

#define ___htonl(x) __cpu_to_be32(x)
#define ___htons(x) __cpu_to_be16(x)
#define ___ntohl(x) __be32_to_cpu(x)
#define ___ntohs(x) __be16_to_cpu(x)
#define __constant_htonl(x) ((__be32)___constant_swab32((x)))
#define __constant_ntohl(x) ___constant_swab32((__be32)(x))
#define __constant_htons(x) ((__be16)___constant_swab16((x)))
#define __constant_ntohs(x) ___constant_swab16((__be16)(x))

#endif /* _LIBSKB_LINUX_BYTEORDER_GENERIC_H */
