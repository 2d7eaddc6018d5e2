// libskb: kernel netlink sockets (<linux/netlink.h>,
// net/netlink/af_netlink.c) and generic netlink families
// (<net/genetlink.h>, net/netlink/genetlink.c).
#include <linux/netlink.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include <errno.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "internal.h"
#include "kernel/kernel_env_internal.h"
#include "skb/kernel_env.h"

namespace skb {
namespace internal {
namespace {

constexpr int kMaxLinks = 32;  // MAX_LINKS

struct KernelSock {
  sock* sk;
  int unit;
  netlink_kernel_cfg cfg;
  std::string module;
};

std::vector<KernelSock>& Socks() {
  static auto* v = new std::vector<KernelSock>();
  return *v;
}
std::vector<NetlinkMessage>& Sent() {
  static auto* v = new std::vector<NetlinkMessage>();
  return *v;
}
std::vector<genl_family*>& Families() {
  static auto* v = new std::vector<genl_family*>();
  return *v;
}
int g_next_family_id = GENL_START_ALLOC;
// Multicast group ids in use: 0 and 1 (nlctrl's notify, pre-4.10 layout),
// GENL_ID_CTRL, GENL_ID_VFS_DQUOT, GENL_ID_PMCRAID (genetlink.c mc_group_start).
std::vector<bool>& McGroups() {
  static auto* v = [] {
    auto* g = new std::vector<bool>(1024, false);
    for (int i : {0, 1, GENL_ID_CTRL, GENL_ID_VFS_DQUOT, GENL_ID_PMCRAID}) (*g)[static_cast<size_t>(i)] = true;
    return g;
  }();
  return *v;
}

// Units the kernel itself holds a socket for on a stock system: a module's
// netlink_kernel_create() for them fails (netlink_insert: -EADDRINUSE).
bool KernelOwnsUnit(int unit) {
  switch (unit) {
    case NETLINK_ROUTE:
    case NETLINK_SOCK_DIAG:
    case NETLINK_XFRM:
    case NETLINK_AUDIT:
    case NETLINK_FIB_LOOKUP:
    case NETLINK_NETFILTER:
    case NETLINK_KOBJECT_UEVENT:
    case NETLINK_GENERIC:
      return true;
    default:
      return false;
  }
}

const char* UnitName(int unit) {
  switch (unit) {
    case NETLINK_ROUTE: return "NETLINK_ROUTE";
    case NETLINK_UNUSED: return "NETLINK_UNUSED";
    case NETLINK_USERSOCK: return "NETLINK_USERSOCK";
    case NETLINK_FIREWALL: return "NETLINK_FIREWALL";
    case NETLINK_SOCK_DIAG: return "NETLINK_SOCK_DIAG";
    case NETLINK_NFLOG: return "NETLINK_NFLOG";
    case NETLINK_GENERIC: return "NETLINK_GENERIC";
    default: return nullptr;
  }
}

std::vector<uint8_t> Bytes(const sk_buff* skb) {
  std::vector<uint8_t> b(skb->len);
  if (!b.empty()) skb_copy_bits(skb, 0, b.data(), static_cast<int>(b.size()));
  return b;
}

void Record(int unit, const sk_buff* skb, uint32_t portid, uint32_t group) {
  Sent().push_back(NetlinkMessage{unit, portid, group, Bytes(skb)});
}

int UnitOf(const sock* sk) {
  for (const KernelSock& s : Socks()) {
    if (s.sk == sk) return s.unit;
  }
  return -1;
}

std::string FamilyName(const genl_family* f) { return Format("%s (id %d)", f->name, f->id); }

const bool kRegistered = RegisterEnvPart(EnvPart{
    [](const std::string& module) {
      auto& s = Socks();
      for (auto it = s.begin(); it != s.end();) {
        if (it->module == module) {
          EnvWarn(Format("libskb: module %s left its netlink socket (unit %d) open after its exit function; its "
                         "input callback would run unloaded code (libskb released it)",
                         module.c_str(), it->unit));
          RemoveRegistration(it->sk, "netlink");
          std::free(it->sk);
          it = s.erase(it);
        } else {
          ++it;
        }
      }
      auto& f = Families();
      for (auto it = f.begin(); it != f.end();) {
        if (RegistrationModule(*it, "genl") == module) {
          EnvWarn("libskb: module " + module + " left genetlink family " + FamilyName(*it) +
                  " registered after its exit function (libskb unregistered it)");
          RemoveRegistration(*it, "genl");
          it = f.erase(it);
        } else {
          ++it;
        }
      }
    },
    [] {
      for (const KernelSock& s : Socks()) std::free(s.sk);
      Socks().clear();
      Sent().clear();
      Families().clear();
      g_next_family_id = GENL_START_ALLOC;
      McGroups().assign(1024, false);
      for (int i : {0, 1, GENL_ID_CTRL, GENL_ID_VFS_DQUOT, GENL_ID_PMCRAID}) McGroups()[static_cast<size_t>(i)] = true;
    },
    nullptr,
});

}  // namespace
}  // namespace internal

std::vector<NetlinkMessage> NetlinkSent() { return internal::Sent(); }

// Models netlink_unicast_kernel(): the socket's input gets the skb, then
// the sender's reference is dropped (consume_skb).
int NetlinkDeliver(int unit, const std::vector<uint8_t>& message, uint32_t portid) {
  for (const internal::KernelSock& s : internal::Socks()) {
    if (s.unit != unit || s.cfg.input == nullptr) continue;
    sk_buff* skb = alloc_skb(static_cast<unsigned>(message.size()), GFP_KERNEL);
    if (skb == nullptr) return -ENOBUFS;
    if (!message.empty()) std::memcpy(skb_put(skb, static_cast<unsigned>(message.size())), message.data(), message.size());
    NETLINK_CB(skb).portid = portid;
    NETLINK_CB(skb).sk = s.sk;
    NETLINK_CB(skb).creds.pid = portid;
    s.cfg.input(skb);
    consume_skb(skb);
    return 0;
  }
  return -ECONNREFUSED;
}

}  // namespace skb

