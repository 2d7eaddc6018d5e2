// SPDX-License-Identifier: MIT
/*
 * skb_oracle: random, legal skb programs and their interpreter.
 *
 * Plain kernel C using only the kernel skb API: compiled into Linux 6.12 as
 * part of a KUnit suite (skb_oracle_kunit.c) and in userspace against libskb
 * (main.cc). See docs/oracle.md.
 *
 * Legality. Every choice depends only on logical state (lengths, sharing
 * predicates, headroom) or on a lower bound of end - tail that the generator
 * tracks itself (groom[]), never on tailroom or truesize, which depend on the
 * allocator. The generator never does what the kernel BUGs or WARNs on: put
 * on a non-linear skb, put/reserve past the guaranteed tailroom, push past
 * headroom, pull past headlen, skb_trim on a paged skb, write into data shared
 * with a clone, add frags to or extend the frag_list of a cloned skb, split a
 * cloned skb, checksum past len, checksum_help with offsets outside headlen.
 * Every byte in [data, tail) was written by the program (headroom and
 * tailroom bytes are uninitialised in both worlds), so byte hashes compare.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <net/checksum.h>
#include "skb_oracle.h"
#else
#include <stdarg.h>
#include <stdio.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/checksum.h>
#include "skb_oracle.h"
#endif

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

#define FRAG_MAX_SIZE 2048

static u64 fnv(u64 h, const unsigned char *p, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

static u64 fnv_str(u64 h, const char *s)
{
	return fnv(h, (const unsigned char *)s, (unsigned int)strlen(s) + 1);
}

/* splitmix64 */
static u64 rnd(struct skb_oracle_ctx *c)
{
	u64 z = (c->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int below(struct skb_oracle_ctx *c, unsigned int n)
{
	return n ? (unsigned int)(rnd(c) % n) : 0;
}

static void fill(struct skb_oracle_ctx *c, unsigned char *p, unsigned int n)
{
	unsigned int i = 0;

	while (i < n) {
		u64 r = rnd(c);
		unsigned int k;

		for (k = 0; k < 8 && i < n; k++, i++)
			p[i] = (unsigned char)(r >> (8 * k));
	}
}

static __printf(2, 3) void cat(char *buf, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used >= SKB_ORACLE_LINE - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, SKB_ORACLE_LINE - used, fmt, ap);
	va_end(ap);
}

/* Hashes part_l and part_a into the program hashes; prints them if tracing. */
static void flush(struct skb_oracle_ctx *c)
{
	c->hash_l = fnv_str(c->hash_l, c->part_l);
	c->hash_a = fnv_str(c->hash_a, c->part_a);
	c->hash_x = fnv_str(c->hash_x, c->part_x);
	if (c->trace) {
		snprintf(c->line, sizeof(c->line), "T %u %s | %s | %s", c->index,
			 c->part_l, c->part_a, c->part_x);
		c->emit(c->arg, c->line);
	}
	c->part_l[0] = 0;
	c->part_a[0] = 0;
	c->part_x[0] = 0;
}

static int page_id(struct skb_oracle_ctx *c, const struct page *p)
{
	int i;

	for (i = 0; i < SKB_ORACLE_PAGES; i++)
		if (c->page[i] == p)
			return i;
	return -1;
}

static u64 hash_bytes(struct skb_oracle_ctx *c, const struct sk_buff *skb)
{
	u64 h = FNV_OFFSET;
	unsigned int off = 0;

	while (off < skb->len) {
		unsigned int n = skb->len - off;

		if (n > sizeof(c->scratch))
			n = sizeof(c->scratch);
		if (skb_copy_bits(skb, (int)off, c->scratch, (int)n))
			return 0xdeadULL;
		h = fnv(h, c->scratch, n);
		off += n;
	}
	return h;
}

static void state_skb(struct skb_oracle_ctx *c, int k)
{
	struct sk_buff *skb = c->slot[k];
	struct skb_shared_info *sh = skb_shinfo(skb);
	struct sk_buff *it;
	unsigned int i, n = 0;

	cat(c->part_l, "s%d len=%u dl=%u hl=%u hr=%u nf=%u f=", k, skb->len,
	    skb->data_len, skb_headlen(skb), skb_headroom(skb), sh->nr_frags);
	for (i = 0; i < sh->nr_frags; i++) {
		const skb_frag_t *f = &sh->frags[i];

		cat(c->part_l, "%s%d:%u:%u", i ? "," : "",
		    page_id(c, skb_frag_page(f)), skb_frag_off(f),
		    skb_frag_size(f));
	}
	cat(c->part_l, " fl=");
	skb_walk_frags(skb, it) {
		cat(c->part_l, "%s%u/%u/%u/%d", n ? "," : "", it->len,
		    it->data_len, skb_shinfo(it)->nr_frags,
		    refcount_read(&it->users));
		n++;
	}
	cat(c->part_l, " cl=%d%d%d%d dr=%x fc=%d u=%d ip=%d",
	    skb->cloned, !!skb_cloned(skb), !!skb_header_cloned(skb),
	    skb->nohdr, atomic_read(&sh->dataref), skb->fclone,
	    refcount_read(&skb->users), skb->ip_summed);
	if (c->touched & (1u << k))
		cat(c->part_l, " h=%016llx",
		    (unsigned long long)hash_bytes(c, skb));
	cat(c->part_a, "tr=%d ts=%u end=%u hf=%d", skb_tailroom(skb),
	    skb->truesize, (unsigned int)skb_end_offset(skb), skb->head_frag);
	flush(c);
}

static void state_all(struct skb_oracle_ctx *c)
{
	int k;

	for (k = 0; k < SKB_ORACLE_SLOTS; k++)
		if (c->slot[k])
			state_skb(c, k);
	cat(c->part_l, "pg");
	for (k = 0; k < SKB_ORACLE_PAGES; k++)
		cat(c->part_l, " %d", page_count(c->page[k]));
	flush(c);
	c->touched = 0;
}

/* ---- slot helpers ---- */

static int pick_live(struct skb_oracle_ctx *c)
{
	int k, n = 0, want;

	for (k = 0; k < SKB_ORACLE_SLOTS; k++)
		n += c->slot[k] != NULL;
	if (!n)
		return -1;
	want = (int)below(c, (unsigned int)n);
	for (k = 0; k < SKB_ORACLE_SLOTS; k++)
		if (c->slot[k] && want-- == 0)
			return k;
	return -1;
}

static int pick_empty(struct skb_oracle_ctx *c)
{
	int k;

	for (k = 0; k < SKB_ORACLE_SLOTS; k++)
		if (!c->slot[k])
			return k;
	return -1;
}

static void groom_sub(struct skb_oracle_ctx *c, int k, unsigned int d)
{
	c->groom[k] = c->groom[k] > d ? c->groom[k] - d : 0;
}

#define OPL(...) cat(c->part_l, __VA_ARGS__)

static const char *ptr(const void *p)
{
	return p ? "ptr" : "null";
}

/* ---- operations: each returns 1 if it ran, 0 if not legal now ---- */

static int op_alloc(struct skb_oracle_ctx *c)
{
	int k = pick_empty(c);
	unsigned int kind, size;
	struct sk_buff *skb;

	if (k < 0)
		return 0;
	kind = below(c, 3);
	switch (below(c, 4)) {
	case 0: size = below(c, 64); break;
	case 1: size = below(c, 4000); break;
	default: size = below(c, 1600); break;
	}
	if (kind == 0)
		skb = alloc_skb(size, GFP_KERNEL);
	else if (kind == 1)
		skb = alloc_skb_fclone(size, GFP_KERNEL);
	else
		skb = netdev_alloc_skb(NULL, size);
	OPL("%s s%d %u r=%s", kind == 0 ? "alloc_skb" : kind == 1 ?
	    "alloc_skb_fclone" : "netdev_alloc_skb", k, size, ptr(skb));
	c->slot[k] = skb;
	c->groom[k] = size;
	c->touched |= 1u << k;
	return 1;
}

static int op_reserve(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int r;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	if (skb->len || skb_cloned(skb) || !c->groom[k])
		return 0;
	r = below(c, (c->groom[k] < 256 ? c->groom[k] : 256) + 1);
	skb_reserve(skb, (int)r);
	c->groom[k] -= r;
	OPL("skb_reserve s%d %u", k, r);
	return 1;
}

static int op_put(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int n;
	unsigned char *p;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	if (skb_is_nonlinear(skb) || skb_cloned(skb) || !c->groom[k])
		return 0;
	n = below(c, (c->groom[k] < 1500 ? c->groom[k] : 1500) + 1);
	p = skb_put(skb, n);
	fill(c, p, n);
	c->groom[k] -= n;
	c->touched |= 1u << k;
	OPL("skb_put s%d %u r=%s", k, n, ptr(p));
	return 1;
}

static int op_push(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int n, hr;
	unsigned char *p;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	hr = skb_headroom(skb);
	if (skb_cloned(skb) || !hr)
		return 0;
	n = below(c, (hr < 128 ? hr : 128) + 1);
	p = skb_push(skb, n);
	fill(c, p, n);
	c->touched |= 1u << k;
	OPL("skb_push s%d %u r=%s", k, n, ptr(p));
	return 1;
}

static int op_pull(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int n;
	void *p;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	if (below(c, 8) == 0)
		n = skb->len + 1 + below(c, 8); /* > len: returns NULL */
	else
		n = below(c, skb_headlen(skb) + 1);
	p = skb_pull(skb, n);
	OPL("skb_pull s%d %u r=%s", k, n, ptr(p));
	return 1;
}

static int op_trim(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int n;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	if (skb->data_len)
		return 0;
	n = below(c, skb->len + 1);
	c->groom[k] += skb->len - n;
	skb_trim(skb, n);
	OPL("skb_trim s%d %u", k, n);
	return 1;
}

static int op_rx_frag(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int pg, off, size, ts, nr;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	nr = skb_shinfo(skb)->nr_frags;
	if (skb_cloned(skb) || skb_has_frag_list(skb) || nr >= MAX_SKB_FRAGS)
		return 0;
	pg = below(c, SKB_ORACLE_PAGES);
	off = below(c, PAGE_SIZE);
	size = 1 + below(c, PAGE_SIZE - off);
	if (size > FRAG_MAX_SIZE)
		size = FRAG_MAX_SIZE;
	ts = below(c, 2) ? PAGE_SIZE / 2 : PAGE_SIZE;
	get_page(c->page[pg]);
	skb_add_rx_frag(skb, (int)nr, c->page[pg], (int)off, (int)size, ts);
	c->touched |= 1u << k;
	OPL("skb_add_rx_frag s%d %u p%u %u %u %u", k, nr, pg, off, size, ts);
	return 1;
}

static int op_may_pull(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int n, hl;
	bool r;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	hl = skb_headlen(skb);
	n = below(c, skb->len + 16);
	r = pskb_may_pull(skb, n);
	if (r && n > hl)
		groom_sub(c, k, n - hl);
	c->touched |= 1u << k;
	OPL("pskb_may_pull s%d %u r=%d", k, n, r);
	return 1;
}

static int op_pull_tail(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int d;
	void *p;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	if (!skb->data_len)
		return 0;
	d = 1 + below(c, skb->data_len);
	p = __pskb_pull_tail(skb, (int)d);
	if (p)
		groom_sub(c, k, d);
	c->touched |= 1u << k;
	OPL("__pskb_pull_tail s%d %u r=%s", k, d, ptr(p));
	return 1;
}

static int op_linearize(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int d;
	int cow, r;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	d = skb->data_len;
	cow = (int)below(c, 2);
	r = cow ? skb_linearize_cow(skb) : skb_linearize(skb);
	if (!r)
		groom_sub(c, k, d);
	c->touched |= 1u << k;
	OPL("%s s%d r=%d", cow ? "skb_linearize_cow" : "skb_linearize", k, r);
	return 1;
}

static int op_pskb_trim(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int n, hl;
	int r;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	hl = skb_headlen(skb);
	n = below(c, skb->len + 1);
	if (!skb->data_len)
		c->groom[k] += skb->len - n;
	else if (n < hl)
		c->groom[k] += hl - n;
	else
		/* skb_condense() may pull the remaining frags into the tailroom */
		groom_sub(c, k, n - hl);
	r = pskb_trim(skb, n);
	c->touched |= 1u << k;
	OPL("pskb_trim s%d %u r=%d", k, n, r);
	return 1;
}

static int op_clone(struct skb_oracle_ctx *c)
{
	int k = pick_live(c), d = pick_empty(c);
	struct sk_buff *n;

	if (k < 0 || d < 0)
		return 0;
	n = skb_clone(c->slot[k], GFP_KERNEL);
	c->slot[d] = n;
	c->groom[d] = c->groom[k];
	c->touched |= 1u << d;
	OPL("skb_clone s%d->s%d r=%s", k, d, ptr(n));
	return 1;
}

static int op_unclone(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	int r;

	if (k < 0)
		return 0;
	r = skb_unclone(c->slot[k], GFP_KERNEL);
	OPL("skb_unclone s%d r=%d", k, r);
	return 1;
}

static int op_copy(struct skb_oracle_ctx *c)
{
	int k = pick_live(c), d = pick_empty(c);
	unsigned int kind, nh = 0, nt = 0;
	struct sk_buff *n;

	if (k < 0 || d < 0)
		return 0;
	kind = below(c, 3);
	if (kind == 0) {
		n = skb_copy(c->slot[k], GFP_KERNEL);
		c->groom[d] = c->groom[k];
		OPL("skb_copy s%d->s%d r=%s", k, d, ptr(n));
	} else if (kind == 1) {
		n = pskb_copy(c->slot[k], GFP_KERNEL);
		c->groom[d] = 0;
		OPL("pskb_copy s%d->s%d r=%s", k, d, ptr(n));
	} else {
		nh = below(c, 128);
		nt = below(c, 256);
		n = skb_copy_expand(c->slot[k], (int)nh, (int)nt, GFP_KERNEL);
		c->groom[d] = nt;
		OPL("skb_copy_expand s%d->s%d %u %u r=%s", k, d, nh, nt, ptr(n));
	}
	c->slot[d] = n;
	c->touched |= 1u << d;
	return 1;
}

static int op_expand(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	unsigned int nh, nt;
	int r;

	if (k < 0)
		return 0;
	nh = below(c, 3) ? below(c, 128) : 0;
	nt = below(c, 3) ? below(c, 512) : 0;
	r = pskb_expand_head(c->slot[k], (int)nh, (int)nt, GFP_KERNEL);
	if (!r)
		c->groom[k] += nt;
	c->touched |= 1u << k;
	OPL("pskb_expand_head s%d %u %u r=%d", k, nh, nt, r);
	return 1;
}

static int op_cow(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	unsigned int h, head;
	int r;

	if (k < 0)
		return 0;
	h = below(c, 256);
	head = below(c, 2);
	r = head ? skb_cow_head(c->slot[k], h) : skb_cow(c->slot[k], h);
	c->touched |= 1u << k;
	OPL("%s s%d %u r=%d", head ? "skb_cow_head" : "skb_cow", k, h, r);
	return 1;
}

static int op_ensure_writable(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int wl, hl, o = 0, l = 0;
	int r;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	hl = skb_headlen(skb);
	wl = below(c, skb->len + 8);
	r = skb_ensure_writable(skb, wl);
	if (!r && wl > hl)
		groom_sub(c, k, wl - hl);
	if (!r && wl && below(c, 2)) {
		o = below(c, wl);
		l = wl - o;
		fill(c, skb->data + o, l);
	}
	c->touched |= 1u << k;
	OPL("skb_ensure_writable s%d %u r=%d write=%u+%u", k, wl, r, o, l);
	return 1;
}

static int op_frag_list(struct skb_oracle_ctx *c)
{
	int a = pick_live(c), b = pick_live(c);
	struct sk_buff *sa, *sb, **pp;

	if (a < 0 || b < 0 || a == b)
		return 0;
	sa = c->slot[a];
	sb = c->slot[b];
	if (!sb->len || skb_cloned(sa) || skb_has_frag_list(sb) ||
	    skb_shared(sb) || sa->head == sb->head)
		return 0;
	/*
	 * The chain's links live in its members: a last member that another
	 * frag_list also holds (users > 1) would extend both chains.
	 */
	pp = &skb_shinfo(sa)->frag_list;
	while (*pp) {
		if (!(*pp)->next && skb_shared(*pp))
			return 0;
		pp = &(*pp)->next;
	}
	sb->next = NULL;
	*pp = sb;
	sa->len += sb->len;
	sa->data_len += sb->len;
	sa->truesize += sb->truesize;
	c->slot[b] = NULL;
	c->touched |= 1u << a;
	OPL("frag_list_append s%d<-s%d", a, b);
	return 1;
}

static int op_split(struct skb_oracle_ctx *c)
{
	int k = pick_live(c), d = pick_empty(c);
	struct sk_buff *skb, *n;
	unsigned int l, hl, size;

	if (k < 0 || d < 0)
		return 0;
	skb = c->slot[k];
	if (skb_cloned(skb) || skb_has_frag_list(skb))
		return 0;
	hl = skb_headlen(skb);
	l = below(c, skb->len + 1);
	size = hl + below(c, 64);
	n = alloc_skb(size, GFP_KERNEL);
	if (!n) {
		OPL("skb_split s%d alloc r=null", k);
		return 1;
	}
	skb_split(skb, n, l);
	if (l < hl) {
		c->groom[k] += hl - l;
		c->groom[d] = size - (hl - l);
	} else {
		c->groom[d] = size;
	}
	c->slot[d] = n;
	c->touched |= (1u << k) | (1u << d);
	OPL("skb_split s%d->s%d %u (%u)", k, d, l, size);
	return 1;
}

static int op_copy_bits(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int off, l;
	int r;
	u64 h = 0;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	off = below(c, skb->len + 1);
	l = below(c, skb->len - off + 1);
	if (below(c, 8) == 0)
		l = skb->len - off + 1 + below(c, 4); /* past the end: -EFAULT */
	if (l > sizeof(c->scratch))
		l = sizeof(c->scratch);
	r = skb_copy_bits(skb, (int)off, c->scratch, (int)l);
	if (!r)
		h = fnv(FNV_OFFSET, c->scratch, l);
	OPL("skb_copy_bits s%d %u %u r=%d h=%016llx", k, off, l, r,
	    (unsigned long long)h);
	return 1;
}

static int op_checksum(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int off, l;
	__wsum w;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	off = below(c, skb->len + 1);
	l = below(c, skb->len - off + 1);
	w = skb_checksum(skb, (int)off, (int)l, 0);
	OPL("skb_checksum s%d %u %u r=%04x", k, off, l,
	    (unsigned int)(__force u16)csum_fold(w));
	/* the unfolded sum depends on the arch's csum_partial */
	cat(c->part_x, "wsum=%08x", (unsigned int)(__force u32)w);
	return 1;
}

static int op_checksum_help(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	struct sk_buff *skb;
	unsigned int off, co, hl;
	int r;

	if (k < 0)
		return 0;
	skb = c->slot[k];
	hl = skb_headlen(skb);
	if (hl < 2 || skb_shared(skb) || skb_is_gso(skb))
		return 0;
	off = below(c, hl - 1);
	co = below(c, hl - off - 1);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (__u16)(skb_headroom(skb) + off);
	skb->csum_offset = (__u16)co;
	r = skb_checksum_help(skb);
	if (r)
		skb->ip_summed = CHECKSUM_NONE;
	c->touched |= 1u << k;
	OPL("skb_checksum_help s%d %u %u r=%d", k, off, co, r);
	return 1;
}

static int op_free(struct skb_oracle_ctx *c)
{
	int k = pick_live(c);
	unsigned int consume;

	if (k < 0)
		return 0;
	consume = below(c, 2);
	if (consume)
		consume_skb(c->slot[k]);
	else
		kfree_skb(c->slot[k]);
	c->slot[k] = NULL;
	OPL("%s s%d", consume ? "consume_skb" : "kfree_skb", k);
	return 1;
}

struct oracle_op {
	int (*fn)(struct skb_oracle_ctx *c);
	unsigned int weight;
};

static const struct oracle_op oracle_ops[] = {
	{ op_alloc, 8 },	{ op_reserve, 3 },	{ op_put, 10 },
	{ op_push, 4 },		{ op_pull, 4 },		{ op_trim, 3 },
	{ op_rx_frag, 10 },	{ op_may_pull, 5 },	{ op_pull_tail, 3 },
	{ op_linearize, 2 },	{ op_pskb_trim, 4 },	{ op_clone, 6 },
	{ op_unclone, 3 },	{ op_copy, 4 },		{ op_expand, 3 },
	{ op_cow, 3 },		{ op_ensure_writable, 4 }, { op_frag_list, 4 },
	{ op_split, 3 },	{ op_copy_bits, 3 },	{ op_checksum, 3 },
	{ op_checksum_help, 3 }, { op_free, 3 },
};

int skb_oracle_run(struct skb_oracle_ctx *c, u64 seed, unsigned int index)
{
	unsigned int total = 0, i, nops, done = 0, tries = 0;
	int k;

	for (i = 0; i < ARRAY_SIZE(oracle_ops); i++)
		total += oracle_ops[i].weight;

	memset(c->slot, 0, sizeof(c->slot));
	memset(c->groom, 0, sizeof(c->groom));
	memset(c->page, 0, sizeof(c->page));
	c->rng = seed ^ ((u64)index * 0xd1342543de82ef95ULL);
	c->hash_l = FNV_OFFSET;
	c->hash_a = FNV_OFFSET;
	c->hash_x = FNV_OFFSET;
	c->index = index;
	c->part_l[0] = 0;
	c->part_a[0] = 0;
	c->part_x[0] = 0;
	c->touched = 0;

	for (k = 0; k < SKB_ORACLE_PAGES; k++) {
		c->page[k] = alloc_page(GFP_KERNEL);
		if (!c->page[k]) {
			while (--k >= 0)
				put_page(c->page[k]);
			return -ENOMEM;
		}
		fill(c, page_address(c->page[k]), PAGE_SIZE);
	}

	nops = 8 + below(c, 40);
	while (done < nops && tries < nops * 16) {
		unsigned int w = below(c, total);

		tries++;
		for (i = 0; i < ARRAY_SIZE(oracle_ops); i++) {
			if (w < oracle_ops[i].weight)
				break;
			w -= oracle_ops[i].weight;
		}
		cat(c->part_l, "o%u ", done);
		if (!oracle_ops[i].fn(c)) {
			c->part_l[0] = 0;
			c->part_a[0] = 0;
			c->part_x[0] = 0;
			continue;
		}
		done++;
		flush(c);
		state_all(c);
	}

	/* final state: every byte of every live skb, then free everything */
	c->touched = (1u << SKB_ORACLE_SLOTS) - 1;
	cat(c->part_l, "end");
	flush(c);
	state_all(c);
	for (k = 0; k < SKB_ORACLE_SLOTS; k++) {
		if (c->slot[k])
			kfree_skb(c->slot[k]);
		c->slot[k] = NULL;
	}
	cat(c->part_l, "freed pg");
	for (k = 0; k < SKB_ORACLE_PAGES; k++)
		cat(c->part_l, " %d", page_count(c->page[k]));
	flush(c);
	for (k = 0; k < SKB_ORACLE_PAGES; k++)
		put_page(c->page[k]);

	c->ops = done;
	snprintf(c->line, sizeof(c->line), "P %u %016llx %016llx %016llx %u",
		 index, (unsigned long long)c->hash_l,
		 (unsigned long long)c->hash_a, (unsigned long long)c->hash_x,
		 done);
	c->emit(c->arg, c->line);
	return 0;
}

/*
 * Fixed reproducers of the divergences the random programs found
 * (docs/oracle.md, "Divergences found"); printed as
 *	R <name> <logical part> | <allocator part> | <arch part>
 */
static void repro_line(struct skb_oracle_ctx *c, const char *name)
{
	snprintf(c->line, sizeof(c->line), "R %.64s %s | %s | %s", name,
		 c->part_l, c->part_a, c->part_x);
	c->emit(c->arg, c->line);
	c->part_l[0] = 0;
	c->part_a[0] = 0;
	c->part_x[0] = 0;
}

void skb_oracle_repros(struct skb_oracle_ctx *c)
{
	static const unsigned char b3[3] = { 1, 2, 3 };
	struct sk_buff *skb;
	struct page *pg;
	__wsum w;

	c->part_l[0] = 0;
	c->part_a[0] = 0;
	c->part_x[0] = 0;

	/* 1. skb_small_head_cache size, and the pull it changes */
	skb = alloc_skb(62, GFP_KERNEL);
	pg = alloc_page(GFP_KERNEL);
	if (skb && pg) {
		memset(page_address(pg), 0xab, PAGE_SIZE);
		cat(c->part_a, "end=%u ts=%u", (unsigned int)skb_end_offset(skb),
		    skb->truesize);
		repro_line(c, "small_head:alloc_skb(62)");
		get_page(pg);
		skb_add_rx_frag(skb, 0, pg, 0, 1000, PAGE_SIZE);
		kfree_skb(skb_clone(skb, GFP_KERNEL));
		cat(c->part_l, "r=%s", __pskb_pull_tail(skb, 350) ? "ptr" : "null");
		cat(c->part_l, " cloned=%d hl=%u dl=%u", skb->cloned,
		    skb_headlen(skb), skb->data_len);
		cat(c->part_a, "end=%u", (unsigned int)skb_end_offset(skb));
		repro_line(c, "small_head:clone+free+__pskb_pull_tail(350)");
	}
	kfree_skb(skb);
	if (pg)
		put_page(pg);

	/* 2. __netdev_alloc_skb: kmalloc or page-fragment head */
	skb = netdev_alloc_skb(NULL, 563);
	if (skb)
		cat(c->part_a, "hf=%d end=%u ts=%u", skb->head_frag,
		    (unsigned int)skb_end_offset(skb), skb->truesize);
	repro_line(c, "netdev_alloc_skb(563)");
	kfree_skb(skb);

	/* 3. csum_partial: the unfolded sum */
	w = csum_partial(b3, 3, 0);
	cat(c->part_l, "fold=%04x", (unsigned int)(__force u16)csum_fold(w));
	cat(c->part_x, "wsum=%08x", (unsigned int)(__force u32)w);
	repro_line(c, "csum_partial({1,2,3},3,0)");
}

