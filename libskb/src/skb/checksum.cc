// libskb: Internet checksums over buffers and skbs (arch csum_partial,
// net/core/skbuff.c skb_checksum, net/core/dev.c skb_checksum_help;
// kernel-semantics.md §6).
#include <errno.h>
#include <linux/skbuff.h>
#include <net/checksum.h>

#include <cstring>

#include "internal.h"
#include "skb/dump.h"

namespace skb::internal {

__wsum Checksum(const sk_buff* skb, int offset, int len, __wsum csum, const void* caller) {
  int start = static_cast<int>(skb_headlen(skb));
  int copy = start - offset;
  int pos = 0;
  if (copy > 0) {
    if (copy > len) copy = len;
    csum = csum_partial(skb->data + offset, copy, csum);
    if ((len -= copy) == 0) return csum;
    offset += copy;
    pos = copy;
  }
  const skb_shared_info* sh = skb_shinfo(skb);
  for (int i = 0; i < sh->nr_frags; i++) {
    const skb_frag_t* frag = &sh->frags[i];
    int end = start + static_cast<int>(skb_frag_size(frag));
    if ((copy = end - offset) > 0) {
      if (copy > len) copy = len;
      __wsum csum2 =
          csum_partial(static_cast<unsigned char*>(skb_frag_address(frag)) + (offset - start), copy, 0);
      csum = csum_block_add(csum, csum2, pos);
      if (!(len -= copy)) return csum;
      offset += copy;
      pos += copy;
    }
    start = end;
  }
  for (const sk_buff* it = sh->frag_list; it != nullptr; it = it->next) {
    int end = start + static_cast<int>(it->len);
    if ((copy = end - offset) > 0) {
      if (copy > len) copy = len;
      __wsum csum2 = Checksum(it, offset - start, copy, 0, caller);
      csum = csum_block_add(csum, csum2, pos);
      if ((len -= copy) == 0) return csum;
      offset += copy;
      pos += copy;
    }
    start = end;
  }
  // BUG_ON(len): the segments ran out with bytes still owed (S4 broken, or
  // offset + len past skb->len).
  if (len) Bug(Site::kSkbChecksum, skb, "", caller);
  return csum;
}

}  // namespace skb::internal

using namespace skb::internal;

