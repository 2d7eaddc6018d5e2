// libskb: the modelled network devices (<linux/netdevice.h>, net/core/dev.c)
// and their IPv4 addresses (<linux/inetdevice.h>, net/ipv4/devinet.c).
#include <errno.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "internal.h"
#include "kernel/kernel_env_internal.h"
#include "net/netfilter_internal.h"
#include "skb/kernel_env.h"
#include "skb/netfilter.h"

namespace skb {
namespace internal {
namespace {

struct ModelDev {
  net_device* dev;
  in_device in;
  in_ifaddr ifa;
};

void Fill(ModelDev* m, const char* name, int ifindex, unsigned mtu, unsigned flags, unsigned short type,
          const uint8_t mac[6], uint32_t addr, int prefix, uint32_t bcast) {
  net_device* d = m->dev;
  std::memset(d->name, 0, sizeof(d->name));
  std::strncpy(d->name, name, sizeof(d->name) - 1);
  d->ifindex = ifindex;
  d->mtu = mtu;
  d->flags = flags;
  d->type = type;
  d->addr_len = 6;
  d->hard_header_len = type == ARPHRD_ETHER ? 14 : 14;  // ETH_HLEN for both (loopback_setup)
  d->min_mtu = type == ARPHRD_ETHER ? 68 : 0;
  d->max_mtu = type == ARPHRD_ETHER ? 1500 : 0xffffffffu;
  d->tx_queue_len = type == ARPHRD_ETHER ? 1000 : 0;
  d->operstate = IF_OPER_UP;
  std::memcpy(d->__libskb_addr, mac, 6);
  std::memcpy(d->perm_addr, mac, 6);
  std::memset(d->broadcast, type == ARPHRD_ETHER ? 0xff : 0, 6);
  d->dev_addr = d->__libskb_addr;
  refcount_set(&d->dev_refcnt, 1);  // the registration's own reference
  std::memset(&m->in, 0, sizeof(m->in));
  std::memset(&m->ifa, 0, sizeof(m->ifa));
  m->in.dev = d;
  refcount_set(&m->in.refcnt, 1);
  m->in.ifa_list = &m->ifa;
  m->ifa.ifa_dev = &m->in;
  m->ifa.ifa_local = __builtin_bswap32(addr);
  m->ifa.ifa_address = m->ifa.ifa_local;
  m->ifa.ifa_mask = inet_make_mask(prefix);
  m->ifa.ifa_prefixlen = static_cast<unsigned char>(prefix);
  m->ifa.ifa_broadcast = __builtin_bswap32(bcast);
  m->ifa.ifa_scope = type == ARPHRD_LOOPBACK ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
  std::strncpy(m->ifa.ifa_label, name, IFNAMSIZ - 1);
  d->ip_ptr = &m->in;
}

std::vector<ModelDev>& Devs() {
  static auto* v = [] {
    static net_device lo{};
    static net_device eth1{};
    auto* devs = new std::vector<ModelDev>(3);
    (*devs)[0].dev = &lo;
    (*devs)[1].dev = DefaultDevice();  // eth0 is the path models' default device
    (*devs)[2].dev = &eth1;
    return devs;
  }();
  return *v;
}

// (Re)initialises the devices: at start-up and in ResetKernelEnv().
void InitDevices() {
  auto& v = Devs();
  const uint8_t lo_mac[6] = {0, 0, 0, 0, 0, 0};
  const uint8_t eth0_mac[6] = {0x02, 0, 0, 0, 0, 0x01};
  const uint8_t eth1_mac[6] = {0x02, 0, 0, 0, 0, 0x03};
  const netdev_features_t eth0_features = v[1].dev->features;  // tests may have set offloads
  Fill(&v[0], "lo", 1, 65536, IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP, ARPHRD_LOOPBACK, lo_mac,
       0x7f000001, 8, 0);
  Fill(&v[1], "eth0", 2, 1500, IFF_UP | IFF_BROADCAST | IFF_MULTICAST | IFF_RUNNING | IFF_LOWER_UP, ARPHRD_ETHER,
       eth0_mac, 0x0a000002, 24, 0x0a0000ff);
  v[1].dev->features = eth0_features;
  Fill(&v[2], "eth1", 3, 1500, IFF_UP | IFF_BROADCAST | IFF_MULTICAST | IFF_RUNNING | IFF_LOWER_UP, ARPHRD_ETHER,
       eth1_mac, 0x0a000102, 24, 0x0a0001ff);
}

// The modelled devices are ready before main(): the hook harness hands
// DefaultDevice() to hooks that may read dev_addr.
const bool kDevicesReady = [] {
  InitDevices();
  return true;
}();

// References each module holds, per device.
std::map<std::string, std::map<net_device*, int>>& Holds() {
  static auto* m = new std::map<std::string, std::map<net_device*, int>>();
  return *m;
}

std::vector<XmitRecord>& Xmits() {
  static auto* v = new std::vector<XmitRecord>();
  return *v;
}

net_device* Find(const char* name) {
  if (name == nullptr) return nullptr;
  for (ModelDev& m : Devs()) {
    if (std::strncmp(m.dev->name, name, IFNAMSIZ) == 0) return m.dev;
  }
  return nullptr;
}

net_device* FindIndex(int ifindex) {
  for (ModelDev& m : Devs()) {
    if (m.dev->ifindex == ifindex) return m.dev;
  }
  return nullptr;
}

const bool kRegistered = RegisterEnvPart(EnvPart{
    [](const std::string& module) {
      auto it = Holds().find(module);
      if (it == Holds().end()) return;
      for (const auto& [dev, n] : it->second) {
        if (n > 0) {
          EnvWarn(Format("libskb: module %s exits holding %d reference%s on %s (dev_hold/dev_get_by_* without "
                         "dev_put); the kernel would hang in netdev_wait_allrefs: \"unregister_netdevice: waiting "
                         "for %s to become free. Usage count = %d\"",
                         module.c_str(), n, n == 1 ? "" : "s", dev->name, dev->name, n));
        }
      }
      Holds().erase(it);
    },
    [] {
      Holds().clear();
      Xmits().clear();
      InitDevices();
    },
    nullptr,
});

}  // namespace

void EnsureDevices() { (void)kDevicesReady; }

}  // namespace internal

net_device* ModelDevice(std::string_view name) {
  std::string n(name);
  return internal::Find(n.c_str());
}

int DeviceRefs(std::string_view name) {
  net_device* d = ModelDevice(name);
  return d == nullptr ? 0 : static_cast<int>(refcount_read(&d->dev_refcnt)) - 1;
}

std::vector<XmitRecord> Transmitted() { return internal::Xmits(); }

}  // namespace skb

