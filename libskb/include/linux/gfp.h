/* SPDX-License-Identifier: MIT */
/* libskb: allocation flags. The model ignores the reclaim semantics; the values
 * only need to be distinct so that callers compile and reports can print them. */
#ifndef _LIBSKB_LINUX_GFP_H
#define _LIBSKB_LINUX_GFP_H

#include <linux/types.h>

#define __GFP_HIGH      0x20u
#define __GFP_IO        0x40u
#define __GFP_FS        0x80u
#define __GFP_ZERO      0x100u
#define __GFP_NOWARN    0x2000u
#define __GFP_MEMALLOC  0x20000u
#define __GFP_DIRECT_RECLAIM 0x400u
#define __GFP_KSWAPD_RECLAIM 0x800u

#define GFP_ATOMIC (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOWAIT (__GFP_KSWAPD_RECLAIM)

#endif /* _LIBSKB_LINUX_GFP_H */
