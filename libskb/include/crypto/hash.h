/* SPDX-License-Identifier: MIT */
/*
 * libskb: message digests (include/crypto/hash.h; crypto/shash.c,
 * crypto/ahash.c). See <linux/crypto.h> for what the model provides:
 * crypto_alloc_shash()/crypto_alloc_ahash() return ERR_PTR(-ENOENT), as a
 * kernel without the algorithm does; the operations that need a transform
 * are declared and not implemented.
 *
 * API personality: struct shash_desc has a flags field up to v5.0 (removed in
 * v5.1); SHASH_DESC_ON_STACK() sizes its buffer with HASH_MAX_DESCSIZE
 * (v4.19+; a VLA of crypto_shash_descsize() before).
 */
#ifndef _LIBSKB_CRYPTO_HASH_H
#define _LIBSKB_CRYPTO_HASH_H

#include <linux/crypto.h>
#include <linux/libskb_api.h>
#include <linux/types.h>

struct scatterlist;

struct crypto_shash {
	unsigned int descsize;
	struct crypto_tfm base;
};

struct crypto_ahash {
	unsigned int reqsize;
	struct crypto_tfm base;
};

struct shash_desc {
	struct crypto_shash *tfm;
#if !LIBSKB_API_AT_LEAST(5, 1)
	u32 flags;
#endif
	void *__ctx[] CRYPTO_MINALIGN_ATTR;
};

struct ahash_request {
	struct crypto_async_request base;
	unsigned int nbytes;
	struct scatterlist *src;
	u8 *result;
	void *__ctx[] CRYPTO_MINALIGN_ATTR;
};

#define HASH_MAX_DIGESTSIZE	64
#define HASH_MAX_DESCSIZE	(sizeof(struct shash_desc) + 360)

#define SHASH_DESC_ON_STACK(shash, ctx)                                                             \
	char __##shash##_desc[sizeof(struct shash_desc) + HASH_MAX_DESCSIZE] CRYPTO_MINALIGN_ATTR; \
	struct shash_desc *shash = (struct shash_desc *)__##shash##_desc

LIBSKB_EXTERN_C_BEGIN
/* Models crypto_alloc_shash() (crypto/shash.c): ERR_PTR(-ENOENT). */
struct crypto_shash *crypto_alloc_shash(const char *alg_name, u32 type, u32 mask);
/* Models crypto_alloc_ahash() (crypto/ahash.c): ERR_PTR(-ENOENT). */
struct crypto_ahash *crypto_alloc_ahash(const char *alg_name, u32 type, u32 mask);
/* Models crypto_free_shash()/crypto_free_ahash(): NULL and ERR_PTR are ignored. */
void crypto_free_shash(struct crypto_shash *tfm);
void crypto_free_ahash(struct crypto_ahash *tfm);
/* Models crypto_has_ahash(): 0. */
int crypto_has_ahash(const char *alg_name, u32 type, u32 mask);
/* Not modelled (need a transform). */
int crypto_shash_setkey(struct crypto_shash *tfm, const u8 *key, unsigned int keylen);
int crypto_shash_init(struct shash_desc *desc);
int crypto_shash_update(struct shash_desc *desc, const u8 *data, unsigned int len);
int crypto_shash_final(struct shash_desc *desc, u8 *out);
int crypto_shash_finup(struct shash_desc *desc, const u8 *data, unsigned int len, u8 *out);
int crypto_shash_digest(struct shash_desc *desc, const u8 *data, unsigned int len, u8 *out);
unsigned int crypto_shash_digestsize(struct crypto_shash *tfm);
unsigned int crypto_shash_descsize(struct crypto_shash *tfm);
int crypto_ahash_setkey(struct crypto_ahash *tfm, const u8 *key, unsigned int keylen);
int crypto_ahash_digest(struct ahash_request *req);
unsigned int crypto_ahash_digestsize(struct crypto_ahash *tfm);
struct ahash_request *ahash_request_alloc(struct crypto_ahash *tfm, gfp_t gfp);
void ahash_request_free(struct ahash_request *req);
LIBSKB_EXTERN_C_END

static inline void ahash_request_set_callback(struct ahash_request *req, u32 flags, crypto_completion_t cmpl,
					      void *data)
{
	req->base.complete = cmpl;
	req->base.data = data;
	req->base.flags = flags;
}

static inline void ahash_request_set_crypt(struct ahash_request *req, struct scatterlist *src, u8 *result,
					   unsigned int nbytes)
{
	req->src = src;
	req->nbytes = nbytes;
	req->result = result;
}

#endif /* _LIBSKB_CRYPTO_HASH_H */
