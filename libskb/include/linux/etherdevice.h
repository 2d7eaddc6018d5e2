/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/etherdevice.h> - Ethernet address helpers
 * (include/linux/etherdevice.h, v6.12 semantics, written for any alignment)
 * and the Ethernet header functions of net/ethernet/eth.c.
 */
#ifndef _LIBSKB_LINUX_ETHERDEVICE_H
#define _LIBSKB_LINUX_ETHERDEVICE_H

#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <string.h>

static inline bool is_zero_ether_addr(const u8 *addr)
{
	static const u8 zero[ETH_ALEN] = {0};

	return memcmp(addr, zero, ETH_ALEN) == 0;
}

static inline bool is_multicast_ether_addr(const u8 *addr) { return (addr[0] & 0x01) != 0; }
static inline bool is_local_ether_addr(const u8 *addr) { return (addr[0] & 0x02) != 0; }

static inline bool is_broadcast_ether_addr(const u8 *addr)
{
	return (addr[0] & addr[1] & addr[2] & addr[3] & addr[4] & addr[5]) == 0xff;
}

static inline bool is_unicast_ether_addr(const u8 *addr) { return !is_multicast_ether_addr(addr); }

/* Not 00:00:00:00:00:00, not multicast (broadcast included). */
static inline bool is_valid_ether_addr(const u8 *addr)
{
	return !is_multicast_ether_addr(addr) && !is_zero_ether_addr(addr);
}

static inline void eth_zero_addr(u8 *addr) { memset(addr, 0x00, ETH_ALEN); }
static inline void eth_broadcast_addr(u8 *addr) { memset(addr, 0xff, ETH_ALEN); }

static inline void ether_addr_copy(u8 *dst, const u8 *src) { memcpy(dst, src, ETH_ALEN); }
static inline bool ether_addr_equal(const u8 *addr1, const u8 *addr2) { return memcmp(addr1, addr2, ETH_ALEN) == 0; }
static inline bool ether_addr_equal_unaligned(const u8 *addr1, const u8 *addr2) { return ether_addr_equal(addr1, addr2); }
static inline bool ether_addr_equal_64bits(const u8 *addr1, const u8 *addr2) { return ether_addr_equal(addr1, addr2); }
/* compare_ether_addr() (removed in v3.7): 0 when equal. */
static inline unsigned compare_ether_addr(const u8 *addr1, const u8 *addr2) { return !ether_addr_equal(addr1, addr2); }

static inline u64 ether_addr_to_u64(const u8 *addr)
{
	u64 u = 0;
	int i;

	for (i = 0; i < ETH_ALEN; i++)
		u = u << 8 | addr[i];
	return u;
}

static inline void u64_to_ether_addr(u64 u, u8 *addr)
{
	int i;

	for (i = ETH_ALEN - 1; i >= 0; i--) {
		addr[i] = (u8)(u & 0xff);
		u >>= 8;
	}
}

/* Ethertype values below ETH_P_802_3_MIN are 802.3 lengths. */
static inline bool eth_proto_is_802_3(__be16 proto) { return ntohs(proto) >= ETH_P_802_3_MIN; }

LIBSKB_EXTERN_C_BEGIN
/* Not modelled here (they need the device's address, which the modelled
 * devices of the kernel environment provide): declared so modules build; a
 * call ends the run naming the function. */
__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);
int eth_header(struct sk_buff *skb, struct net_device *dev, unsigned short type, const void *daddr,
	       const void *saddr, unsigned int len);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_ETHERDEVICE_H */