using namespace skb::internal;

extern "C" {

// Models __netlink_kernel_create() (net/netlink/af_netlink.c).
struct sock* libskb_netlink_kernel_create(struct net* net, int unit, const struct netlink_kernel_cfg* cfg) {
  (void)net;
  if (unit < 0 || unit >= kMaxLinks) return nullptr;
  if (KernelOwnsUnit(unit)) return nullptr;
  for (const KernelSock& s : Socks()) {
    if (s.unit == unit) return nullptr;  // netlink_insert(): -EADDRINUSE
  }
  if (!AllocationAllowed()) return nullptr;
  auto* sk = static_cast<struct sock*>(std::calloc(1, sizeof(struct sock)));
  sk->sk_protocol = static_cast<unsigned short>(unit);
  sk->sk_family = 16;  // AF_NETLINK
  KernelSock k{sk, unit, {}, CurrentModuleName()};
  if (cfg != nullptr) k.cfg = *cfg;
  Socks().push_back(k);
  const char* n = UnitName(unit);
  AddRegistration(sk, "netlink", n != nullptr ? n : Format("netlink unit %d", unit), k.module);
  return sk;
}

// Models netlink_kernel_release().
void netlink_kernel_release(struct sock* sk) {
  if (sk == nullptr) return;
  auto& v = Socks();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it->sk == sk) {
      v.erase(it);
      break;
    }
  }
  RemoveRegistration(sk, "netlink");
  std::free(sk);
}

// Models netlink_unicast(): no user socket holds portid.
int netlink_unicast(struct sock* ssk, struct sk_buff* skb, __u32 portid, int nonblock) {
  (void)nonblock;
  Record(UnitOf(ssk), skb, portid, 0);
  kfree_skb(skb);
  return -ECONNREFUSED;
}

// Models netlink_broadcast(): no listener in any group.
int netlink_broadcast(struct sock* ssk, struct sk_buff* skb, __u32 portid, __u32 group, gfp_t allocation) {
  (void)allocation;
  Record(UnitOf(ssk), skb, portid, group);
  consume_skb(skb);
  return -ESRCH;
}

