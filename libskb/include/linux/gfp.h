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

#define __GFP_DMA       0x01u
#define __GFP_HIGHMEM   0x02u
#define __GFP_DMA32     0x04u
#define __GFP_MOVABLE   0x08u
#define __GFP_RECLAIMABLE 0x10u
#define __GFP_WRITE     0x1000u
#define __GFP_RETRY_MAYFAIL 0x4000u
#define __GFP_NOFAIL    0x8000u
#define __GFP_NORETRY   0x10000u
#define __GFP_COMP      0x40000u
#define __GFP_NOMEMALLOC 0x80000u
#define __GFP_HARDWALL  0x100000u
#define __GFP_THISNODE  0x200000u
#define __GFP_ACCOUNT   0x400000u
#define __GFP_RECLAIM   (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
/* __GFP_WAIT (up to 4.3): may sleep - what __GFP_DIRECT_RECLAIM says since. */
#define __GFP_WAIT      __GFP_DIRECT_RECLAIM
#define __GFP_REPEAT    __GFP_RETRY_MAYFAIL

#define GFP_ATOMIC (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOWAIT (__GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOIO (__GFP_RECLAIM)
#define GFP_NOFS (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER (__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA __GFP_DMA
#define GFP_DMA32 __GFP_DMA32
#define GFP_HIGHUSER (GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE)
#define GFP_TEMPORARY GFP_KERNEL /* until 4.14 */
/* gfpflags_allow_blocking() (include/linux/gfp.h): may this allocation sleep? */
#define gfpflags_allow_blocking(gfp) (((gfp) & __GFP_DIRECT_RECLAIM) != 0)

#endif /* _LIBSKB_LINUX_GFP_H */
