// SPDX-License-Identifier: MIT
/*
 * KUnit suite "skb_oracle": runs the oracle programs (skb_oracle.c) against
 * the kernel's own net/core/skbuff.c and prints their summaries (and traces)
 * on the console, prefixed "skb_oracle: ". Copied into net/core/ by
 * scripts/oracle; see docs/oracle.md.
 *
 * Parameters (kernel command line):
 *	skb_oracle_test.programs=N     number of programs (default 1000)
 *	skb_oracle_test.first=I        index of the first program
 *	skb_oracle_test.seed=S         program family
 *	skb_oracle_test.trace_first=I  first program to trace in full
 *	skb_oracle_test.trace_count=K  number of programs to trace
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include "skb_oracle.h"

static unsigned int programs = 1000;
module_param(programs, uint, 0444);
static unsigned int first;
module_param(first, uint, 0444);
static unsigned long long seed = 0x5eed0b5e55ULL;
module_param(seed, ullong, 0444);
static unsigned int trace_first;
module_param(trace_first, uint, 0444);
static unsigned int trace_count;
module_param(trace_count, uint, 0444);

#define ORACLE_BATCH 5000

static void oracle_emit(void *arg, const char *line)
{
	printk(KERN_INFO "skb_oracle: %s\n", line);
}

/* One parameter per batch of ORACLE_BATCH programs: keeps each case far
 * below KUnit's per-case timeout. */
static const void *oracle_batch_gen(const void *prev, char *desc)
{
	static unsigned long next;
	unsigned long b = prev ? next + 1 : 0;

	if ((u64)b * ORACLE_BATCH >= programs)
		return NULL;
	next = b;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "batch %lu", b);
	return &next;
}

static void skb_oracle_programs(struct kunit *test)
{
	unsigned long b = *(const unsigned long *)test->param_value;
	unsigned int i, lo = first + b * ORACLE_BATCH, hi;
	struct skb_oracle_ctx *ctx;

	hi = first + programs;
	if (hi - lo > ORACLE_BATCH)
		hi = lo + ORACLE_BATCH;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->emit = oracle_emit;
	for (i = lo; i < hi; i++) {
		ctx->trace = i >= trace_first && i - trace_first < trace_count;
		KUNIT_EXPECT_EQ(test, skb_oracle_run(ctx, seed, i), 0);
		cond_resched();
	}
	if (hi == first + programs)
		printk(KERN_INFO "skb_oracle: DONE %u\n", programs);
	kfree(ctx);
}

static void skb_oracle_repro(struct kunit *test)
{
	struct skb_oracle_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->emit = oracle_emit;
	skb_oracle_repros(ctx);
	kfree(ctx);
}

static struct kunit_case skb_oracle_cases[] = {
	KUNIT_CASE(skb_oracle_repro),
	KUNIT_CASE_PARAM(skb_oracle_programs, oracle_batch_gen),
	{}
};

static struct kunit_suite skb_oracle_suite = {
	.name = "skb_oracle",
	.test_cases = skb_oracle_cases,
};
kunit_test_suite(skb_oracle_suite);

MODULE_DESCRIPTION("libskb differential oracle: skb programs on the real skbuff.c");
MODULE_LICENSE("Dual MIT/GPL");
