/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/if_vlan.h> - the 802.1Q header and the skb's VLAN tag
 * (include/linux/if_vlan.h, v6.12; the uapi header supplies the ioctl
 * definitions). The model's received packets carry no VLAN tag: devices
 * strip none, so vlan_tci is 0 unless a module sets it.
 */
#ifndef _LIBSKB_LINUX_IF_VLAN_H
#define _LIBSKB_LINUX_IF_VLAN_H

#include <linux/if_ether.h>
#include <linux/libskb_api.h>
#include <linux/skbuff.h>
#include <linux/types.h>

#include_next <linux/if_vlan.h>

#define VLAN_HLEN	4
#define VLAN_ETH_HLEN	18
#define VLAN_ETH_ZLEN	64
#define VLAN_PRIO_MASK	0xe000
#define VLAN_PRIO_SHIFT	13
#define VLAN_CFI_MASK	0x1000
#define VLAN_VID_MASK	0x0fff
#define VLAN_N_VID	4096

struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

struct vlan_ethhdr {
	unsigned char h_dest[ETH_ALEN];
	unsigned char h_source[ETH_ALEN];
	__be16 h_vlan_proto;
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

static inline struct vlan_ethhdr *vlan_eth_hdr(const struct sk_buff *skb)
{
	return (struct vlan_ethhdr *)skb_mac_header(skb);
}

static inline bool eth_type_vlan(__be16 ethertype)
{
	return ethertype == htons(ETH_P_8021Q) || ethertype == htons(ETH_P_8021AD);
}

/* v4.0+: whether the device stripped a tag into skb->vlan_tci (VLAN_TAG_PRESENT
 * bit 0x1000 before v5.0, vlan_present bit from v5.0, vlan_all from v6.1:
 * the model keeps the v4.x encoding in vlan_tci). */
#define VLAN_TAG_PRESENT VLAN_CFI_MASK
static inline bool skb_vlan_tag_present(const struct sk_buff *skb) { return (skb->vlan_tci & VLAN_TAG_PRESENT) != 0; }
static inline __u16 skb_vlan_tag_get(const struct sk_buff *skb) { return skb->vlan_tci & ~VLAN_TAG_PRESENT; }
static inline __u16 skb_vlan_tag_get_id(const struct sk_buff *skb) { return skb->vlan_tci & VLAN_VID_MASK; }
static inline __u8 skb_vlan_tag_get_prio(const struct sk_buff *skb)
{
	return (__u8)((skb->vlan_tci & VLAN_PRIO_MASK) >> VLAN_PRIO_SHIFT);
}
#if !LIBSKB_API_AT_LEAST(4, 0)
/* The pre-4.0 names. */
#define vlan_tx_tag_present(skb) skb_vlan_tag_present(skb)
#define vlan_tx_tag_get(skb) skb_vlan_tag_get(skb)
#endif

static inline void __vlan_hwaccel_put_tag(struct sk_buff *skb, __be16 vlan_proto, u16 vlan_tci)
{
	skb->vlan_proto = vlan_proto;
	skb->vlan_tci = VLAN_TAG_PRESENT | vlan_tci;
}

static inline void __vlan_hwaccel_clear_tag(struct sk_buff *skb) { skb->vlan_tci = 0; }

#endif /* _LIBSKB_LINUX_IF_VLAN_H */
