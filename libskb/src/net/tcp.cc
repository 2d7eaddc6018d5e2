// libskb: the TCP write-queue subset (net/ipv4/tcp.c, tcp_output.c,
// tcp_ipv4.c, ip_output.c; kernel-semantics.md §4.7, §7.4).
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/tcp.h>

#include <algorithm>
#include <cstring>

#include "internal.h"

namespace skb::internal {
namespace {

// select_size() / linear_payload_sz(): the linear room a new write-queue
// skb gets for payload on an SG + GSO route.
int LinearPayload(const sock* sk, bool first_skb) {
  const Profile& p = Active();
  const bool sg = (sk->sk_route_caps & NETIF_F_SG) != 0;
  if (!sg) return static_cast<int>(tcp_sk(sk)->mss_cache);
  if (p.AtLeast(6, 5)) return 0;  // "tcp: remove some dead code" (v6.5): all paged
  const int small = static_cast<int>(SKB_WITH_OVERHEAD(2048 - MAX_TCP_HEADER));
  if (p.AtLeast(4, 15)) return first_skb ? small : 0;  // 3613b3dbd1ad: only the first skb
  if (p.tcp_linear_payload) return sk_can_gso(sk) ? small : static_cast<int>(tcp_sk(sk)->mss_cache);  // f07d960df33c
  return sk_can_gso(sk) ? 0 : static_cast<int>(tcp_sk(sk)->mss_cache);  // 2.6.32: headless skbs
}

// The per-socket page fragment (sk_page_frag, 3.7+: 32 KiB compound pages;
// 2.6.32: sk_sndmsg_page, single pages).
bool RefillFrag(tcp_sock* tp) {
  const unsigned order = Active().AtLeast(3, 7) ? 3 : 0;
  if (tp->frag_page != nullptr && tp->frag_offset < page_size(tp->frag_page)) return true;
  page* pg = alloc_pages(tp->sk.sk_allocation, order);
  if (pg == nullptr) return false;
  if (tp->frag_page != nullptr) put_page(tp->frag_page);
  tp->frag_page = pg;
  tp->frag_offset = 0;
  return true;
}

bool CanCoalesce(const sk_buff* skb, int i, const page* pg, unsigned off) {
  if (i == 0) return false;
  const skb_frag_t* frag = &skb_shinfo(skb)->frags[i - 1];
  return skb_frag_page(frag) == pg && skb_frag_off(frag) + skb_frag_size(frag) == off;
}

// Pushes `len` bytes of a new write-queue skb's payload accounting.
void ChargePaged(sock* sk, sk_buff* skb, unsigned copy) {
  skb->len += copy;
  skb->data_len += copy;
  skb->truesize += copy;
  sk->sk_wmem_queued += static_cast<int>(copy);
  sk_mem_charge(sk, static_cast<int>(copy));
  skb->ip_summed = CHECKSUM_PARTIAL;
}

struct sk_buff* NewSegment(sock* sk, int size, const void* caller) {
  if (!sk_stream_memory_free(sk)) return nullptr;
  sk_buff* skb = sk_stream_alloc_skb(sk, size, sk->sk_allocation);
  if (skb == nullptr) return nullptr;
  if (sk->sk_route_caps & NETIF_F_CSUM_MASK) skb->ip_summed = CHECKSUM_PARTIAL;
  skb_entail(sk, skb);
  (void)caller;
  return skb;
}

unsigned SizeGoal(const sock* sk) {
  const tcp_sock* tp = tcp_sk(sk);
  unsigned goal = tp->mss_cache;
  if (sk_can_gso(sk)) goal *= std::max<unsigned>(1, tp->xmit_size_goal_segs);
  return goal;
}

// tcp_add_write_queue_tail() as inlined into `function` (skb_entail's
// __skb_insert faults are reported there): queue, and make the skb the send
// head if none is pending.
void AddWriteQueueTail(sock* sk, sk_buff* skb, const char* function, const void* caller) {
  QueueTail(&sk->sk_write_queue, skb, function, caller);
  if (sk->sk_send_head == nullptr) {
    sk->sk_send_head = skb;
    if (tcp_sk(sk)->highest_sack == nullptr) tcp_sk(sk)->highest_sack = skb;
  }
}

// The room left in the tail segment toward size_goal (0 when a new segment
// is needed), as tcp_sendmsg and do_tcp_sendpages compute it.
int RoomInTailSegment(const sock* sk, const sk_buff* tail, unsigned size_goal) {
  if (tcp_send_head(sk) == nullptr || tail == nullptr) return 0;
  return static_cast<int>(size_goal - tail->len);
}

// __pskb_trim_head(), legacy form (2.6.32): eats `len` from the frags and
// throws the linear area away, assuming there is none.
int TrimHeadLegacy(sk_buff* skb, int len) {
  skb_shared_info* sh = skb_shinfo(skb);
  int eat = len;
  int k = 0;
  for (int i = 0; i < sh->nr_frags; i++) {
    const int size = static_cast<int>(skb_frag_size(&sh->frags[i]));
    if (size <= eat) {
      skb_frag_unref(skb, i);
      eat -= size;
    } else {
      sh->frags[k] = sh->frags[i];
      if (eat) {
        skb_frag_off_add(&sh->frags[k], eat);
        skb_frag_size_sub(&sh->frags[k], eat);
        eat = 0;
      }
      k++;
    }
  }
  sh->nr_frags = static_cast<__u8>(k);
  skb_reset_tail_pointer(skb);
  skb->data_len -= static_cast<unsigned>(len);
  skb->len = skb->data_len;
  return len;
}

// __pskb_trim_head(), fixed form (3.10+; "tcp: fix tcp_trim_head()"): pull
// the linear part first, then eat the rest from the frags.
int TrimHeadFixed(sk_buff* skb, int len, const void* caller) {
  const int eat_linear = std::min<int>(len, static_cast<int>(skb_headlen(skb)));
  if (eat_linear) {
    SkbPullUnchecked(skb, static_cast<unsigned>(eat_linear), caller);
    len -= eat_linear;
    if (!len) return 0;
  }
  return TrimHeadLegacy(skb, len);
}

}  // namespace
}  // namespace skb::internal

