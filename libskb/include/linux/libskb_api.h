/* SPDX-License-Identifier: MIT */
/*
 * libskb: the API personality a translation unit is compiled against.
 *
 * DOC: one binary, many kernel APIs
 *
 * The run-time behaviour of every profile lives in one table (skb/profile.h)
 * and one binary runs them all. The *API* a module sees cannot be chosen at
 * run time: a module written for 3.10 declares its hook as
 * (hooknum, skb, in, out, okfn), registers it with nf_register_hook() and
 * tests LINUX_VERSION_CODE. So each module is compiled against the API of
 * one profile, selected by two macros the build passes (scripts/fuzz and the
 * CMake helpers take them from libskb/api_profiles.tsv):
 *
 *	-DLIBSKB_API_VERSION_CODE=<KERNEL_VERSION(a,b,c) of the profile>
 *	-DLIBSKB_API_RHEL_RELEASE=<RHEL_RELEASE_VERSION(major,minor)>  (RHEL profiles only)
 *
 * Without them a translation unit gets the default profile's API (6.12), which
 * is what libskb itself, its tests and the harness are compiled against.
 * Headers test the API with LIBSKB_API_AT_LEAST(a, b[, c]); module code tests
 * LINUX_VERSION_CODE from <linux/version.h> as it does in a kernel tree.
 */
#ifndef _LIBSKB_LINUX_LIBSKB_API_H
#define _LIBSKB_LINUX_LIBSKB_API_H

#ifndef LIBSKB_API_VERSION_CODE
#define LIBSKB_API_VERSION_CODE 0x060c00 /* KERNEL_VERSION(6, 12, 0) */
#endif

/* The kernel's KERNEL_VERSION() encoding (sublevel clamped to 255 since 4.9.256). */
#define LIBSKB_KV(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LIBSKB_API_AT_LEAST_3_(a, b, c) (LIBSKB_API_VERSION_CODE >= LIBSKB_KV(a, b, c))
#define LIBSKB_API_AT_LEAST_2_(a, b) LIBSKB_API_AT_LEAST_3_(a, b, 0)
#define LIBSKB_API_PICK_(_1, _2, _3, name, ...) name
/* LIBSKB_API_AT_LEAST(4, 4) or LIBSKB_API_AT_LEAST(2, 6, 32) */
#define LIBSKB_API_AT_LEAST(...) \
	LIBSKB_API_PICK_(__VA_ARGS__, LIBSKB_API_AT_LEAST_3_, LIBSKB_API_AT_LEAST_2_, )(__VA_ARGS__)

/* RHEL kernels: the release the profile models (RHEL_RELEASE_VERSION encoding), else 0. */
#ifdef LIBSKB_API_RHEL_RELEASE
#define LIBSKB_API_RHEL LIBSKB_API_RHEL_RELEASE
#else
#define LIBSKB_API_RHEL 0
#endif

#endif /* _LIBSKB_LINUX_LIBSKB_API_H */
