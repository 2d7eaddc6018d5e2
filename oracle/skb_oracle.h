/* SPDX-License-Identifier: MIT */
/*
 * skb_oracle: random but legal programs over the kernel skb API, and an
 * interpreter that prints, per operation, the return value and the state of
 * every live skb.
 *
 * The same source (skb_oracle.c) compiles in two places:
 *  - inside Linux 6.12 (copied into net/core/ by scripts/oracle, wrapped in a
 *    KUnit suite by skb_oracle_kunit.c), against the kernel's own headers;
 *  - in userspace against libskb's kernel-API headers (oracle/main.cc).
 * Only kernel API is used, so both runs execute the same program; the two
 * traces are then diffed by oracle/oracle_diff.py.
 *
 * Output: one line per program,
 *	P <index> <logical-hash> <alloc-hash> <arch-hash> <ops>
 * and, for traced programs, the full trace,
 *	T <index> <logical part> | <allocator part> | <arch part>
 * The logical part is everything a caller observes through lengths, return
 * values and bytes; the allocator part holds tailroom, truesize, end and
 * head_frag (kmalloc size classes, page-fragment heads); the arch part holds
 * the unfolded 32-bit checksum of skb_checksum (arch csum_partial; its
 * folded value is logical). The per-program hashes are FNV-1a over all
 * parts of each class.
 */
#ifndef SKB_ORACLE_H
#define SKB_ORACLE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <linux/types.h> /* libskb's */
#endif

#define SKB_ORACLE_SLOTS 4
#define SKB_ORACLE_PAGES 3
#define SKB_ORACLE_LINE 1024

struct sk_buff;
struct page;

struct skb_oracle_ctx {
	/* set by the caller */
	void (*emit)(void *arg, const char *line); /* one line, no newline */
	void *arg;
	int trace;                                 /* emit the full trace */

	/* program state */
	struct sk_buff *slot[SKB_ORACLE_SLOTS];
	unsigned int groom[SKB_ORACLE_SLOTS]; /* lower bound of end - tail */
	struct page *page[SKB_ORACLE_PAGES];
	u64 rng;
	u64 hash_l, hash_a, hash_x;
	unsigned int index;
	unsigned int ops;
	char line[3 * SKB_ORACLE_LINE + 128];
	char part_l[SKB_ORACLE_LINE];
	char part_a[SKB_ORACLE_LINE];
	char part_x[SKB_ORACLE_LINE];
	unsigned int touched;                 /* slots whose bytes get hashed */
	unsigned char scratch[512];
};

/*
 * Runs program @index of the family @seed (generation and execution are
 * interleaved; choices depend only on logical state, so both sides run the
 * same program while they agree). Emits the trace if ctx->trace, then the
 * summary line. Returns 0, or -ENOMEM if the program's pages could not be
 * allocated.
 */
int skb_oracle_run(struct skb_oracle_ctx *ctx, u64 seed, unsigned int index);

/*
 * Runs the fixed reproducers of the divergences found so far (docs/oracle.md)
 * and emits one "R <name> <logical> | <allocator> | <arch>" line each.
 */
void skb_oracle_repros(struct skb_oracle_ctx *ctx);

#endif /* SKB_ORACLE_H */
