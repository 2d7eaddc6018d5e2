/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/if.h>, the kernel's view of include/uapi/linux/if.h:
 * IFNAMSIZ, the interface flags (IFF_*) and operational states. The
 * installed uapi header is not included: its user-space build pulls in
 * glibc's <sys/socket.h> (the kernel's #ifndef __KERNEL__ branch), which
 * kernel code never sees. struct ifreq/ifmap (ioctl plumbing) are not
 * declared.
 */
#ifndef _LIBSKB_LINUX_IF_H
#define _LIBSKB_LINUX_IF_H
#define _LINUX_IF_H	/* the uapi guard: this header stands in for it */

#include <linux/types.h>

#define IFNAMSIZ	16
#define IFALIASZ	256
#define ALTIFNAMSIZ	128

enum net_device_flags {
	IFF_UP				= 1 << 0,
	IFF_BROADCAST			= 1 << 1,
	IFF_DEBUG			= 1 << 2,
	IFF_LOOPBACK			= 1 << 3,
	IFF_POINTOPOINT			= 1 << 4,
	IFF_NOTRAILERS			= 1 << 5,
	IFF_RUNNING			= 1 << 6,
	IFF_NOARP			= 1 << 7,
	IFF_PROMISC			= 1 << 8,
	IFF_ALLMULTI			= 1 << 9,
	IFF_MASTER			= 1 << 10,
	IFF_SLAVE			= 1 << 11,
	IFF_MULTICAST			= 1 << 12,
	IFF_PORTSEL			= 1 << 13,
	IFF_AUTOMEDIA			= 1 << 14,
	IFF_DYNAMIC			= 1 << 15,
	IFF_LOWER_UP			= 1 << 16,
	IFF_DORMANT			= 1 << 17,
	IFF_ECHO			= 1 << 18,
};
#define IFF_UP IFF_UP
#define IFF_BROADCAST IFF_BROADCAST
#define IFF_DEBUG IFF_DEBUG
#define IFF_LOOPBACK IFF_LOOPBACK
#define IFF_POINTOPOINT IFF_POINTOPOINT
#define IFF_NOTRAILERS IFF_NOTRAILERS
#define IFF_RUNNING IFF_RUNNING
#define IFF_NOARP IFF_NOARP
#define IFF_PROMISC IFF_PROMISC
#define IFF_ALLMULTI IFF_ALLMULTI
#define IFF_MASTER IFF_MASTER
#define IFF_SLAVE IFF_SLAVE
#define IFF_MULTICAST IFF_MULTICAST
#define IFF_PORTSEL IFF_PORTSEL
#define IFF_AUTOMEDIA IFF_AUTOMEDIA
#define IFF_DYNAMIC IFF_DYNAMIC
#define IFF_LOWER_UP IFF_LOWER_UP
#define IFF_DORMANT IFF_DORMANT
#define IFF_ECHO IFF_ECHO
#define IFF_VOLATILE (IFF_LOOPBACK | IFF_POINTOPOINT | IFF_BROADCAST | IFF_ECHO | \
		      IFF_MASTER | IFF_SLAVE | IFF_RUNNING | IFF_LOWER_UP | IFF_DORMANT)

enum {
	IF_OPER_UNKNOWN,
	IF_OPER_NOTPRESENT,
	IF_OPER_DOWN,
	IF_OPER_LOWERLAYERDOWN,
	IF_OPER_TESTING,
	IF_OPER_DORMANT,
	IF_OPER_UP,
};

enum {
	IF_LINK_MODE_DEFAULT,
	IF_LINK_MODE_DORMANT,
	IF_LINK_MODE_TESTING,
};

#endif /* _LIBSKB_LINUX_IF_H */
