// libskb: deferred work - workqueues (<linux/workqueue.h>,
// kernel/workqueue.c), tasklets (<linux/interrupt.h>, kernel/softirq.c) and
// kernel threads (<linux/kthread.h>, kernel/kthread.c).
#include <errno.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/workqueue.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>
#include <vector>

#include "internal.h"
#include "kernel/kernel_env_internal.h"
#include "net/netfilter_internal.h"
#include "skb/kernel_env.h"

struct workqueue_struct {
  std::string name;
  unsigned int flags = 0;
  bool system = false;
  std::string module;
};

namespace skb {
namespace internal {
namespace {

struct QueuedWork {
  work_struct* work;
  workqueue_struct* wq;
  std::string module;
};

struct QueuedTasklet {
  tasklet_struct* t;
  bool hi;
  std::string module;
};

struct Kthread {
  task_struct* task;
  int (*fn)(void*);
  std::string name;
  std::string module;
};

// Callbacks RunPendingDeferred runs in one call before it assumes a work
// item or tasklet re-queues itself forever.
constexpr int kMaxCallbacksPerRun = 100000;

std::deque<QueuedWork>& Works() {
  static auto* d = new std::deque<QueuedWork>();
  return *d;
}
std::deque<QueuedTasklet>& Tasklets() {
  static auto* d = new std::deque<QueuedTasklet>();
  return *d;
}
std::vector<Kthread>& Kthreads() {
  static auto* v = new std::vector<Kthread>();
  return *v;
}
std::vector<work_struct*>& RunningWork() {
  static auto* v = new std::vector<work_struct*>();
  return *v;
}
// Workqueues created by modules (system ones are static).
std::vector<workqueue_struct*>& Queues() {
  static auto* v = new std::vector<workqueue_struct*>();
  return *v;
}

workqueue_struct* SystemWq(const char* name) {
  auto* wq = new workqueue_struct();
  wq->name = name;
  wq->system = true;
  return wq;
}

void Enqueue(work_struct* work, workqueue_struct* wq) {
  const std::string m = CurrentModuleName();
  Works().push_back(QueuedWork{work, wq, m});
}

bool Dequeue(work_struct* work) {
  auto& d = Works();
  for (auto it = d.begin(); it != d.end(); ++it) {
    if (it->work == work) {
      d.erase(it);
      return true;
    }
  }
  return false;
}

void RunWork(const QueuedWork& q) {
  work_struct* w = q.work;
  // process_one_work(): PENDING is cleared before the function runs, so it
  // can queue itself again.
  w->data &= ~static_cast<long>(WORK_STRUCT_PENDING);
  RunningWork().push_back(w);
  struct Pop {
    ~Pop() { RunningWork().pop_back(); }
  } pop;
  const std::string fn = FunctionName(reinterpret_cast<const void*>(w->func));
  if (w->func == nullptr) {
    EnvWarn("libskb: work item " + Hex(w) + " queued with a NULL function");
    return;
  }
  RunCallback("work " + fn, q.module, [&] { w->func(w); });
}

void RunTasklet(const QueuedTasklet& q) {
  tasklet_struct* t = q.t;
  t->state &= ~(1UL << TASKLET_STATE_SCHED);
  const void* fn = t->use_callback ? reinterpret_cast<const void*>(t->callback) : reinterpret_cast<const void*>(t->func);
  RunCallback("tasklet " + FunctionName(fn), q.module, [&] {
    if (t->use_callback) {
      t->callback(t);
    } else {
      t->func(t->data);
    }
  });
}

// One pass over the runnable tasklets (HI first); disabled ones stay queued.
int RunTasklets() {
  int ran = 0;
  for (bool hi : {true, false}) {
    std::deque<QueuedTasklet> keep;
    size_t n = Tasklets().size();
    for (size_t i = 0; i < n && !Tasklets().empty(); ++i) {
      QueuedTasklet q = Tasklets().front();
      Tasklets().pop_front();
      if (q.hi != hi || atomic_read(&q.t->count) != 0) {
        keep.push_back(q);
        continue;
      }
      RunTasklet(q);
      ++ran;
    }
    for (auto it = keep.rbegin(); it != keep.rend(); ++it) Tasklets().push_front(*it);
  }
  return ran;
}

bool HasRunnableTasklet() {
  for (const QueuedTasklet& q : Tasklets()) {
    if (atomic_read(&q.t->count) == 0) return true;
  }
  return false;
}

}  // namespace

int RunPendingDeferred() {
  int ran = 0;
  while (ran < kMaxCallbacksPerRun) {
    if (HasRunnableTasklet()) {
      ran += RunTasklets();
      continue;
    }
    if (Works().empty()) return ran;
    QueuedWork q = Works().front();
    Works().pop_front();
    RunWork(q);
    ++ran;
  }
  EnvWarn(Format("libskb: %d deferred callbacks ran without the queues emptying: a work item or tasklet re-queues "
                 "itself endlessly (the kernel would keep a CPU busy); the rest stays pending",
                 kMaxCallbacksPerRun));
  return ran;
}

namespace {

const bool kRegistered = RegisterEnvPart(EnvPart{
    [](const std::string& module) {
      auto& d = Works();
      for (auto it = d.begin(); it != d.end();) {
        if (it->module == module) {
          EnvWarn("libskb: module " + module + " left work " +
                  FunctionName(reinterpret_cast<const void*>(it->work->func)) +
                  " pending after its exit function; a worker would call into the unloaded module (libskb "
                  "dropped it)");
          it->work->data &= ~static_cast<long>(WORK_STRUCT_PENDING);
          it = d.erase(it);
        } else {
          ++it;
        }
      }
      auto& t = Tasklets();
      for (auto it = t.begin(); it != t.end();) {
        if (it->module == module) {
          EnvWarn("libskb: module " + module + " left a tasklet scheduled after its exit function (libskb dropped it)");
          it->t->state = 0;
          it = t.erase(it);
        } else {
          ++it;
        }
      }
      auto& k = Kthreads();
      for (auto it = k.begin(); it != k.end();) {
        if (it->module == module) {
          EnvWarn("libskb: module " + module + " left kthread " + it->name +
                  " unstopped after its exit function; it would run unloaded code (libskb stopped it)");
          RemoveRegistration(it->task, "kthread");
          std::free(it->task);
          it = k.erase(it);
        } else {
          ++it;
        }
      }
      auto& q = Queues();
      for (auto it = q.begin(); it != q.end();) {
        if ((*it)->module == module) {
          EnvWarn("libskb: module " + module + " left workqueue " + (*it)->name +
                  " allocated after its exit function (never destroyed)");
          RemoveRegistration(*it, "workqueue");
          it = q.erase(it);  // leaked, as in the kernel
        } else {
          ++it;
        }
      }
    },
    [] {
      for (const QueuedWork& w : Works()) w.work->data &= ~static_cast<long>(WORK_STRUCT_PENDING);
      Works().clear();
      for (const QueuedTasklet& t : Tasklets()) t.t->state = 0;
      Tasklets().clear();
      for (const Kthread& k : Kthreads()) std::free(k.task);
      Kthreads().clear();
      Queues().clear();
    },
    [](std::vector<KernelRegistration>* out) {
      for (const QueuedWork& w : Works()) {
        out->push_back(KernelRegistration{"work", FunctionName(reinterpret_cast<const void*>(w.work->func)), w.module});
      }
      for (const QueuedTasklet& t : Tasklets()) {
        const void* fn =
            t.t->use_callback ? reinterpret_cast<const void*>(t.t->callback) : reinterpret_cast<const void*>(t.t->func);
        out->push_back(KernelRegistration{"tasklet", FunctionName(fn), t.module});
      }
    },
});

}  // namespace
}  // namespace internal
}  // namespace skb

