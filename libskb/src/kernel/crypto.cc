// libskb: the kernel crypto API of a kernel with no algorithm registered
// (<linux/crypto.h>, <crypto/skcipher.h>, <crypto/hash.h>, <crypto/aead.h>):
// allocation fails with -ENOENT as crypto_alg_mod_lookup() makes it fail for
// an algorithm the kernel does not have; freeing accepts what allocation
// returned. Nothing else is implemented (see the DOC in <linux/crypto.h>).
#include <crypto/aead.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <errno.h>
#include <linux/crypto.h>

#include <cstdint>
#include <cstdio>
#include <set>
#include <string>

#include "internal.h"

namespace {

// ERR_PTR(-ENOENT), after noting the first request for each algorithm.
void* NoAlgorithm(const char* function, const char* alg_name) {
  static auto* noted = new std::set<std::string>();
  std::string name = alg_name != nullptr ? alg_name : "(null)";
  if (noted->insert(name).second) {
    fprintf(stderr,
            "libskb: %s(\"%s\"): no crypto algorithm is registered in the model; -ENOENT, as from a kernel "
            "without it\n",
            function, name.c_str());
  }
  return reinterpret_cast<void*>(static_cast<intptr_t>(-ENOENT));
}

bool IsErrOrNull(const void* p) {
  auto v = reinterpret_cast<uintptr_t>(p);
  return v == 0 || v >= static_cast<uintptr_t>(-4095);
}

// crypto_destroy_tfm() ignores NULL and ERR_PTR; no other transform can
// exist in the model, so anything else is memory the module made up.
void Free(const char* function, const void* tfm, const void* caller) {
  if (IsErrOrNull(tfm)) return;
  skb::internal::BugAt(skb::Site::kModuleBug, "crypto/api.c", function, nullptr,
                       skb::internal::Format("libskb: %s(%p): not a transform crypto_alloc_*() returned (it "
                                             "returns none in the model)\n",
                                             function, tfm),
                       caller);
}

}  // namespace

extern "C" {

// Models crypto_has_alg() (crypto/api.c).
int crypto_has_alg(const char*, u32, u32) { return 0; }

// Models crypto_alloc_base() (crypto/api.c).
struct crypto_tfm* crypto_alloc_base(const char* alg_name, u32, u32) {
  return static_cast<struct crypto_tfm*>(NoAlgorithm("crypto_alloc_base", alg_name));
}

// Models crypto_free_tfm().
void crypto_free_tfm(struct crypto_tfm* tfm) { Free("crypto_free_tfm", tfm, LIBSKB_CALLER()); }

// Models crypto_alloc_skcipher() (crypto/skcipher.c, v4.3+).
struct crypto_skcipher* crypto_alloc_skcipher(const char* alg_name, u32, u32) {
  return static_cast<struct crypto_skcipher*>(NoAlgorithm("crypto_alloc_skcipher", alg_name));
}

// Models crypto_free_skcipher().
void crypto_free_skcipher(struct crypto_skcipher* tfm) { Free("crypto_free_skcipher", tfm, LIBSKB_CALLER()); }

// Models crypto_has_skcipher().
int crypto_has_skcipher(const char*, u32, u32) { return 0; }

// Models crypto_alloc_shash() (crypto/shash.c).
struct crypto_shash* crypto_alloc_shash(const char* alg_name, u32, u32) {
  return static_cast<struct crypto_shash*>(NoAlgorithm("crypto_alloc_shash", alg_name));
}

// Models crypto_alloc_ahash() (crypto/ahash.c).
struct crypto_ahash* crypto_alloc_ahash(const char* alg_name, u32, u32) {
  return static_cast<struct crypto_ahash*>(NoAlgorithm("crypto_alloc_ahash", alg_name));
}

// Models crypto_free_shash().
void crypto_free_shash(struct crypto_shash* tfm) { Free("crypto_free_shash", tfm, LIBSKB_CALLER()); }

// Models crypto_free_ahash().
void crypto_free_ahash(struct crypto_ahash* tfm) { Free("crypto_free_ahash", tfm, LIBSKB_CALLER()); }

// Models crypto_has_ahash().
int crypto_has_ahash(const char*, u32, u32) { return 0; }

// Models crypto_alloc_aead() (crypto/aead.c).
struct crypto_aead* crypto_alloc_aead(const char* alg_name, u32, u32) {
  return static_cast<struct crypto_aead*>(NoAlgorithm("crypto_alloc_aead", alg_name));
}

// Models crypto_free_aead().
void crypto_free_aead(struct crypto_aead* tfm) { Free("crypto_free_aead", tfm, LIBSKB_CALLER()); }

}  // extern "C"
