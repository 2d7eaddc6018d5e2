// libskb: a short per-skb history of the operations applied to it.
//
// Every libskb call records its name, the caller's address (symbolised with
// file:line when the sanitizer runtime or dladdr can) and the skb's len and
// data_len after the call. Reports print it so they can say how an skb got
// where it is. The history of a freed skb is kept until its memory is reused.
#ifndef LIBSKB_SKB_HISTORY_H_
#define LIBSKB_SKB_HISTORY_H_

#include <string>
#include <vector>

struct sk_buff;

namespace skb {

struct HistoryEntry {
  std::string op;         // "skb_put(len=20)"
  const void* caller;     // return address of the call into libskb
  unsigned len;           // skb->len after the op
  unsigned data_len;      // skb->data_len after the op
};

inline constexpr int kHistoryDepth = 16;

std::vector<HistoryEntry> History(const sk_buff* skb);
std::string FormatHistory(const sk_buff* skb);
// "tcp_sendmsg+0x1a (net/ipv4/tcp.c:1234)" or "0x55d4c0e1a2b3".
std::string Symbolize(const void* pc);

}  // namespace skb

#endif  // LIBSKB_SKB_HISTORY_H_
