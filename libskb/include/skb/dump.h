// libskb: dumps of an skb in the two formats kernel engineers read.
//
// CrashDump() prints what the crash utility's `struct sk_buff <addr>` and
// `struct skb_shared_info <addr>` print: `field = value,` lines in the order
// of the active profile's struct (2.6.32's shared info starts with dataref).
// SkbDump() prints what the kernel's skb_dump() (5.4+) logs.
#ifndef LIBSKB_SKB_DUMP_H_
#define LIBSKB_SKB_DUMP_H_

#include <string>

struct sk_buff;

namespace skb {

std::string CrashDumpSkb(const sk_buff* skb);
// The shared info at head + end; fields that are not plausible are printed
// as they are, as crash would.
std::string CrashDumpShinfo(const sk_buff* skb);
// Both of the above, with the `crash> ` command lines.
std::string CrashDump(const sk_buff* skb);
// Models skb_dump(level, skb, full_pkt) (net/core/skbuff.c, 5.4+).
std::string SkbDump(const char* level, const sk_buff* skb, bool full_pkt);

}  // namespace skb

#endif  // LIBSKB_SKB_DUMP_H_
