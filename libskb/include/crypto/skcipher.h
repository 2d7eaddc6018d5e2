/* SPDX-License-Identifier: MIT */
/*
 * libskb: symmetric key ciphers (include/crypto/skcipher.h, v4.3+;
 * crypto/skcipher.c). See <linux/crypto.h> for what the model provides:
 * crypto_alloc_skcipher() returns ERR_PTR(-ENOENT), as a kernel without the
 * algorithm does; the request setters are the kernel's inline helpers; the
 * operations that need a transform are declared and not implemented.
 */
#ifndef _LIBSKB_CRYPTO_SKCIPHER_H
#define _LIBSKB_CRYPTO_SKCIPHER_H

#include <linux/crypto.h>
#include <linux/types.h>

struct scatterlist;

/* A transform; never allocated in the model. */
struct crypto_skcipher {
	unsigned int reqsize;
	struct crypto_tfm base;
};

struct skcipher_request {
	unsigned int cryptlen;
	u8 *iv;
	struct scatterlist *src;
	struct scatterlist *dst;
	struct crypto_async_request base;
	void *__ctx[] CRYPTO_MINALIGN_ATTR;
};

LIBSKB_EXTERN_C_BEGIN
/* Models crypto_alloc_skcipher() (crypto/skcipher.c): ERR_PTR(-ENOENT). */
struct crypto_skcipher *crypto_alloc_skcipher(const char *alg_name, u32 type, u32 mask);
/* Models crypto_free_skcipher(): NULL and ERR_PTR are ignored (crypto_destroy_tfm). */
void crypto_free_skcipher(struct crypto_skcipher *tfm);
/* Models crypto_has_skcipher() (v4.3+; crypto_has_skcipher2 in v4.3-v5.x): 0. */
int crypto_has_skcipher(const char *alg_name, u32 type, u32 mask);
/* Not modelled (need a transform). */
int crypto_skcipher_setkey(struct crypto_skcipher *tfm, const u8 *key, unsigned int keylen);
int crypto_skcipher_encrypt(struct skcipher_request *req);
int crypto_skcipher_decrypt(struct skcipher_request *req);
unsigned int crypto_skcipher_ivsize(struct crypto_skcipher *tfm);
unsigned int crypto_skcipher_blocksize(struct crypto_skcipher *tfm);
unsigned int crypto_skcipher_reqsize(struct crypto_skcipher *tfm);
struct skcipher_request *skcipher_request_alloc(struct crypto_skcipher *tfm, gfp_t gfp);
void skcipher_request_free(struct skcipher_request *req);
LIBSKB_EXTERN_C_END

static inline void skcipher_request_set_tfm(struct skcipher_request *req, struct crypto_skcipher *tfm)
{
	req->base.tfm = &tfm->base;
}

static inline void skcipher_request_set_callback(struct skcipher_request *req, u32 flags,
						 crypto_completion_t cmpl, void *data)
{
	req->base.complete = cmpl;
	req->base.data = data;
	req->base.flags = flags;
}

static inline void skcipher_request_set_crypt(struct skcipher_request *req, struct scatterlist *src,
					      struct scatterlist *dst, unsigned int cryptlen, void *iv)
{
	req->src = src;
	req->dst = dst;
	req->cryptlen = cryptlen;
	req->iv = (u8 *)iv;
}

#endif /* _LIBSKB_CRYPTO_SKCIPHER_H */
