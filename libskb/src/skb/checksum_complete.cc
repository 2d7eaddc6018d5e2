// libskb: software completion of a received packet's checksum
// (net/core/skbuff.c __skb_checksum_complete, v6.12).
#include <linux/skbuff.h>
#include <net/checksum.h>

#include "internal.h"

extern "C" {

// Models __skb_checksum_complete() (net/core/skbuff.c, v6.12). The
// netdev_rx_csum_fault() report of a device whose CHECKSUM_COMPLETE sum was
// wrong is not modelled; csum_complete_sw has no field in the model.
__sum16 __skb_checksum_complete(struct sk_buff* skb) {
  const __wsum csum = skb::internal::Checksum(skb, 0, static_cast<int>(skb->len), 0, LIBSKB_CALLER());
  const __sum16 sum = csum_fold(csum_add(skb->csum, csum));
  if (!skb_shared(skb)) {
    // The full packet sum is kept for the next verifier.
    skb->csum = csum;
    skb->ip_summed = CHECKSUM_COMPLETE;
    skb->csum_valid = sum == 0;
  }
  return sum;
}

}  // extern "C"
