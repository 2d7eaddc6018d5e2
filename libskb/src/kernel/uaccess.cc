// libskb: user-space access (<linux/uaccess.h>). The model has one address
// space: a __user pointer is a pointer into the harness's memory. What the
// kernel's access_ok()/fault handling refuses, the model refuses the same
// way: NULL and the first page (never mapped in a process), addresses past
// the user address-space limit (TASK_SIZE_MAX on x86_64, 0x7ffffffff000),
// ranges that wrap.
#include <linux/errno.h>
#include <linux/uaccess.h>

#include <cstdint>
#include <cstring>

namespace {

constexpr uintptr_t kTaskSizeMax = 0x7ffffffff000ULL;  // (1 << 47) - PAGE_SIZE
constexpr uintptr_t kMinAddr = 4096;

// How many bytes from `p` can be accessed (the rest faults).
unsigned long Accessible(const void* p, unsigned long n) {
  const auto a = reinterpret_cast<uintptr_t>(p);
  if (n == 0) return 0;
  if (a < kMinAddr || a >= kTaskSizeMax) return 0;
  if (n > kTaskSizeMax - a) return kTaskSizeMax - a;
  return n;
}

}  // namespace

extern "C" {

// Models access_ok() (arch/x86/include/asm/uaccess.h): the range is below the user limit.
bool libskb_access_ok(const void __user* addr, unsigned long size) {
  const auto a = reinterpret_cast<uintptr_t>(addr);
  return size <= kTaskSizeMax && a <= kTaskSizeMax - size;
}

// Models copy_from_user() (include/linux/uaccess.h _copy_from_user): the
// bytes not copied; those are zeroed in @to, as the kernel does.
unsigned long copy_from_user(void* to, const void __user* from, unsigned long n) {
  unsigned long ok = Accessible(from, n);
  if (ok > 0) std::memcpy(to, from, ok);
  if (ok < n) std::memset(static_cast<char*>(to) + ok, 0, n - ok);
  return n - ok;
}

// Models copy_to_user(): the bytes not copied.
unsigned long copy_to_user(void __user* to, const void* from, unsigned long n) {
  unsigned long ok = Accessible(to, n);
  if (ok > 0) std::memcpy(to, from, ok);
  return n - ok;
}

// Models clear_user(): the bytes not cleared.
unsigned long clear_user(void __user* to, unsigned long n) {
  unsigned long ok = Accessible(to, n);
  if (ok > 0) std::memset(to, 0, ok);
  return n - ok;
}

// Models strncpy_from_user() (lib/strncpy_from_user.c): the length of the
// string copied (without its NUL, which is copied too), @count if the string
// is at least that long (no NUL written then), -EFAULT on a fault.
long strncpy_from_user(char* dst, const char __user* src, long count) {
  if (count <= 0) return 0;
  if (Accessible(src, 1) == 0) return -EFAULT;
  for (long i = 0; i < count; ++i) {
    if (Accessible(src + i, 1) == 0) return -EFAULT;
    dst[i] = src[i];
    if (src[i] == '\0') return i;
  }
  return count;
}

// Models strnlen_user(): the length including the NUL; 0 on a fault; a value
// greater than n if no NUL within n bytes.
long strnlen_user(const char __user* str, long n) {
  if (n <= 0) return 0;
  for (long i = 0; i < n; ++i) {
    if (Accessible(str + i, 1) == 0) return 0;
    if (str[i] == '\0') return i + 1;
  }
  return n + 1;
}

}  // extern "C"
