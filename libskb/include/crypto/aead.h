/* SPDX-License-Identifier: MIT */
/*
 * libskb: authenticated encryption (include/crypto/aead.h, crypto/aead.c).
 * See <linux/crypto.h> for what the model provides: crypto_alloc_aead()
 * returns ERR_PTR(-ENOENT), as a kernel without the algorithm does; the
 * request setters are the kernel's inline helpers; the operations that need
 * a transform are declared and not implemented.
 */
#ifndef _LIBSKB_CRYPTO_AEAD_H
#define _LIBSKB_CRYPTO_AEAD_H

#include <linux/crypto.h>
#include <linux/types.h>

struct scatterlist;

struct crypto_aead {
	unsigned int authsize;
	unsigned int reqsize;
	struct crypto_tfm base;
};

struct aead_request {
	struct crypto_async_request base;
	unsigned int assoclen;
	unsigned int cryptlen;
	u8 *iv;
	struct scatterlist *src;
	struct scatterlist *dst;
	void *__ctx[] CRYPTO_MINALIGN_ATTR;
};

LIBSKB_EXTERN_C_BEGIN
/* Models crypto_alloc_aead() (crypto/aead.c): ERR_PTR(-ENOENT). */
struct crypto_aead *crypto_alloc_aead(const char *alg_name, u32 type, u32 mask);
/* Models crypto_free_aead(): NULL and ERR_PTR are ignored. */
void crypto_free_aead(struct crypto_aead *tfm);
/* Not modelled (need a transform). */
int crypto_aead_setkey(struct crypto_aead *tfm, const u8 *key, unsigned int keylen);
int crypto_aead_setauthsize(struct crypto_aead *tfm, unsigned int authsize);
int crypto_aead_encrypt(struct aead_request *req);
int crypto_aead_decrypt(struct aead_request *req);
unsigned int crypto_aead_ivsize(struct crypto_aead *tfm);
unsigned int crypto_aead_authsize(struct crypto_aead *tfm);
struct aead_request *aead_request_alloc(struct crypto_aead *tfm, gfp_t gfp);
void aead_request_free(struct aead_request *req);
LIBSKB_EXTERN_C_END

static inline void aead_request_set_tfm(struct aead_request *req, struct crypto_aead *tfm)
{
	req->base.tfm = &tfm->base;
}

static inline void aead_request_set_callback(struct aead_request *req, u32 flags, crypto_completion_t cmpl,
					     void *data)
{
	req->base.complete = cmpl;
	req->base.data = data;
	req->base.flags = flags;
}

static inline void aead_request_set_crypt(struct aead_request *req, struct scatterlist *src,
					  struct scatterlist *dst, unsigned int cryptlen, u8 *iv)
{
	req->src = src;
	req->dst = dst;
	req->cryptlen = cryptlen;
	req->iv = iv;
}

static inline void aead_request_set_ad(struct aead_request *req, unsigned int assoclen)
{
	req->assoclen = assoclen;
}

#endif /* _LIBSKB_CRYPTO_AEAD_H */
