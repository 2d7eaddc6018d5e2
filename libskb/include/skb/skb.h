// libskb: the C++ API in one include.
#ifndef LIBSKB_SKB_SKB_H_
#define LIBSKB_SKB_SKB_H_

#include <memory>

#include <linux/skbuff.h>

#include "skb/check.h"
#include "skb/dump.h"
#include "skb/history.h"
#include "skb/memory.h"
#include "skb/profile.h"
#include "skb/report.h"

namespace skb {

struct KfreeSkb {
  void operator()(sk_buff* s) const { kfree_skb(s); }
};
// An owning handle: kfree_skb on destruction.
using SkbPtr = std::unique_ptr<sk_buff, KfreeSkb>;

}  // namespace skb

#endif  // LIBSKB_SKB_SKB_H_
