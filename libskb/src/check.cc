// TEMPORARY: replaced by the full checker.
#include "skb/check.h"
namespace skb {
std::vector<Violation> Check(const sk_buff*, CheckMode) { return {}; }
std::vector<Violation> CheckClonePair(const sk_buff*, const sk_buff*, CheckMode) { return {}; }
}