int netlink_has_listeners(struct sock* sk, unsigned int group) {
  (void)sk;
  (void)group;
  return 0;
}

// Models netlink_ack(): the ack goes to the sender's port, which is gone.
void netlink_ack(struct sk_buff* in_skb, struct nlmsghdr* nlh, int err, const void* extack) {
  (void)extack;
  std::vector<uint8_t> b(sizeof(struct nlmsghdr) + sizeof(int) + sizeof(struct nlmsghdr));
  struct nlmsghdr ack = {};
  ack.nlmsg_len = static_cast<__u32>(b.size());
  ack.nlmsg_type = NLMSG_ERROR;
  ack.nlmsg_seq = nlh->nlmsg_seq;
  ack.nlmsg_pid = NETLINK_CB(in_skb).portid;
  std::memcpy(b.data(), &ack, sizeof(ack));
  std::memcpy(b.data() + sizeof(ack), &err, sizeof(err));
  std::memcpy(b.data() + sizeof(ack) + sizeof(err), nlh, sizeof(*nlh));
  Sent().push_back(skb::NetlinkMessage{UnitOf(NETLINK_CB(in_skb).sk), NETLINK_CB(in_skb).portid, 0, b});
}

// Models genl_register_family() (net/netlink/genetlink.c, v4.10+).
int genl_register_family(struct genl_family* family) {
  for (const genl_family* f : Families()) {
    if (std::strncmp(f->name, family->name, GENL_NAMSIZ) == 0) return -EEXIST;
  }
  for (unsigned i = 0; i < family->n_ops; ++i) {
    if (family->ops[i].doit == nullptr && family->ops[i].dumpit == nullptr) return -EINVAL;
  }
  family->id = g_next_family_id++;
  // genl_validate_assign_mc_groups(): the first free run of n_mcgrps ids.
  family->mcgrp_offset = 0;
  if (family->n_mcgrps > 0) {
    auto& g = McGroups();
    for (size_t start = 0; start + family->n_mcgrps <= g.size(); ++start) {
      bool free = true;
      for (size_t i = 0; i < family->n_mcgrps && free; ++i) free = !g[start + i];
      if (free) {
        for (size_t i = 0; i < family->n_mcgrps; ++i) g[start + i] = true;
        family->mcgrp_offset = static_cast<unsigned>(start);
        break;
      }
    }
  }
  Families().push_back(family);
  AddRegistration(family, "genl", FamilyName(family), CurrentModuleName());
  return 0;
}

// Models genl_unregister_family().
int genl_unregister_family(const struct genl_family* family) {
  auto& v = Families();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (*it == family) {
      for (unsigned i = 0; i < family->n_mcgrps; ++i) McGroups()[family->mcgrp_offset + i] = false;
      v.erase(it);
      RemoveRegistration(family, "genl");
      return 0;
    }
  }
  return -ENOENT;
}

// Models genlmsg_put().
void* genlmsg_put(struct sk_buff* skb, u32 portid, u32 seq, const struct genl_family* family, int flags, u8 cmd) {
  struct nlmsghdr* nlh =
      nlmsg_put(skb, portid, seq, family->id, static_cast<int>(GENL_HDRLEN + family->hdrsize), flags);
  if (nlh == nullptr) return nullptr;
  auto* hdr = static_cast<struct genlmsghdr*>(nlmsg_data(nlh));
  hdr->cmd = cmd;
  hdr->version = static_cast<__u8>(family->version);
  hdr->reserved = 0;
  return reinterpret_cast<char*>(hdr) + GENL_HDRLEN;
}

// Models genlmsg_multicast(): no listener.
int libskb_genlmsg_multicast(const struct genl_family* family, struct sk_buff* skb, u32 portid, unsigned int group) {
  Record(-1, skb, portid, family->mcgrp_offset + group);
  consume_skb(skb);
  return -ESRCH;
}

// Models genlmsg_unicast(): no user socket holds portid.
int genlmsg_unicast(struct net* net, struct sk_buff* skb, u32 portid) {
  (void)net;
  Record(-1, skb, portid, 0);
  kfree_skb(skb);
  return -ECONNREFUSED;
}

}  // extern "C"