extern "C" {

// Models csum_partial() (arch/x86/lib/csum-partial_64.c, 6.x): little-endian
// 64-bit words added with end-around carry, the trailing len & 7 bytes as one
// zero-padded word, then folded to 32 bits as (t + ror64(t, 32)) >> 32. The
// unfolded __wsum is bit-identical to the kernel's (the oracle checks it).
__wsum csum_partial(const void* buff, int len, __wsum sum) {
  const auto* p = static_cast<const unsigned char*>(buff);
  unsigned long long t = static_cast<u32>(sum);
  unsigned long long w;
  for (; len >= 8; len -= 8, p += 8) {
    std::memcpy(&w, p, sizeof(w));
    t += w;
    t += t < w;
  }
  if (len > 0) {
    w = 0;
    std::memcpy(&w, p, static_cast<size_t>(len));
    t += w;
    t += t < w;
  }
  const unsigned long long rotated = (t >> 32) | (t << 32);
  return static_cast<__wsum>(static_cast<u32>((t + rotated) >> 32));
}

// Models ip_fast_csum() (arch/x86/include/asm/checksum_64.h).
__sum16 ip_fast_csum(const void* iph, unsigned int ihl) { return csum_fold(csum_partial(iph, static_cast<int>(ihl * 4), 0)); }

// Models skb_checksum() / __skb_checksum() (net/core/skbuff.c): the partial
// sum of len bytes from offset across head, frags and frag_list; BUG_ON(len)
// if they run out.
__wsum skb_checksum(const struct sk_buff* skb, int offset, int len, __wsum csum) {
  Scope scope("skb_checksum", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%d, %d", offset, len));
  return Checksum(skb, offset, len, csum, LIBSKB_CALLER());
}

// Models skb_checksum_help() (net/core/dev.c; §6.3) per profile: complete a
// CHECKSUM_PARTIAL skb in software.
int skb_checksum_help(struct sk_buff* skb) {
  Scope scope("skb_checksum_help", skb, LIBSKB_CALLER());
  const skb::Profile& p = skb::Active();
  const void* caller = LIBSKB_CALLER();
  int ret = 0;
  if (skb->ip_summed == CHECKSUM_COMPLETE) {
    skb->ip_summed = CHECKSUM_NONE;
    return 0;
  }
  if (skb_shinfo(skb)->gso_size) {
    if (!p.csum_help_gso_warn) {  // 2.6.32: "let GSO fix it"
      skb->ip_summed = CHECKSUM_NONE;
      return 0;
    }
    // skb_warn_bad_offload(): rate-limited WARN, then -EINVAL. 3.10 prints the
    // skb fields in the WARN; 5.x prints skb_dump() and then the caps only.
    const char* name = skb->dev ? skb->dev->name : "";
    const unsigned long long dev_features = skb->dev ? skb->dev->features : 0;
    std::string msg;
    if (p.AtLeast(5, 0)) {
      msg = skb::SkbDump("\0014", skb, false);
      msg += Format("%s: caps=(0x%016llx, 0x%016llx)\n", name, dev_features, 0ULL);
    } else {
      msg = Format("%s: caps=(0x%016llx, 0x%016llx) len=%d data_len=%d gso_size=%d gso_type=%d ip_summed=%d\n",
                   name, dev_features, 0ULL, static_cast<int>(skb->len), static_cast<int>(skb->data_len),
                   skb_shinfo(skb)->gso_size, static_cast<int>(skb_shinfo(skb)->gso_type), skb->ip_summed);
    }
    Warn(skb::Site::kWarnBadOffload, skb, msg, caller, false);
    return -EINVAL;
  }
  if (p.csum_help_linearize_shared && skb_has_shared_frag(skb)) {
    if (PullTail(skb, static_cast<int>(skb->data_len), caller) == nullptr) return -ENOMEM;
  }
  int offset = skb_checksum_start_offset(skb);
  if (offset >= static_cast<int>(skb_headlen(skb))) {
    if (p.csum_help_offset_bug) Bug(skb::Site::kChecksumHelpStart, skb, "", caller);
    std::string msg = skb::SkbDump("\0013", skb, false);
    msg += Format("offset (%d) >= skb_headlen() (%u)\n", offset, skb_headlen(skb));
    Warn(skb::Site::kChecksumHelpStart, skb, msg, caller, true);
    return -EINVAL;
  }
  __wsum csum = Checksum(skb, offset, static_cast<int>(skb->len) - offset, 0, caller);
  offset += skb->csum_offset;
  if (offset + static_cast<int>(sizeof(__sum16)) > static_cast<int>(skb_headlen(skb))) {
    if (p.csum_help_offset_bug) Bug(skb::Site::kChecksumHelpField, skb, "", caller);
    std::string msg = skb::SkbDump("\0013", skb, false);
    msg += Format("offset+2 (%zu) > skb_headlen() (%u)\n", offset + sizeof(__sum16), skb_headlen(skb));
    Warn(skb::Site::kChecksumHelpField, skb, msg, caller, true);
    return -EINVAL;
  }
  if (p.csum_help_ensure_writable) {
    ret = EnsureWritable(skb, static_cast<unsigned>(offset) + sizeof(__sum16), caller);
    if (ret) return ret;
  } else if (skb_cloned(skb) && !skb_clone_writable(skb, static_cast<unsigned>(offset) + sizeof(__sum16))) {
    ret = ExpandHead(skb, 0, 0, GFP_ATOMIC, caller);
    if (ret) return ret;
  }
  __sum16 folded = csum_fold(csum);
  if (p.csum_help_mangled_zero && folded == 0) folded = CSUM_MANGLED_0;
  std::memcpy(skb->data + offset, &folded, sizeof(folded));
  skb->ip_summed = CHECKSUM_NONE;
  return ret;
}

}  // extern "C"
