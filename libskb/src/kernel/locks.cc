// libskb: locking, RCU, preemption and `current` for a single-threaded model
// of the kernel (<linux/spinlock.h>, <linux/mutex.h>, <linux/rwsem.h>,
// <linux/rcupdate.h>, <linux/preempt.h>, <linux/sched.h>).
//
// Nothing ever waits: one thread runs the module. What is kept is the state
// the kernel's lock debugging (CONFIG_DEBUG_SPINLOCK, CONFIG_DEBUG_MUTEXES,
// lockdep, CONFIG_DEBUG_ATOMIC_SLEEP) checks, so the misuse those report on a
// debug kernel is reported here as a WARN-tier report (execution goes on).
#include <linux/errno.h>
#include <linux/kmod.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/semaphore.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>
#include <set>
#include <string>
#include <utility>

#include "internal.h"
#include "kernel/kernel_internal.h"
#include "skb/kernel_core.h"
#include "skb/netfilter.h"

namespace skb {
namespace internal {
namespace {

struct CoreState {
  int spin_depth = 0;     // spinlocks and rwlocks held
  int rcu_depth = 0;      // rcu_read_lock() nesting
  int preempt_depth = 0;  // preempt_disable() nesting
  struct Pending {
    rcu_head* head;        // call_rcu: head and func
    rcu_callback_t func;
    const void* kfree_ptr;  // kfree_rcu: the object
  };
  std::deque<Pending> rcu_pending;
  std::set<const void*> slept;  // callers already reported by MightSleep
  task_struct process{};
  task_struct idle{};
};

CoreState& St() {
  static auto* s = [] {
    auto* st = new CoreState();
    std::strncpy(st->process.comm, "insmod", TASK_COMM_LEN - 1);
    st->process.pid = st->process.tgid = 1000;
    st->process.real_parent = st->process.parent = &st->process;
    std::strncpy(st->idle.comm, "swapper/0", TASK_COMM_LEN - 1);
    st->idle.real_parent = st->idle.parent = &st->idle;
    return st;
  }();
  return *s;
}

bool InHook() { return RunningHook() != nullptr; }

const task_struct& Current() { return InHook() ? St().idle : St().process; }

std::string TaskLine() {
  const task_struct& t = Current();
  return Format("%s/%d", t.comm, static_cast<int>(t.pid));
}

// "BUG: spinlock recursion on CPU#0, insmod/1000" (kernel/locking/spinlock_debug.c spin_dump).
void SpinBug(const void* lock, const char* msg, const char* func, const void* caller) {
  KernelWarn(Site::kLockDebug, "BUG",
             Format("BUG: %s on CPU#0, %s\n lock: %p, .magic: dead4ead, .owner: %s, .owner_cpu: 0\n"
                    "libskb: in %s()\n",
                    msg, TaskLine().c_str(), lock, TaskLine().c_str(), func),
             caller);
}

// lockdep's "WARNING: bad unlock balance detected!" (kernel/locking/lockdep.c print_unlock_imbalance_bug).
void UnlockImbalance(const void* lock, const char* what, const char* func, const void* caller) {
  KernelWarn(Site::kLockDebug, "WARNING",
             Format("=====================================\n"
                    "WARNING: bad unlock balance detected!\n"
                    "-------------------------------------\n"
                    "%s is trying to release lock (%s %p) at: %s()\n"
                    "but there are no more locks to release!\n",
                    TaskLine().c_str(), what, lock, func),
             caller);
}

// lockdep's "WARNING: possible recursive locking detected" (print_deadlock_bug).
void RecursiveLocking(const void* lock, const char* what, const char* func, const void* caller) {
  KernelWarn(Site::kLockDebug, "WARNING",
             Format("============================================\n"
                    "WARNING: possible recursive locking detected\n"
                    "--------------------------------------------\n"
                    "%s is trying to acquire lock:\n (%s %p) at: %s()\n\n"
                    "but task is already holding lock:\n (%s %p)\n\n"
                    "*** DEADLOCK ***\n",
                    TaskLine().c_str(), what, lock, func, what, lock),
             caller);
}

}  // namespace

void MightSleep(const std::string& location, const void* caller) {
  CoreState& s = St();
  const bool hook = InHook();
  const int preempt = (hook ? SOFTIRQ_OFFSET : 0) + s.spin_depth + s.preempt_depth;
  const int rcu = s.rcu_depth + (hook ? 1 : 0);  // nf_hook() runs the hooks under rcu_read_lock()
  if (preempt == 0 && rcu == 0) return;
  if (!s.slept.insert(caller).second) return;  // the kernel rate-limits this report to once a second
  const Profile& prof = Active();
  const task_struct& t = Current();
  std::string text = Format("BUG: sleeping function called from invalid context at %s\n", location.c_str());
  if (prof.AtLeast(5, 15)) {
    text += Format("in_atomic(): %d, irqs_disabled(): 0, non_block: 0, pid: %d, name: %s\n", preempt != 0 ? 1 : 0,
                   static_cast<int>(t.pid), t.comm);
    text += Format("preempt_count: %x, expected: 0\nRCU nest depth: %d, expected: 0\n", preempt, rcu);
  } else {
    text += Format("in_atomic(): %d, irqs_disabled(): 0, pid: %d, name: %s\n", preempt != 0 ? 1 : 0,
                   static_cast<int>(t.pid), t.comm);
  }
  if (hook) {
    text += Format("libskb: netfilter hooks run in softirq context under rcu_read_lock(); sleeping is not "
                   "allowed there\n");
  } else if (s.spin_depth > 0) {
    text += Format("libskb: %d spinlock%s held\n", s.spin_depth, s.spin_depth == 1 ? "" : "s");
  }
  KernelWarn(Site::kMightSleep, "BUG", text, caller);
}

}  // namespace internal

size_t RunRcuCallbacks() {
  auto& s = internal::St();
  size_t n = 0;
  while (!s.rcu_pending.empty()) {
    internal::CoreState::Pending p = s.rcu_pending.front();
    s.rcu_pending.pop_front();
    if (p.kfree_ptr != nullptr) {
      kfree(p.kfree_ptr);
    } else {
      p.func(p.head);
    }
    ++n;
  }
  return n;
}

size_t PendingRcuCallbacks() { return internal::St().rcu_pending.size(); }

void SetCurrentTask(std::string_view comm, int pid) {
  task_struct& t = internal::St().process;
  std::memset(t.comm, 0, sizeof(t.comm));
  std::memcpy(t.comm, comm.data(), std::min(comm.size(), sizeof(t.comm) - 1));
  t.pid = t.tgid = pid;
}

void ResetKernelCore() {
  auto& s = internal::St();
  s.spin_depth = s.rcu_depth = s.preempt_depth = 0;
  s.rcu_pending.clear();
  s.slept.clear();
}

int AtomicDepth() {
  auto& s = internal::St();
  return s.spin_depth + s.rcu_depth + s.preempt_depth;
}

}  // namespace skb

