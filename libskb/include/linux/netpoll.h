/* SPDX-License-Identifier: MIT */
/*
 * libskb: netpoll (include/linux/netpoll.h, net/core/netpoll.c), the
 * interface netconsole and some modules use to send UDP datagrams straight
 * to a device's transmit routine, bypassing the stack.
 *
 * Declarations only: struct netpoll with the fields modules fill in, and the
 * functions with the kernel's prototypes. netpoll_setup() and
 * netpoll_send_udp() are not modelled - they need the device's netpoll state
 * (dev->npinfo) and a direct ndo_start_xmit path - so a call ends the run
 * naming the function (the build's "not modelled" stubs) rather than
 * pretending a datagram was sent.
 *
 * API personality: local_ip/remote_ip are union inet_addr with an ipv6 flag
 * from v3.9 (Cong Wang, "netpoll: add IPv6 support"), __be32 before; netpoll_send_udp() returns int
 * from v6.13, void before.
 */
#ifndef _LIBSKB_LINUX_NETPOLL_H
#define _LIBSKB_LINUX_NETPOLL_H

#include <linux/compiler.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/libskb_api.h>
#include <linux/skbuff.h>
#include <linux/types.h>

struct net_device;

#ifndef IFNAMSIZ
#define IFNAMSIZ 16
#endif
#ifndef ETH_ALEN
#define ETH_ALEN 6
#endif

union inet_addr {
	__u32 all[4];
	__be32 ip;
	__be32 ip6[4];
	struct in_addr in;
	struct in6_addr in6;
};

struct netpoll {
	struct net_device *dev;
	char dev_name[IFNAMSIZ];
	const char *name;
#if LIBSKB_API_AT_LEAST(3, 9)
	union inet_addr local_ip, remote_ip;
	bool ipv6;
#else
	__be32 local_ip, remote_ip;
#endif
	u16 local_port, remote_port;
	u8 remote_mac[ETH_ALEN];
};

/* A device's netpoll state (dev->npinfo), reduced to what modules read. */
struct netpoll_info {
	int refcnt;
	struct sk_buff_head txq;
	struct netpoll *netpoll;
};

LIBSKB_EXTERN_C_BEGIN
/* Not modelled: netpoll_setup(), __netpoll_setup(), netpoll_cleanup(), netpoll_send_udp(). */
int netpoll_setup(struct netpoll *np);
int __netpoll_setup(struct netpoll *np, struct net_device *ndev);
void netpoll_cleanup(struct netpoll *np);
#if LIBSKB_API_AT_LEAST(6, 13)
int netpoll_send_udp(struct netpoll *np, const char *msg, int len);
#else
void netpoll_send_udp(struct netpoll *np, const char *msg, int len);
#endif
void netpoll_print_options(struct netpoll *np);
int netpoll_parse_options(struct netpoll *np, char *opt);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_NETPOLL_H */
