// libskb: counting semaphores (<linux/semaphore.h>) with single-threaded
// semantics: a down() that would sleep forever is reported, never returned
// from as if woken.
#include <errno.h>
#include <linux/semaphore.h>

#include <string>

#include "internal.h"

namespace {

// A sleeping down*() on a taken semaphore: in the kernel the task sleeps
// until another one calls up(); in the single-threaded model none ever will.
[[noreturn]] void SleepsForever(const char* function, const struct semaphore* sem, const void* caller) {
  std::string message = skb::internal::Format(
      "libskb: %s(%p) in module code would sleep forever: the semaphore is taken (count 0) and no other "
      "task runs in the model to up() it; the kernel would hang here (hung-task detector: \"INFO: task "
      "blocked for more than 120 seconds\")\n",
      function, static_cast<const void*>(sem));
  skb::internal::BugAt(skb::Site::kModuleBug, "kernel/locking/semaphore.c", function, nullptr, message, caller);
}

}  // namespace

extern "C" {

// Models down() (kernel/locking/semaphore.c, every profile).
void down(struct semaphore* sem) {
  if (sem->count == 0) SleepsForever("down", sem, LIBSKB_CALLER());
  --sem->count;
}

// Models down_interruptible(): no signal can arrive while the model sleeps,
// so a taken semaphore sleeps forever as with down().
int down_interruptible(struct semaphore* sem) {
  if (sem->count == 0) SleepsForever("down_interruptible", sem, LIBSKB_CALLER());
  --sem->count;
  return 0;
}

// Models down_killable() (v2.6.26+).
int down_killable(struct semaphore* sem) {
  if (sem->count == 0) SleepsForever("down_killable", sem, LIBSKB_CALLER());
  --sem->count;
  return 0;
}

// Models down_trylock(): 0 on success, 1 when the semaphore is not free
// (the inverse of mutex_trylock's convention, as in the kernel).
int down_trylock(struct semaphore* sem) {
  if (sem->count == 0) return 1;
  --sem->count;
  return 0;
}

// Models down_timeout(): nobody can up() the semaphore within the timeout,
// so a taken one times out (-ETIME); the model's clock is not advanced.
int down_timeout(struct semaphore* sem, long /*jiffies*/) {
  if (sem->count == 0) return -ETIME;
  --sem->count;
  return 0;
}

// Models up().
void up(struct semaphore* sem) { ++sem->count; }

}  // extern "C"