using skb::internal::St;

extern "C" {

// Models spin_lock() with CONFIG_DEBUG_SPINLOCK (do_raw_spin_lock ->
// debug_spin_lock_before): a lock already held is "spinlock recursion" (on
// one CPU it would deadlock).
void libskb_spin_lock(spinlock_t* lock, const char* func) {
  if (lock->locked != 0) {
    skb::internal::SpinBug(lock, "spinlock recursion", func, LIBSKB_CALLER());
    return;  // still held once; the matching unlock releases it
  }
  lock->locked = 1;
  St().spin_depth++;
}

// Models spin_trylock(): 1 and held, or 0 if already held.
int libskb_spin_trylock(spinlock_t* lock) {
  if (lock->locked != 0) return 0;
  lock->locked = 1;
  St().spin_depth++;
  return 1;
}

// Models spin_unlock() with CONFIG_DEBUG_SPINLOCK (debug_spin_unlock).
void libskb_spin_unlock(spinlock_t* lock, const char* func) {
  if (lock->locked == 0) {
    skb::internal::SpinBug(lock, "spinlock already unlocked", func, LIBSKB_CALLER());
    return;
  }
  lock->locked = 0;
  if (St().spin_depth > 0) St().spin_depth--;
}

// rwlock_t: locked = 1 while write-held, else readers << 1.
void libskb_read_lock(rwlock_t* lock, const char* func) {
  if (lock->locked == 1) {
    skb::internal::SpinBug(lock, "rwlock recursion (read_lock while write-held)", func, LIBSKB_CALLER());
    return;
  }
  lock->locked += 2;
  St().spin_depth++;
}

void libskb_read_unlock(rwlock_t* lock, const char* func) {
  if (lock->locked < 2) {
    skb::internal::UnlockImbalance(lock, "rwlock_t (read)", func, LIBSKB_CALLER());
    return;
  }
  lock->locked -= 2;
  if (St().spin_depth > 0) St().spin_depth--;
}

void libskb_write_lock(rwlock_t* lock, const char* func) {
  if (lock->locked != 0) {
    skb::internal::SpinBug(lock, "rwlock recursion (write_lock while held)", func, LIBSKB_CALLER());
    return;
  }
  lock->locked = 1;
  St().spin_depth++;
}

void libskb_write_unlock(rwlock_t* lock, const char* func) {
  if (lock->locked != 1) {
    skb::internal::UnlockImbalance(lock, "rwlock_t (write)", func, LIBSKB_CALLER());
    return;
  }
  lock->locked = 0;
  if (St().spin_depth > 0) St().spin_depth--;
}

// Models mutex_lock() (kernel/locking/mutex.c): might_sleep(), then lockdep's
// recursive-locking check.
void libskb_mutex_lock(struct mutex* lock, const char* func) {
  skb::internal::MightSleep("kernel/locking/mutex.c:?", LIBSKB_CALLER());
  if (lock->locked != 0) {
    skb::internal::RecursiveLocking(lock, "struct mutex", func, LIBSKB_CALLER());
    return;
  }
  lock->locked = 1;
}

// Models mutex_trylock(): 1 and held, or 0.
int libskb_mutex_trylock(struct mutex* lock) {
  if (lock->locked != 0) return 0;
  lock->locked = 1;
  return 1;
}

// Models mutex_unlock() with CONFIG_DEBUG_MUTEXES: unlocking a mutex that is
// not held is DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current).
void libskb_mutex_unlock(struct mutex* lock) {
  if (lock->locked == 0) {
    skb::internal::UnlockImbalance(lock, "struct mutex", "mutex_unlock", LIBSKB_CALLER());
    return;
  }
  lock->locked = 0;
}

// Models down_read() (kernel/locking/rwsem.c): a sleeping lock.
void down_read(struct rw_semaphore* sem) {
  skb::internal::MightSleep("kernel/locking/rwsem.c:?", LIBSKB_CALLER());
  if (sem->count < 0) {
    skb::internal::RecursiveLocking(sem, "struct rw_semaphore", "down_read", LIBSKB_CALLER());
    return;
  }
  sem->count++;
}

int down_read_trylock(struct rw_semaphore* sem) {
  if (sem->count < 0) return 0;
  sem->count++;
  return 1;
}

void up_read(struct rw_semaphore* sem) {
  if (sem->count <= 0) {
    skb::internal::UnlockImbalance(sem, "struct rw_semaphore (read)", "up_read", LIBSKB_CALLER());
    return;
  }
  sem->count--;
}

void down_write(struct rw_semaphore* sem) {
  skb::internal::MightSleep("kernel/locking/rwsem.c:?", LIBSKB_CALLER());
  if (sem->count != 0) {
    skb::internal::RecursiveLocking(sem, "struct rw_semaphore", "down_write", LIBSKB_CALLER());
    return;
  }
  sem->count = -1;
}

int down_write_trylock(struct rw_semaphore* sem) {
  if (sem->count != 0) return 0;
  sem->count = -1;
  return 1;
}

void up_write(struct rw_semaphore* sem) {
  if (sem->count != -1) {
    skb::internal::UnlockImbalance(sem, "struct rw_semaphore (write)", "up_write", LIBSKB_CALLER());
    return;
  }
  sem->count = 0;
}

// Models downgrade_write(): the writer becomes one reader.
void downgrade_write(struct rw_semaphore* sem) {
  if (sem->count != -1) {
    skb::internal::UnlockImbalance(sem, "struct rw_semaphore (write)", "downgrade_write", LIBSKB_CALLER());
    return;
  }
  sem->count = 1;
}

// Models rcu_read_lock(): nesting only (one thread, no concurrent updater).
void libskb_rcu_read_lock(void) { St().rcu_depth++; }

// Models rcu_read_unlock(); without a matching lock lockdep reports an
// unlock imbalance.
void libskb_rcu_read_unlock(const char* func) {
  if (St().rcu_depth == 0) {
    skb::internal::UnlockImbalance(nullptr, "rcu_read_lock", func, LIBSKB_CALLER());
    return;
  }
  St().rcu_depth--;
}

int libskb_rcu_read_lock_held(void) { return St().rcu_depth > 0 || skb::RunningHook() != nullptr; }

// Models call_rcu() (kernel/rcu/tree.c): queued until the next grace period.
void call_rcu(struct rcu_head* head, rcu_callback_t func) {
  St().rcu_pending.push_back({head, func, nullptr});
}

// kfree_rcu(): kfree after the next grace period.
void libskb_kfree_rcu(const void* ptr) {
  if (ptr == nullptr) return;
  St().rcu_pending.push_back({nullptr, nullptr, ptr});
}

// Models synchronize_rcu(): a sleeping call that returns after a grace
// period; every callback queued before it has run by then.
void synchronize_rcu(void) {
  skb::internal::MightSleep("kernel/rcu/tree.c:?", LIBSKB_CALLER());
  if (St().rcu_depth > 0) {
    // "Illegal synchronize_rcu() in RCU read-side critical section" (RCU_LOCKDEP_WARN).
    skb::internal::KernelWarn(skb::Site::kLockDebug, "WARNING",
                              "WARNING: suspicious RCU usage\n"
                              "kernel/rcu/tree.c: Illegal synchronize_rcu() in RCU read-side critical section!\n",
                              LIBSKB_CALLER());
  }
  skb::RunRcuCallbacks();
}

// Models rcu_barrier(): waits for every queued callback.
void rcu_barrier(void) { skb::RunRcuCallbacks(); }

// The model's preempt_count() (include/linux/preempt.h).
int libskb_preempt_count(void) {
  auto& s = St();
  return (skb::RunningHook() != nullptr ? SOFTIRQ_OFFSET : 0) + s.spin_depth + s.preempt_depth;
}

void libskb_preempt_add(int n) {
  auto& s = St();
  if (n < 0 && s.preempt_depth + n < 0) {
    skb::internal::KernelWarn(skb::Site::kLockDebug, "BUG",
                              "BUG: scheduling while atomic: preempt_enable() without preempt_disable()\n",
                              LIBSKB_CALLER());
    return;
  }
  s.preempt_depth += n;
}

// might_sleep() in module code: the module's own file:line.
void libskb_might_sleep(const char* file, int line) {
  skb::internal::MightSleep(skb::internal::Format("%s:%d", file, line), LIBSKB_CALLER());
}

// `current` (arch/x86 get_current()): see <linux/sched.h>.
struct task_struct* libskb_get_current(void) {
  return const_cast<task_struct*>(&skb::internal::Current());
}

// Models __get_task_comm() (fs/exec.c): NUL-terminated copy.
char* __get_task_comm(char* to, size_t len, struct task_struct* tsk) {
  if (len == 0) return to;
  std::strncpy(to, tsk->comm, len - 1);
  to[len - 1] = '\0';
  return to;
}

}  // extern "C"

