// libskb: the out-of-line scatterlist helpers of lib/scatterlist.c
// (<linux/scatterlist.h>).
#include <linux/scatterlist.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

extern "C" {

// sg_page() of an sg_set_buf() entry needs virt_to_page(), which the model
// does not have for arbitrary kernel memory: the run ends naming the call,
// as for any kernel function libskb does not model.
struct page* libskb_sg_page_unmodelled(const struct scatterlist* sg) {
  fprintf(stderr,
          "module called sg_page() on a scatterlist entry set from a buffer (sg_set_buf/sg_init_one, buffer %p): "
          "virt_to_page(), which libskb does not model\n",
          sg->__libskb_buf);
  fflush(stderr);
  _Exit(2);
}

// Models sg_next() (lib/scatterlist.c).
struct scatterlist* sg_next(struct scatterlist* sg) {
  if (sg_is_last(sg)) return nullptr;
  ++sg;
  if (sg_is_chain(sg)) sg = sg_chain_ptr(sg);
  return sg;
}

// Models sg_nents() (lib/scatterlist.c, v3.19+).
int sg_nents(struct scatterlist* sg) {
  int nents = 0;
  for (; sg != nullptr; sg = sg_next(sg)) ++nents;
  return nents;
}

namespace {

size_t Copy(struct scatterlist* sgl, unsigned int nents, void* buf, size_t buflen, bool to_buffer) {
  size_t done = 0;
  struct scatterlist* sg = sgl;
  for (unsigned int i = 0; i < nents && sg != nullptr && done < buflen; ++i, sg = sg_next(sg)) {
    size_t n = sg->length < buflen - done ? sg->length : buflen - done;
    auto* data = static_cast<unsigned char*>(sg_virt(sg));
    if (to_buffer) {
      memcpy(static_cast<unsigned char*>(buf) + done, data, n);
    } else {
      memcpy(data, static_cast<unsigned char*>(buf) + done, n);
    }
    done += n;
  }
  return done;
}

}  // namespace

// Models sg_copy_from_buffer() (lib/scatterlist.c).
size_t sg_copy_from_buffer(struct scatterlist* sgl, unsigned int nents, const void* buf, size_t buflen) {
  return Copy(sgl, nents, const_cast<void*>(buf), buflen, false);
}

// Models sg_copy_to_buffer() (lib/scatterlist.c).
size_t sg_copy_to_buffer(struct scatterlist* sgl, unsigned int nents, void* buf, size_t buflen) {
  return Copy(sgl, nents, buf, buflen, true);
}

}  // extern "C"