using namespace skb::internal;

extern "C" {

struct sock* tcp_sock_alloc(gfp_t gfp) {
  auto* tp = static_cast<tcp_sock*>(CacheAlloc(Cache::kTcpSock));
  if (tp == nullptr) return nullptr;
  std::memset(tp, 0, sizeof(*tp));
  sock* sk = &tp->sk;
  sk->sk_family = AF_INET;
  sk->sk_type = 1;  // SOCK_STREAM
  sk->sk_protocol = IPPROTO_TCP;
  refcount_set(&sk->sk_refcnt, 1);
  skb_queue_head_init(&sk->sk_receive_queue);
  skb_queue_head_init(&sk->sk_write_queue);
  sk->sk_sndbuf = 4 * 1024 * 1024;
  sk->sk_rcvbuf = 4 * 1024 * 1024;
  sk->sk_allocation = gfp;
  sk->sk_route_caps = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_GSO | NETIF_F_TSO;
  sk->sk_gso_type = SKB_GSO_TCPV4;
  sk->sk_gso_max_size = 65536;
  tp->mss_cache = 1448;
  tp->xmit_size_goal_segs = 44;
  tp->tcp_header_len = 32;  // 20 + 12 bytes of timestamps
  tp->snd_wnd = 65535;
  tp->write_seq = tp->snd_una = tp->snd_nxt = 1;
  tp->inet_saddr = htonl(0x0a000001);
  tp->inet_daddr = htonl(0x0a000002);
  tp->inet_sport = htons(443);
  tp->inet_dport = htons(51000);
  return sk;
}

void tcp_sock_free(struct sock* sk) {
  tcp_sock* tp = tcp_sk(sk);
  sk_buff* skb;
  while ((skb = __skb_dequeue(&sk->sk_write_queue)) != nullptr) sk_wmem_free_skb(sk, skb);
  sk->sk_send_head = nullptr;
  __skb_queue_purge(&sk->sk_receive_queue);
  if (tp->frag_page != nullptr) put_page(tp->frag_page);
  // sk_stream_kill_queues(): the accounting must have returned to zero.
  if (sk->sk_wmem_queued != 0 || sk->sk_forward_alloc != 0) {
    Warn(skb::Site::kStreamKillQueues, nullptr,
         Format("sk_stream_kill_queues: sk_wmem_queued = %d, sk_forward_alloc = %d (both must be 0)\n",
                sk->sk_wmem_queued, sk->sk_forward_alloc),
         LIBSKB_CALLER(), false);
  }
  CacheFree(Cache::kTcpSock, tp);
}

// Models sk_stream_alloc_skb() (net/ipv4/tcp.c): 2.6.32 reserves all but
// size bytes of tailroom; 3.10+ reserves max_header and sets reserved_tailroom
// so exactly size bytes are available; 6.x (tcp_stream_alloc_skb) has no
// linear payload at all. No memory pressure is modelled (sk_wmem_schedule
// always succeeds).
struct sk_buff* sk_stream_alloc_skb(struct sock* sk, int size, gfp_t gfp) {
  const skb::Profile& p = skb::Active();
  if (!p.AtLeast(3, 0)) size = (size + 3) & ~3;
  sk_buff* skb = AllocSkb(static_cast<unsigned>(size + MAX_TCP_HEADER), gfp, SKB_ALLOC_FCLONE, LIBSKB_CALLER());
  if (skb == nullptr) return nullptr;
  if (p.availroom_avail_size) {
    // a21d45726aca (3.5-3.8, and its RHEL6 backport): reserve max_header and
    // record avail_size = size (kept in the reserved_tailroom slot, which
    // 16fad69cfe4a later gave this job).
    skb->data += MAX_TCP_HEADER;
    skb->tail += MAX_TCP_HEADER;
    skb->reserved_tailroom = static_cast<unsigned>(size);
  } else if (!p.AtLeast(3, 0)) {
    const int reserve = skb_tailroom(skb) - size;
    skb->data += reserve;
    skb->tail += static_cast<unsigned>(reserve);
  } else {
    skb->data += MAX_TCP_HEADER;
    skb->tail += MAX_TCP_HEADER;
    skb->reserved_tailroom = skb->end - skb->tail - static_cast<unsigned>(size);
  }
  if (p.AtLeast(6, 5)) skb->ip_summed = CHECKSUM_PARTIAL;
  return skb;
}

// Models tcp_add_write_queue_tail() (include/net/tcp.h): queue, and make the
// skb the send head if none is pending.
void tcp_add_write_queue_tail(struct sock* sk, struct sk_buff* skb) {
  AddWriteQueueTail(sk, skb, "tcp_add_write_queue_tail", LIBSKB_CALLER());
}

// Models skb_entail() (net/ipv4/tcp.c, 3.10; tcp_skb_entail in 5.x): seq
// numbers, the header release (2.6.32 skb_header_release; RHEL7 3.10.0-327
// stores dataref = 0x10001 as __skb_header_release does, per the seed-003
// code bytes), queue at the tail (the __skb_insert is inlined here, so a
// fault is reported in skb_entail), then the memory accounting.
void skb_entail(struct sock* sk, struct sk_buff* skb) {
  tcp_sock* tp = tcp_sk(sk);
  tcp_skb_cb* tcb = TCP_SKB_CB(skb);
  skb->csum = 0;
  tcb->seq = tcb->end_seq = tp->write_seq;
  tcb->tcp_flags = TCPHDR_ACK;
  tcb->sacked = 0;
  if (skb::Active().AtLeast(3, 0)) {
    skb->nohdr = 1;
    atomic_set(&skb_shinfo(skb)->dataref, 1 + (1 << SKB_DATAREF_SHIFT));
  } else {
    skb_header_release(skb);
  }
  AddWriteQueueTail(sk, skb, "skb_entail", LIBSKB_CALLER());
  sk->sk_wmem_queued += static_cast<int>(skb->truesize);
  sk_mem_charge(sk, static_cast<int>(skb->truesize));
  if (tp->nonagle & TCP_NAGLE_PUSH) tp->nonagle &= ~TCP_NAGLE_PUSH;
}

// Models tcp_unlink_write_queue() (include/net/tcp.h).
void tcp_unlink_write_queue(struct sk_buff* skb, struct sock* sk) {
  QueueUnlink(skb, &sk->sk_write_queue, "tcp_unlink_write_queue", LIBSKB_CALLER());
}

// Models tcp_set_skb_tso_segs() (net/ipv4/tcp_output.c, 3.10).
void tcp_set_skb_tso_segs(struct sock* sk, struct sk_buff* skb, unsigned int mss_now) {
  skb_shared_info* sh = skb_shinfo(skb);
  if (skb->len <= mss_now || !sk_can_gso(sk) || skb->ip_summed == CHECKSUM_NONE) {
    sh->gso_segs = 1;
    sh->gso_size = 0;
    sh->gso_type = 0;
  } else {
    sh->gso_segs = static_cast<unsigned short>((skb->len + mss_now - 1) / mss_now);
    sh->gso_size = static_cast<unsigned short>(mss_now);
    sh->gso_type = static_cast<unsigned>(sk->sk_gso_type);
  }
}

// Models the copy loop of tcp_sendmsg() (net/ipv4/tcp.c): fill the tail
// skb's linear room (skb_availroom; skb_tailroom on 2.6.32), then page frags
// from the socket's page fragment, opening a new segment when the tail skb
// reaches size_goal or MAX_SKB_FRAGS.
int tcp_sendmsg_bytes(struct sock* sk, const void* data, size_t size) {
  tcp_sock* tp = tcp_sk(sk);
  const auto* from = static_cast<const unsigned char*>(data);
  const unsigned size_goal = SizeGoal(sk);
  const bool sg = (sk->sk_route_caps & NETIF_F_SG) != 0;
  const bool old_tailroom = !skb::Active().AtLeast(3, 5);
  int copied = 0;
  bool force_new = false;
  while (size > 0) {
    sk_buff* skb = tcp_write_queue_tail(sk);
    int copy = force_new ? 0 : RoomInTailSegment(sk, skb, size_goal);
    force_new = false;
    if (copy <= 0) {
      const bool first = skb_queue_empty(&sk->sk_write_queue);
      skb = NewSegment(sk, LinearPayload(sk, first), LIBSKB_CALLER());
      if (skb == nullptr) return copied ? copied : -ENOMEM;
      copy = static_cast<int>(size_goal);
    }
    if (static_cast<size_t>(copy) > size) copy = static_cast<int>(size);
    int room;
    if (skb::Active().availroom_avail_size) {
      // skb_availroom() of 3.5-3.8: avail_size - len. Anything that shrinks
      // len without moving tail (a pull) makes it larger than the real
      // tailroom: the skb_put below then passes end (16fad69cfe4a).
      room = skb_is_nonlinear(skb) ? 0 : static_cast<int>(skb->reserved_tailroom - skb->len);
    } else {
      room = old_tailroom ? skb_tailroom(skb) : skb_availroom(skb);
    }
    if (room > 0) {
      copy = std::min(copy, room);
      // skb_add_data_nocache(): skb_put + copy; the csum is kept only when not PARTIAL.
      void* dst = skb_put(skb, static_cast<unsigned>(copy));
      std::memcpy(dst, from, static_cast<size_t>(copy));
      if (skb->ip_summed == CHECKSUM_NONE) skb->csum = csum_partial(dst, copy, skb->csum);
    } else {
      const int i = skb_shinfo(skb)->nr_frags;
      if (!RefillFrag(tp)) return copied ? copied : -ENOMEM;
      const bool merge = CanCoalesce(skb, i, tp->frag_page, tp->frag_offset);
      if (!merge && (i == static_cast<int>(MAX_SKB_FRAGS) || !sg)) {
        force_new = true;  // tcp_mark_push + new_segment
        continue;
      }
      copy = std::min<int>(copy, static_cast<int>(page_size(tp->frag_page) - tp->frag_offset));
      std::memcpy(static_cast<unsigned char*>(page_address(tp->frag_page)) + tp->frag_offset, from,
                  static_cast<size_t>(copy));
      if (merge) {
        skb_frag_size_add(&skb_shinfo(skb)->frags[i - 1], copy);
      } else {
        skb_fill_page_desc(skb, i, tp->frag_page, static_cast<int>(tp->frag_offset), copy);
        get_page(tp->frag_page);
      }
      tp->frag_offset += static_cast<unsigned>(copy);
      ChargePaged(sk, skb, static_cast<unsigned>(copy));
    }
    if (!copied) TCP_SKB_CB(skb)->tcp_flags &= static_cast<__u8>(~TCPHDR_PSH);
    tp->write_seq += static_cast<u32>(copy);
    TCP_SKB_CB(skb)->end_seq += static_cast<u32>(copy);
    skb_shinfo(skb)->gso_segs = 0;
    from += copy;
    size -= static_cast<size_t>(copy);
    copied += copy;
  }
  return copied;
}

// Models do_tcp_sendpages() (net/ipv4/tcp.c): the caller's page becomes a
// frag (one more page reference); headless segments of size 0.
int tcp_sendpage_bytes(struct sock* sk, struct page* page, int offset, size_t size) {
  tcp_sock* tp = tcp_sk(sk);
  const unsigned size_goal = SizeGoal(sk);
  int copied = 0;
  bool force_new = false;
  while (size > 0) {
    sk_buff* skb = tcp_write_queue_tail(sk);
    int copy = force_new ? 0 : RoomInTailSegment(sk, skb, size_goal);
    force_new = false;
    if (copy <= 0) {
      skb = NewSegment(sk, 0, LIBSKB_CALLER());
      if (skb == nullptr) return copied ? copied : -ENOMEM;
      copy = static_cast<int>(size_goal);
    }
    if (static_cast<size_t>(copy) > size) copy = static_cast<int>(size);
    const int i = skb_shinfo(skb)->nr_frags;
    const bool merge = CanCoalesce(skb, i, page, static_cast<unsigned>(offset));
    if (!merge && i >= static_cast<int>(MAX_SKB_FRAGS)) {
      force_new = true;
      continue;
    }
    if (merge) {
      skb_frag_size_add(&skb_shinfo(skb)->frags[i - 1], copy);
    } else {
      get_page(page);
      skb_fill_page_desc(skb, i, page, offset, copy);
    }
    ChargePaged(sk, skb, static_cast<unsigned>(copy));
    tp->write_seq += static_cast<u32>(copy);
    TCP_SKB_CB(skb)->end_seq += static_cast<u32>(copy);
    skb_shinfo(skb)->gso_segs = 0;
    offset += copy;
    size -= static_cast<size_t>(copy);
    copied += copy;
  }
  return copied;
}

// skb_set_owner_w()'s destructor for TCP (tcp_wfree in 3.12+, sock_wfree
// before): the socket's wmem_alloc goes down by the skb's truesize.
void tcp_wfree(struct sk_buff* skb) {
  if (skb->sk != nullptr) atomic_sub(static_cast<int>(skb->truesize), &skb->sk->sk_wmem_alloc);
}

// Models tcp_transmit_skb() (net/ipv4/tcp_output.c) up to the device:
// clone (pskb_copy if already cloned), push the TCP header, set the owner,
// tcp_v4_send_check() for CHECKSUM_PARTIAL, ip_queue_xmit() (IPv4 header)
// and the neighbour's Ethernet header.
struct sk_buff* tcp_transmit_skb(struct sock* sk, struct sk_buff* skb, int clone_it, gfp_t gfp_mask) {
  tcp_sock* tp = tcp_sk(sk);
  const tcp_skb_cb* tcb = TCP_SKB_CB(skb);
  const u32 seq = tcb->seq;
  const u8 flags = tcb->tcp_flags;
  if (clone_it) {
    skb = skb_cloned(skb) ? pskb_copy(skb, gfp_mask) : skb_clone(skb, gfp_mask);
    if (skb == nullptr) return nullptr;
  }
  const unsigned tcp_header_size = tp->tcp_header_len;
  skb_push(skb, tcp_header_size);
  skb_reset_transport_header(skb);
  skb->sk = sk;
  skb->destructor = tcp_wfree;
  atomic_add(static_cast<int>(skb->truesize), &sk->sk_wmem_alloc);

  tcphdr th{};
  th.source = tp->inet_sport;
  th.dest = tp->inet_dport;
  th.seq = htonl(seq);
  th.ack_seq = htonl(tp->rcv_nxt);
  th.doff = static_cast<__u16>(tcp_header_size / 4);
  th.ack = (flags & TCPHDR_ACK) ? 1 : 0;
  th.psh = (flags & TCPHDR_PSH) ? 1 : 0;
  th.window = htons(static_cast<u16>(std::min<u32>(tp->snd_wnd, 65535)));
  // tcp_v4_send_check(): PARTIAL leaves the pseudo-header sum in th->check.
  if (skb->ip_summed == CHECKSUM_PARTIAL) {
    th.check = static_cast<__sum16>(~csum_tcpudp_magic(tp->inet_saddr, tp->inet_daddr, skb->len, IPPROTO_TCP, 0));
    skb->csum_start = static_cast<__u16>(skb_transport_header(skb) - skb->head);
    skb->csum_offset = offsetof(tcphdr, check);
  }
  std::memcpy(skb->data, &th, sizeof(th));
  std::memset(skb->data + sizeof(th), 0, tcp_header_size - sizeof(th));
  if (skb->ip_summed != CHECKSUM_PARTIAL) {
    const __wsum sum = skb_checksum(skb, 0, static_cast<int>(skb->len), 0);
    const __sum16 check = csum_tcpudp_magic(tp->inet_saddr, tp->inet_daddr, skb->len, IPPROTO_TCP, sum);
    std::memcpy(skb->data + offsetof(tcphdr, check), &check, sizeof(check));
  }

  // ip_queue_xmit(): the IPv4 header.
  skb_push(skb, sizeof(iphdr));
  skb_reset_network_header(skb);
  iphdr iph{};
  iph.version = 4;
  iph.ihl = 5;
  iph.tot_len = htons(static_cast<u16>(skb->len));
  iph.ttl = 64;
  iph.protocol = IPPROTO_TCP;
  iph.saddr = tp->inet_saddr;
  iph.daddr = tp->inet_daddr;
  iph.check = ip_fast_csum(&iph, iph.ihl);
  std::memcpy(skb->data, &iph, sizeof(iph));
  skb->protocol = htons(ETH_P_IP);

  // neigh_hh_output(): the cached Ethernet header.
  skb_push(skb, ETH_HLEN);
  skb_reset_mac_header(skb);
  ethhdr eth{};
  std::memset(eth.h_dest, 0x02, ETH_ALEN);
  std::memset(eth.h_source, 0x04, ETH_ALEN);
  eth.h_proto = htons(ETH_P_IP);
  std::memcpy(skb->data, &eth, sizeof(eth));
  skb->mac_len = ETH_HLEN;
  return skb;
}

// Models tcp_mtu_probe() (net/ipv4/tcp_output.c, 2.6.32-4.x) once it has
// decided to probe: a new skb of probe_size bytes is queued before the send
// head and filled from the write queue; fully copied skbs are freed, the last
// one is consumed from the head (skb_pull when it has no frags,
// __pskb_trim_head otherwise). The probe is transmitted; its clone, handed to
// the device, is returned (NULL if the queue could not fill it).
struct sk_buff* tcp_mtu_probe(struct sock* sk, int probe_size) {
  sk_buff* skb = tcp_send_head(sk);
  if (skb == nullptr) return nullptr;
  sk_buff* nskb = sk_stream_alloc_skb(sk, probe_size, GFP_ATOMIC);
  if (nskb == nullptr) return nullptr;
  sk->sk_wmem_queued += static_cast<int>(nskb->truesize);
  sk_mem_charge(sk, static_cast<int>(nskb->truesize));
  TCP_SKB_CB(nskb)->seq = TCP_SKB_CB(skb)->seq;
  TCP_SKB_CB(nskb)->end_seq = TCP_SKB_CB(skb)->seq + static_cast<u32>(probe_size);
  TCP_SKB_CB(nskb)->tcp_flags = TCPHDR_ACK;
  TCP_SKB_CB(nskb)->sacked = 0;
  nskb->csum = 0;
  nskb->ip_summed = skb->ip_summed;
  __skb_queue_before(&sk->sk_write_queue, skb, nskb);
  sk->sk_send_head = nskb;
  int len = 0;
  sk_buff* head = reinterpret_cast<sk_buff*>(&sk->sk_write_queue);
  for (sk_buff* next; skb != head; skb = next) {
    next = skb->next;
    const int copy = std::min<int>(static_cast<int>(skb->len), probe_size - len);
    skb_copy_bits(skb, 0, skb_put(nskb, static_cast<unsigned>(copy)), copy);
    if (static_cast<int>(skb->len) <= copy) {
      TCP_SKB_CB(nskb)->tcp_flags |= TCP_SKB_CB(skb)->tcp_flags;
      tcp_unlink_write_queue(skb, sk);
      sk_wmem_free_skb(sk, skb);
    } else {
      TCP_SKB_CB(nskb)->tcp_flags |= TCP_SKB_CB(skb)->tcp_flags & ~(TCPHDR_FIN | TCPHDR_PSH);
      if (!skb_shinfo(skb)->nr_frags) {
        skb_pull(skb, static_cast<unsigned>(copy));
        if (skb->ip_summed != CHECKSUM_PARTIAL) skb->csum = csum_partial(skb->data, static_cast<int>(skb->len), 0);
      } else {
        __pskb_trim_head(skb, copy);
        tcp_set_skb_tso_segs(sk, skb, tcp_sk(sk)->mss_cache);
      }
      TCP_SKB_CB(skb)->seq += static_cast<u32>(copy);
    }
    len += copy;
    if (len >= probe_size) break;
  }
  sk_buff* clone = tcp_transmit_skb(sk, nskb, 1, GFP_ATOMIC);
  // tcp_event_new_data_sent(): the send head moves past the probe.
  sk->sk_send_head = skb_queue_is_last(&sk->sk_write_queue, nskb) ? nullptr : nskb->next;
  tcp_sk(sk)->snd_nxt = TCP_SKB_CB(nskb)->end_seq;
  return clone;
}

// Models __pskb_trim_head() (net/ipv4/tcp_output.c): the 2.6.32 form trims
// only frags and drops the linear area; 3.10+ pulls the linear part first.
int __pskb_trim_head(struct sk_buff* skb, int len) {
  Scope scope("__pskb_trim_head", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%d", len));
  if (!skb::Active().AtLeast(3, 3)) return TrimHeadLegacy(skb, len);
  return TrimHeadFixed(skb, len, LIBSKB_CALLER());
}

// Models tcp_trim_head() (net/ipv4/tcp_output.c): unshare, trim len bytes,
// advance seq and give back the memory. 2.6.32 dispatches on headlen itself
// and calls the legacy helper with len - headlen; 3.10+ passes len to the
// fixed helper; 4.12+ (7162fb242cb8) gives back only the frag bytes freed.
int tcp_trim_head(struct sock* sk, struct sk_buff* skb, u32 len) {
  Scope scope("tcp_trim_head", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  const skb::Profile& p = skb::Active();
  int released;
  if (!p.AtLeast(3, 3)) {
    if (skb_cloned(skb) && pskb_expand_head(skb, 0, 0, GFP_ATOMIC)) return -ENOMEM;
    if (len < skb_headlen(skb)) {
      __skb_pull(skb, len);
    } else {
      TrimHeadLegacy(skb, static_cast<int>(len - skb_headlen(skb)));
    }
    released = static_cast<int>(len);
  } else {
    if (skb_unclone(skb, GFP_ATOMIC)) return -ENOMEM;
    const int freed = TrimHeadFixed(skb, static_cast<int>(len), LIBSKB_CALLER());
    released = p.AtLeast(4, 12) ? freed : static_cast<int>(len);
  }
  TCP_SKB_CB(skb)->seq += len;
  if (!p.AtLeast(4, 0)) skb->ip_summed = CHECKSUM_PARTIAL;
  skb->truesize -= static_cast<unsigned>(released);
  sk->sk_wmem_queued -= released;
  sk_mem_uncharge(sk, released);
  sock_set_flag(sk, SOCK_QUEUE_SHRUNK);
  if (skb_shinfo(skb)->gso_segs > 1) tcp_set_skb_tso_segs(sk, skb, tcp_sk(sk)->mss_cache);
  return 0;
}

}  // extern "C"