extern "C" {

// Models down() (kernel/locking/semaphore.c): a sleeping call; with the
// count at 0 the only thread would sleep forever: reported, and it returns.
void down(struct semaphore* sem) {
  skb::internal::MightSleep("kernel/locking/semaphore.c:?", LIBSKB_CALLER());
  if (sem->count <= 0) {
    skb::internal::RecursiveLocking(sem, "struct semaphore", "down", LIBSKB_CALLER());
    return;
  }
  sem->count--;
}

int down_interruptible(struct semaphore* sem) {
  skb::internal::MightSleep("kernel/locking/semaphore.c:?", LIBSKB_CALLER());
  if (sem->count <= 0) {
    skb::internal::RecursiveLocking(sem, "struct semaphore", "down_interruptible", LIBSKB_CALLER());
    return 0;
  }
  sem->count--;
  return 0;
}

int down_killable(struct semaphore* sem) { return down_interruptible(sem); }

// Models down_trylock(): 0 if acquired, 1 if not (the reverse of spin_trylock).
int down_trylock(struct semaphore* sem) {
  if (sem->count <= 0) return 1;
  sem->count--;
  return 0;
}

// Models down_timeout(): -ETIME when the count stays 0 (nothing else can up() it).
int down_timeout(struct semaphore* sem, long jiffies) {
  (void)jiffies;
  skb::internal::MightSleep("kernel/locking/semaphore.c:?", LIBSKB_CALLER());
  if (sem->count <= 0) return -ETIME;
  sem->count--;
  return 0;
}

void up(struct semaphore* sem) { sem->count++; }

// Models request_module() for a kernel that cannot load modules
// (CONFIG_MODULES=n): -ENOSYS.
int __request_module(bool wait, const char* fmt, ...) {
  (void)wait;
  va_list ap;
  va_start(ap, fmt);
  std::string name = skb::internal::KernelVformat(fmt, ap);
  va_end(ap);
  std::fprintf(stderr, "libskb: request_module(\"%s\") returns -ENOSYS: the model loads no other modules\n",
               name.c_str());
  return -ENOSYS;
}

}  // extern "C"
