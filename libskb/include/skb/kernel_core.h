// libskb: the C++ side of the core kernel environment a module lives in
// (src/kernel/: RCU, locks, current, random numbers, allocation context).
//
// What a harness must do between packets:
//   * RunRcuCallbacks(): a quiescent point - every call_rcu()/kfree_rcu()
//     callback queued so far runs (objects a module retired are freed, so a
//     later use of one is a use-after-free ASan reports).
// What it may do:
//   * SetRandomSeed(): the stream behind get_random_bytes()/get_random_u32()/
//     prandom_u32() (deterministic; 0 at start).
//   * SetCurrentTask(): the process `current` names during module_init/exit.
//   * ResetKernelCore(): forget held-lock state and pending callbacks left by
//     a run that was aborted mid-hook (a KernelBug thrown inside a hook).
#ifndef LIBSKB_SKB_KERNEL_CORE_H_
#define LIBSKB_SKB_KERNEL_CORE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace skb {

// Runs the pending RCU callbacks (a grace period ends). Returns how many ran.
// Callbacks queued by the callbacks run in the same call.
size_t RunRcuCallbacks();
// Callbacks waiting for a grace period.
size_t PendingRcuCallbacks();

// Seeds the kernel random number generator (get_random_*, prandom_*).
void SetRandomSeed(uint64_t seed);

// The process `current` is while no hook runs (module_init/exit, a test
// calling module code directly): default "insmod", pid 1000.
void SetCurrentTask(std::string_view comm, int pid);

// Drops the lock and RCU nesting state (after an aborted hook) and discards
// pending RCU callbacks without running them.
void ResetKernelCore();

// Spinlocks, rwlocks, RCU read-side sections and preempt_disable() currently
// held by module code: what in_atomic() sees besides a running hook.
int AtomicDepth();

}  // namespace skb

#endif  // LIBSKB_SKB_KERNEL_CORE_H_