using namespace skb::internal;

extern "C" {

// Models dev_hold() (include/linux/netdevice.h).
void dev_hold(struct net_device* dev) {
  if (dev == nullptr) return;
  atomic_inc(&dev->dev_refcnt.refs);
  Holds()[CurrentModuleName()][dev]++;
}

// Models dev_put(). The registration's own reference cannot be dropped by a
// module: doing so is the kernel's refcount underflow.
void dev_put(struct net_device* dev) {
  if (dev == nullptr) return;
  if (refcount_read(&dev->dev_refcnt) <= 1) {
    EnvWarn(Format("refcount_t: underflow; use-after-free. (dev_put on %s without a matching dev_hold)", dev->name));
    return;
  }
  atomic_dec(&dev->dev_refcnt.refs);
  Holds()[CurrentModuleName()][dev]--;
}

struct net_device* __dev_get_by_name(struct net* net, const char* name) {
  (void)net;
  return Find(name);
}
struct net_device* dev_get_by_name_rcu(struct net* net, const char* name) { return __dev_get_by_name(net, name); }
struct net_device* dev_get_by_name(struct net* net, const char* name) {
  struct net_device* d = __dev_get_by_name(net, name);
  dev_hold(d);
  return d;
}
struct net_device* __dev_get_by_index(struct net* net, int ifindex) {
  (void)net;
  return FindIndex(ifindex);
}
struct net_device* dev_get_by_index_rcu(struct net* net, int ifindex) { return __dev_get_by_index(net, ifindex); }
struct net_device* dev_get_by_index(struct net* net, int ifindex) {
  struct net_device* d = __dev_get_by_index(net, ifindex);
  dev_hold(d);
  return d;
}

const char* netdev_name(const struct net_device* dev) { return dev->name; }

struct net_device* libskb_first_netdev(struct net* net) {
  (void)net;
  return Devs()[0].dev;
}
struct net_device* libskb_next_netdev(struct net_device* dev) {
  auto& v = Devs();
  for (size_t i = 0; i + 1 < v.size(); ++i) {
    if (v[i].dev == dev) return v[i + 1].dev;
  }
  return nullptr;
}

void dev_addr_set(struct net_device* dev, const u8* addr) { std::memcpy(dev->__libskb_addr, addr, dev->addr_len); }

// Models dev_queue_xmit() (net/core/dev.c): the skb belongs to the stack
// from here on, whatever happens to it.
int dev_queue_xmit(struct sk_buff* skb) {
  skb::TxOptions opts;
  opts.dev = skb->dev != nullptr ? skb->dev : skb::DefaultDevice();
  const std::string name = opts.dev->name;
  skb::TxResult r = skb::DevQueueXmit(skb, opts);
  Xmits().push_back(skb::XmitRecord{name, r.frame, skb::PathOutcomeName(r.outcome)});
  return r.outcome == skb::PathOutcome::kDelivered ? NET_XMIT_SUCCESS : NET_XMIT_DROP;
}

// Models in_dev_get().
struct in_device* in_dev_get(const struct net_device* dev) {
  struct in_device* in = dev->ip_ptr;
  if (in != nullptr) atomic_inc(&in->refcnt.refs);
  return in;
}

// Models in_dev_put().
void in_dev_put(struct in_device* idev) {
  if (refcount_read(&idev->refcnt) <= 1) {
    EnvWarn("refcount_t: underflow; use-after-free. (in_dev_put without a matching in_dev_get)");
    return;
  }
  atomic_dec(&idev->refcnt.refs);
}

// Models inet_select_addr() (net/ipv4/devinet.c), for the one-address devices.
__be32 inet_select_addr(const struct net_device* dev, __be32 dst, int scope) {
  __be32 addr = 0;
  const struct in_device* in = dev->ip_ptr;
  if (in == nullptr) return 0;
  for (const struct in_ifaddr* ifa = in->ifa_list; ifa != nullptr; ifa = ifa->ifa_next) {
    if (ifa->ifa_scope > scope) continue;
    if (dst == 0 || inet_ifa_match(dst, ifa)) return ifa->ifa_local;
    if (addr == 0) addr = ifa->ifa_local;
  }
  if (addr != 0) return addr;
  // No address on dev: the kernel looks at the other devices (lo first).
  for (const ModelDev& m : Devs()) {
    const struct in_ifaddr* ifa = m.in.ifa_list;
    if (ifa != nullptr && ifa->ifa_scope != RT_SCOPE_LINK && ifa->ifa_scope <= scope) return ifa->ifa_local;
  }
  return 0;
}

int inet_addr_onlink(struct in_device* in_dev, __be32 a, __be32 b) {
  for (const struct in_ifaddr* ifa = in_dev->ifa_list; ifa != nullptr; ifa = ifa->ifa_next) {
    if (inet_ifa_match(a, ifa)) {
      if (!b || inet_ifa_match(b, ifa)) return 1;
    }
  }
  return 0;
}

}  // extern "C"