using namespace skb::internal;

extern "C" {

struct workqueue_struct* system_wq = SystemWq("events");
struct workqueue_struct* system_highpri_wq = SystemWq("events_highpri");
struct workqueue_struct* system_long_wq = SystemWq("events_long");
struct workqueue_struct* system_unbound_wq = SystemWq("events_unbound");
struct workqueue_struct* system_freezable_wq = SystemWq("events_freezable");
struct workqueue_struct* system_power_efficient_wq = SystemWq("events_power_efficient");
struct workqueue_struct* system_freezable_power_efficient_wq = SystemWq("events_freezable_pwr_efficient");
struct workqueue_struct* system_bh_wq = SystemWq("events_bh");

// Models alloc_workqueue() (kernel/workqueue.c).
struct workqueue_struct* alloc_workqueue(const char* fmt, unsigned int flags, int max_active, ...) {
  (void)max_active;
  if (!AllocationAllowed()) return nullptr;
  char name[32];  // WQ_NAME_LEN (24 before 6.11)
  va_list ap;
  va_start(ap, max_active);
  std::vsnprintf(name, sizeof(name), fmt, ap);
  va_end(ap);
  auto* wq = new workqueue_struct();
  wq->name = name;
  wq->flags = flags;
  wq->module = CurrentModuleName();
  Queues().push_back(wq);
  AddRegistration(wq, "workqueue", wq->name, wq->module);
  return wq;
}

// Models flush_workqueue(): runs what is queued on wq, in order, until none is left.
void flush_workqueue(struct workqueue_struct* wq) {
  for (int guard = 0; guard < 100000; ++guard) {
    auto& d = Works();
    auto it = d.begin();
    while (it != d.end() && it->wq != wq) ++it;
    if (it == d.end()) return;
    QueuedWork q = *it;
    d.erase(it);
    RunWork(q);
  }
}

void drain_workqueue(struct workqueue_struct* wq) { flush_workqueue(wq); }

// Models destroy_workqueue(): drains, then frees.
void destroy_workqueue(struct workqueue_struct* wq) {
  if (wq == nullptr || wq->system) return;
  drain_workqueue(wq);
  RemoveRegistration(wq, "workqueue");
  auto& q = Queues();
  for (auto it = q.begin(); it != q.end(); ++it) {
    if (*it == wq) {
      q.erase(it);
      break;
    }
  }
  delete wq;
}

void flush_scheduled_work(void) { flush_workqueue(system_wq); }

// Models queue_work_on(): test_and_set_bit(WORK_STRUCT_PENDING_BIT).
bool queue_work_on(int cpu, struct workqueue_struct* wq, struct work_struct* work) {
  (void)cpu;
  if (work->data & WORK_STRUCT_PENDING) return false;
  work->data |= WORK_STRUCT_PENDING;
  Enqueue(work, wq);
  return true;
}

// The timer function of delayed work (kernel/workqueue.c delayed_work_timer_fn).
void libskb_delayed_work_timer_fn(struct timer_list* t) {
  struct delayed_work* dwork = from_timer(dwork, t, timer);
  Enqueue(&dwork->work, dwork->wq);
}

// Models queue_delayed_work_on() / __queue_delayed_work().
bool queue_delayed_work_on(int cpu, struct workqueue_struct* wq, struct delayed_work* dwork, unsigned long delay) {
  (void)cpu;
  if (dwork->work.data & WORK_STRUCT_PENDING) return false;
  dwork->work.data |= WORK_STRUCT_PENDING;
  dwork->wq = wq;
  if (delay == 0) {
    Enqueue(&dwork->work, wq);
    return true;
  }
  dwork->timer.function = libskb_delayed_work_timer_fn;
  ArmInternalTimer(&dwork->timer, jiffies + delay);
  return true;
}

// Models cancel_delayed_work(): false if it was neither waiting nor queued.
bool cancel_delayed_work(struct delayed_work* dwork) {
  const bool timer = del_timer(&dwork->timer) != 0;
  const bool queued = Dequeue(&dwork->work);
  if (timer || queued) {
    dwork->work.data &= ~static_cast<long>(WORK_STRUCT_PENDING);
    return true;
  }
  return false;
}

bool cancel_delayed_work_sync(struct delayed_work* dwork) { return cancel_delayed_work(dwork); }

// Models mod_delayed_work_on(): true if it was pending before.
bool mod_delayed_work_on(int cpu, struct workqueue_struct* wq, struct delayed_work* dwork, unsigned long delay) {
  const bool was = cancel_delayed_work(dwork);
  queue_delayed_work_on(cpu, wq, dwork, delay);
  return was;
}

// Models flush_work(): runs the work now if it is queued.
bool flush_work(struct work_struct* work) {
  auto& d = Works();
  for (auto it = d.begin(); it != d.end(); ++it) {
    if (it->work == work) {
      QueuedWork q = *it;
      d.erase(it);
      RunWork(q);
      return true;
    }
  }
  return false;
}

// Models flush_delayed_work(): a waiting timer fires at once.
bool flush_delayed_work(struct delayed_work* dwork) {
  if (del_timer(&dwork->timer)) Enqueue(&dwork->work, dwork->wq);
  return flush_work(&dwork->work);
}

// Models cancel_work() / cancel_work_sync().
bool cancel_work(struct work_struct* work) {
  if (Dequeue(work)) {
    work->data &= ~static_cast<long>(WORK_STRUCT_PENDING);
    return true;
  }
  return false;
}
bool cancel_work_sync(struct work_struct* work) { return cancel_work(work); }

// Models queue_rcu_work(): an RCU grace period is immediate in the model.
bool queue_rcu_work(struct workqueue_struct* wq, struct rcu_work* rwork) {
  rwork->wq = wq;
  return queue_work_on(WORK_CPU_UNBOUND, wq, &rwork->work);
}

unsigned int work_busy(struct work_struct* work) {
  unsigned int ret = 0;
  if (work->data & WORK_STRUCT_PENDING) ret |= WORK_BUSY_PENDING;
  for (work_struct* w : RunningWork()) {
    if (w == work) ret |= WORK_BUSY_RUNNING;
  }
  return ret;
}

struct work_struct* current_work(void) { return RunningWork().empty() ? nullptr : RunningWork().back(); }

// Models tasklet_init() (kernel/softirq.c).
void tasklet_init(struct tasklet_struct* t, void (*func)(unsigned long), unsigned long data) {
  t->next = nullptr;
  t->state = 0;
  atomic_set(&t->count, 0);
  t->func = func;
  t->use_callback = false;
  t->data = data;
}

// Models tasklet_setup() (v5.9+).
void tasklet_setup(struct tasklet_struct* t, void (*callback)(struct tasklet_struct*)) {
  t->next = nullptr;
  t->state = 0;
  atomic_set(&t->count, 0);
  t->callback = callback;
  t->use_callback = true;
  t->data = 0;
}

static void Schedule(struct tasklet_struct* t, bool hi) {
  if (t->state & (1UL << TASKLET_STATE_SCHED)) return;
  t->state |= 1UL << TASKLET_STATE_SCHED;
  Tasklets().push_back(QueuedTasklet{t, hi, CurrentModuleName()});
}

// Models tasklet_schedule().
void tasklet_schedule(struct tasklet_struct* t) { Schedule(t, false); }
// Models tasklet_hi_schedule().
void tasklet_hi_schedule(struct tasklet_struct* t) { Schedule(t, true); }

// Models tasklet_kill().
void tasklet_kill(struct tasklet_struct* t) {
  auto& d = Tasklets();
  for (auto it = d.begin(); it != d.end(); ++it) {
    if (it->t == t) {
      d.erase(it);
      break;
    }
  }
  t->state = 0;
}

// Models kthread_create_on_node(): the thread exists and is never scheduled
// (see <linux/kthread.h>).
struct task_struct* kthread_create_on_node(int (*threadfn)(void* data), void* data, int node, const char namefmt[],
                                           ...) {
  (void)data;
  (void)node;
  if (!AllocationAllowed()) return reinterpret_cast<struct task_struct*>(static_cast<intptr_t>(-ENOMEM));
  char name[16];  // TASK_COMM_LEN
  va_list ap;
  va_start(ap, namefmt);
  std::vsnprintf(name, sizeof(name), namefmt, ap);
  va_end(ap);
  // An opaque, zeroed block stands in for the task_struct.
  auto* task = static_cast<task_struct*>(std::calloc(1, 4096));
  Kthread k{task, threadfn, name, CurrentModuleName()};
  Kthreads().push_back(k);
  const std::string fn = FunctionName(reinterpret_cast<const void*>(threadfn));
  AddRegistration(task, "kthread", std::string(name) + " (" + fn + ")", k.module);
  std::fprintf(stderr,
               "libskb: kthread %s (%s) created; kernel threads are not scheduled by the model (see "
               "<linux/kthread.h>): its function does not run\n",
               name, fn.c_str());
  return task;
}

// Models kthread_stop(): the thread never ran, so kthread() returns -EINTR
// without calling threadfn.
int kthread_stop(struct task_struct* k) {
  auto& v = Kthreads();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it->task == k) {
      RemoveRegistration(k, "kthread");
      std::free(k);
      v.erase(it);
      return -EINTR;
    }
  }
  EnvWarn("libskb: kthread_stop() on " + Hex(k) + ", which is not a kthread of the model");
  return -EINTR;
}

// Models kthread_should_stop(): only asked from a kthread, and none runs.
bool kthread_should_stop(void) { return false; }

void kthread_bind(struct task_struct* k, unsigned int cpu) {
  (void)k;
  (void)cpu;
}

int libskb_kthread_wake(struct task_struct* k) {
  (void)k;
  return 1;
}

}  // extern "C"
