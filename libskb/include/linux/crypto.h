/* SPDX-License-Identifier: MIT */
/*
 * libskb: the core of the kernel crypto API (include/linux/crypto.h,
 * crypto/api.c): algorithm flags, struct crypto_tfm, the asynchronous request
 * header and its completion callback. The per-type interfaces are
 * <crypto/skcipher.h>, <crypto/hash.h> and <crypto/aead.h>.
 *
 * DOC: no algorithms are registered
 *
 * libskb implements no cipher or hash. The model is a kernel in which no
 * crypto algorithm is available (none built in, no module to load): every
 * crypto_alloc_*() returns ERR_PTR(-ENOENT) and crypto_has_*() returns 0,
 * which is what crypto_alg_mod_lookup() gives a real kernel for an algorithm
 * it does not have (e.g. "cbc-aes-aesni" on a CPU without AES-NI). The first
 * allocation of each algorithm name is noted on stderr so that a run whose
 * module skipped its crypto path says why. Everything that needs a
 * transform (setkey, encrypt, digest, ...) is declared with the kernel's
 * prototype and not implemented: a module can only reach it with an ERR_PTR
 * it did not check, and the call then ends the run naming the function (the
 * build's "not modelled" stubs).
 *
 * API personality: the completion callback takes the request
 * (struct crypto_async_request *) up to v6.2 and its data pointer (void *)
 * from v6.3 (commit 255e48eb1768, "crypto: api - Use data directly in
 * completion function").
 */
#ifndef _LIBSKB_LINUX_CRYPTO_H
#define _LIBSKB_LINUX_CRYPTO_H

#include <linux/compiler.h>
#include <linux/libskb_api.h>
#include <linux/types.h>
#include <linux/completion.h>	/* the kernel's crypto.h includes it; async users wait on one */

#define CRYPTO_ALG_TYPE_MASK		0x0000000f
#define CRYPTO_ALG_TYPE_CIPHER		0x00000001
#define CRYPTO_ALG_TYPE_COMPRESS	0x00000002
#define CRYPTO_ALG_TYPE_AEAD		0x00000003
#define CRYPTO_ALG_TYPE_SKCIPHER	0x00000005
#define CRYPTO_ALG_TYPE_KPP		0x00000008
#define CRYPTO_ALG_TYPE_ACOMPRESS	0x0000000a
#define CRYPTO_ALG_TYPE_SCOMPRESS	0x0000000b
#define CRYPTO_ALG_TYPE_RNG		0x0000000c
#define CRYPTO_ALG_TYPE_AKCIPHER	0x0000000d
#define CRYPTO_ALG_TYPE_HASH		0x0000000e
#define CRYPTO_ALG_TYPE_SHASH		0x0000000e
#define CRYPTO_ALG_TYPE_AHASH		0x0000000f

#define CRYPTO_ALG_LARVAL		0x00000010
#define CRYPTO_ALG_DEAD			0x00000020
#define CRYPTO_ALG_DYING		0x00000040
#define CRYPTO_ALG_ASYNC		0x00000080
#define CRYPTO_ALG_NEED_FALLBACK	0x00000100
#define CRYPTO_ALG_INTERNAL		0x00002000

#define CRYPTO_TFM_NEED_KEY		0x00000001
#define CRYPTO_TFM_REQ_MASK		0x000fff00
#define CRYPTO_TFM_REQ_FORBID_WEAK_KEYS	0x00000100
#define CRYPTO_TFM_REQ_MAY_SLEEP	0x00000200
#define CRYPTO_TFM_REQ_MAY_BACKLOG	0x00000400

#define CRYPTO_MAX_ALG_NAME		128
#define CRYPTO_MINALIGN			8
#define CRYPTO_MINALIGN_ATTR		__attribute__((__aligned__(CRYPTO_MINALIGN)))

struct crypto_tfm;
struct crypto_async_request;

#if LIBSKB_API_AT_LEAST(6, 3)
typedef void (*crypto_completion_t)(void *req, int err);
#else
typedef void (*crypto_completion_t)(struct crypto_async_request *req, int err);
#endif

/* The header every asynchronous request starts with (its list linkage,
 * which only the crypto engine's queues use, is left out). */
struct crypto_async_request {
	crypto_completion_t complete;
	void *data;
	struct crypto_tfm *tfm;
	u32 flags;
};

/* A transform; opaque in the model, where none is ever allocated. */
struct crypto_tfm {
	u32 crt_flags;
};

LIBSKB_EXTERN_C_BEGIN
/* Models crypto_has_alg() (crypto/api.c): 0, no algorithm is registered. */
int crypto_has_alg(const char *name, u32 type, u32 mask);
/* Models crypto_alloc_base(): ERR_PTR(-ENOENT) (see DOC). */
struct crypto_tfm *crypto_alloc_base(const char *alg_name, u32 type, u32 mask);
/* Models crypto_destroy_tfm() through crypto_free_tfm(): NULL and ERR_PTR are ignored. */
void crypto_free_tfm(struct crypto_tfm *tfm);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_CRYPTO_H */
