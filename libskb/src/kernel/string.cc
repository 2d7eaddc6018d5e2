// libskb: the kernel's string helpers and number parsing (lib/string.c,
// lib/string_helpers.c, mm/util.c, lib/kstrtox.c, lib/vsprintf.c's
// simple_strto*, lib/ctype.c).
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <array>
#include <climits>
#include <cstring>

#include "internal.h"
#include "kernel/kernel_internal.h"

namespace {

// lib/ctype.c: ASCII and the Latin-1 upper half.
constexpr std::array<unsigned char, 256> MakeCtype() {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    unsigned char v = 0;
    if (c < 32 || c == 127) v = _C;
    if (c >= 9 && c <= 13) v |= _S;
    if (c == 32 || c == 160) v = _S | _SP;
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126) ||
        (c >= 161 && c <= 191) || c == 215 || c == 247) {
      v = _P;
    }
    if (c >= '0' && c <= '9') v = _D;
    if (c >= 'A' && c <= 'Z') v = _U | (c <= 'F' ? _X : 0);
    if (c >= 'a' && c <= 'z') v = _L | (c <= 'f' ? _X : 0);
    if ((c >= 192 && c <= 214) || (c >= 216 && c <= 222)) v = _U;
    if ((c >= 223 && c <= 246) || c >= 248) v = _L;
    t[static_cast<size_t>(c)] = v;
  }
  return t;
}
constexpr std::array<unsigned char, 256> kCtype = MakeCtype();

bool IsSpace(char c) { return (kCtype[static_cast<unsigned char>(c)] & _S) != 0; }

// _parse_integer_fixup_radix() (lib/kstrtox.c).
const char* FixupRadix(const char* s, unsigned* base) {
  if (*base == 0) {
    if (s[0] == '0') {
      *base = ((s[1] | 0x20) == 'x' && std::isxdigit(static_cast<unsigned char>(s[2]))) ? 16 : 8;
    } else {
      *base = 10;
    }
  }
  if (*base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x') s += 2;
  return s;
}

constexpr unsigned kOverflow = 1U << 31;

// _parse_integer_limit(): digits consumed, | kOverflow on overflow.
unsigned ParseInteger(const char* s, unsigned base, unsigned long long* p, size_t max_chars) {
  unsigned long long res = 0;
  unsigned rv = 0;
  while (max_chars--) {
    const char c = *s;
    const char lc = static_cast<char>(c | 0x20);
    unsigned val;
    if (c >= '0' && c <= '9') {
      val = static_cast<unsigned>(c - '0');
    } else if (lc >= 'a' && lc <= 'f') {
      val = static_cast<unsigned>(lc - 'a' + 10);
    } else {
      break;
    }
    if (val >= base) break;
    if (res > (ULLONG_MAX - val) / base) rv |= kOverflow;  // the kernel's check, written out
    res = res * base + val;
    ++rv;
    ++s;
  }
  *p = res;
  return rv;
}

int KstrtoullNoPlus(const char* s, unsigned base, unsigned long long* res) {
  unsigned long long r;
  s = FixupRadix(s, &base);
  unsigned rv = ParseInteger(s, base, &r, INT_MAX);
  if (rv & kOverflow) return -ERANGE;
  if (rv == 0) return -EINVAL;
  s += rv;
  if (*s == '\n') ++s;
  if (*s) return -EINVAL;
  *res = r;
  return 0;
}

// Copies at most `max` - 1 bytes of user memory for the _from_user parsers.
int FromUser(char* buf, size_t size, const char __user* s, size_t count) {
  count = count < size - 1 ? count : size - 1;
  if (copy_from_user(buf, s, count)) return -EFAULT;
  buf[count] = '\0';
  return 0;
}

}  // namespace

extern "C" {

const unsigned char _ctype[256] = {
#define C(i) kCtype[i]
#define R8(i) C(i), C(i + 1), C(i + 2), C(i + 3), C(i + 4), C(i + 5), C(i + 6), C(i + 7)
#define R64(i) R8(i), R8(i + 8), R8(i + 16), R8(i + 24), R8(i + 32), R8(i + 40), R8(i + 48), R8(i + 56)
    R64(0), R64(64), R64(128), R64(192)
#undef R64
#undef R8
#undef C
};

// ---- lib/kstrtox.c ----

// Models kstrtoull(): a leading '+' is allowed.
int kstrtoull(const char* s, unsigned int base, unsigned long long* res) {
  if (s[0] == '+') ++s;
  return KstrtoullNoPlus(s, base, res);
}

// Models kstrtoll(): '-' then digits; the magnitude must fit.
int kstrtoll(const char* s, unsigned int base, long long* res) {
  unsigned long long tmp;
  int rv;
  if (s[0] == '-') {
    rv = KstrtoullNoPlus(s + 1, base, &tmp);
    if (rv < 0) return rv;
    if (static_cast<long long>(0 - tmp) > 0) return -ERANGE;
    *res = static_cast<long long>(0 - tmp);
  } else {
    rv = kstrtoull(s, base, &tmp);
    if (rv < 0) return rv;
    if (static_cast<long long>(tmp) < 0) return -ERANGE;
    *res = static_cast<long long>(tmp);
  }
  return 0;
}

int kstrtoul(const char* s, unsigned int base, unsigned long* res) {
  unsigned long long tmp;
  int rv = kstrtoull(s, base, &tmp);
  if (rv < 0) return rv;
  *res = tmp;
  return 0;
}

int kstrtol(const char* s, unsigned int base, long* res) {
  long long tmp;
  int rv = kstrtoll(s, base, &tmp);
  if (rv < 0) return rv;
  *res = tmp;
  return 0;
}

#define LIBSKB_KSTRTO_NARROW(name, type, wide, parse)	\
  int name(const char* s, unsigned int base, type* res) { \
    wide tmp;                                            \
    int rv = parse(s, base, &tmp);                       \
    if (rv < 0) return rv;                               \
    if (tmp != static_cast<wide>(static_cast<type>(tmp))) return -ERANGE; \
    *res = static_cast<type>(tmp);                       \
    return 0;                                            \
  }
LIBSKB_KSTRTO_NARROW(kstrtouint, unsigned int, unsigned long long, kstrtoull)
LIBSKB_KSTRTO_NARROW(kstrtoint, int, long long, kstrtoll)
LIBSKB_KSTRTO_NARROW(kstrtou16, u16, unsigned long long, kstrtoull)
LIBSKB_KSTRTO_NARROW(kstrtos16, s16, long long, kstrtoll)
LIBSKB_KSTRTO_NARROW(kstrtou8, u8, unsigned long long, kstrtoull)
LIBSKB_KSTRTO_NARROW(kstrtos8, s8, long long, kstrtoll)
#undef LIBSKB_KSTRTO_NARROW

// Models kstrtobool() (lib/kstrtox.c, 4.x; strtobool before): y/Y/1, n/N/0,
// on/off by their first characters; t/T, f/F from 5.18, e/E, d/D
// (enable/disable) from 6.2.
int kstrtobool(const char* s, bool* res) {
  if (s == nullptr) return -EINVAL;
  const skb::Profile& p = skb::Active();
  switch (s[0]) {
    case 'e':
    case 'E':
      if (!p.AtLeast(6, 2)) break;
      *res = true;
      return 0;
    case 't':
    case 'T':
      if (!p.AtLeast(5, 18)) break;
      [[fallthrough]];
    case 'y':
    case 'Y':
    case '1':
      *res = true;
      return 0;
    case 'd':
    case 'D':
      if (!p.AtLeast(6, 2)) break;
      *res = false;
      return 0;
    case 'f':
    case 'F':
      if (!p.AtLeast(5, 18)) break;
      [[fallthrough]];
    case 'n':
    case 'N':
    case '0':
      *res = false;
      return 0;
    case 'o':
    case 'O':
      if ((s[1] | 0x20) == 'n') {
        *res = true;
        return 0;
      }
      if ((s[1] | 0x20) == 'f') {
        *res = false;
        return 0;
      }
      break;
    default:
      break;
  }
  return -EINVAL;
}

// The _from_user forms (lib/kstrtox.c): at most sizeof(buf) - 1 = 63 bytes
// (kstrtobool_from_user: 3) are examined.
#define LIBSKB_KSTRTO_USER(name, type, parse)                                             \
  int name##_from_user(const char __user* s, size_t count, unsigned int base, type* res) { \
    char buf[64];                                                                        \
    int rv = FromUser(buf, sizeof(buf), s, count);                                       \
    if (rv < 0) return rv;                                                               \
    return parse(buf, base, res);                                                        \
  }
LIBSKB_KSTRTO_USER(kstrtoull, unsigned long long, kstrtoull)
LIBSKB_KSTRTO_USER(kstrtoll, long long, kstrtoll)
LIBSKB_KSTRTO_USER(kstrtoul, unsigned long, kstrtoul)
LIBSKB_KSTRTO_USER(kstrtol, long, kstrtol)
LIBSKB_KSTRTO_USER(kstrtouint, unsigned int, kstrtouint)
LIBSKB_KSTRTO_USER(kstrtoint, int, kstrtoint)
LIBSKB_KSTRTO_USER(kstrtou16, u16, kstrtou16)
LIBSKB_KSTRTO_USER(kstrtos16, s16, kstrtos16)
LIBSKB_KSTRTO_USER(kstrtou8, u8, kstrtou8)
LIBSKB_KSTRTO_USER(kstrtos8, s8, kstrtos8)
#undef LIBSKB_KSTRTO_USER

int kstrtobool_from_user(const char __user* s, size_t count, bool* res) {
  char buf[4];
  int rv = FromUser(buf, sizeof(buf), s, count);
  if (rv < 0) return rv;
  return kstrtobool(buf, res);
}

// ---- lib/vsprintf.c simple_strto*: a prefix, no overflow check ----

unsigned long long simple_strtoull(const char* cp, char** endp, unsigned int base) {
  const char* s = FixupRadix(cp, &base);
  unsigned long long r;
  unsigned rv = ParseInteger(s, base, &r, INT_MAX);
  s += rv & ~kOverflow;
  if (endp) *endp = const_cast<char*>(s);
  return r;
}

unsigned long simple_strtoul(const char* cp, char** endp, unsigned int base) {
  return simple_strtoull(cp, endp, base);
}

long long simple_strtoll(const char* cp, char** endp, unsigned int base) {
  if (*cp == '-') return -static_cast<long long>(simple_strtoull(cp + 1, endp, base));
  return static_cast<long long>(simple_strtoull(cp, endp, base));
}

long simple_strtol(const char* cp, char** endp, unsigned int base) {
  if (*cp == '-') return -static_cast<long>(simple_strtoul(cp + 1, endp, base));
  return static_cast<long>(simple_strtoul(cp, endp, base));
}

// ---- lib/string.c ----

// Models strscpy(): -E2BIG when src (with its NUL) does not fit; then dest
// holds the truncated string. count 0 (or > INT_MAX) is -E2BIG with nothing written.
ssize_t libskb_strscpy(char* dest, const char* src, size_t count) {
  if (count == 0 || count > INT_MAX) return -E2BIG;
  size_t n = 0;
  while (n < count && src[n] != '\0') {
    dest[n] = src[n];
    ++n;
  }
  if (n == count) {
    dest[count - 1] = '\0';
    return -E2BIG;
  }
  dest[n] = '\0';
  return static_cast<ssize_t>(n);
}

ssize_t strscpy_pad(char* dest, const char* src, size_t count) {
  ssize_t written = libskb_strscpy(dest, src, count);
  if (written < 0 || static_cast<size_t>(written) == count - 1) return written;
  std::memset(dest + written + 1, 0, count - static_cast<size_t>(written) - 1);
  return written;
}

// Models strlcpy(): returns strlen(src).
size_t libskb_strlcpy(char* dest, const char* src, size_t size) {
  size_t ret = std::strlen(src);
  if (size) {
    size_t len = ret >= size ? size - 1 : ret;
    std::memcpy(dest, src, len);
    dest[len] = '\0';
  }
  return ret;
}

// Models strlcat(): BUG_ON(dsize >= count) in the kernel when dest is not
// NUL-terminated within count.
size_t libskb_strlcat(char* dest, const char* src, size_t count) {
  size_t dsize = strnlen(dest, count);
  size_t len = std::strlen(src);
  size_t res = dsize + len;
  if (dsize >= count) {
    skb::internal::BugAt(skb::Site::kModuleBug, "lib/string.c:?", "strlcat", nullptr,
                         "libskb: strlcat: the destination is not NUL-terminated within count\n",
                         __builtin_return_address(0));
  }
  dest += dsize;
  count -= dsize;
  if (len >= count) len = count - 1;
  std::memcpy(dest, src, len);
  dest[len] = '\0';
  return res;
}

char* strnstr(const char* s1, const char* s2, size_t len) {
  size_t l2 = std::strlen(s2);
  if (!l2) return const_cast<char*>(s1);
  while (len >= l2) {
    len--;
    if (!std::memcmp(s1, s2, l2)) return const_cast<char*>(s1);
    s1++;
  }
  return nullptr;
}

char* skip_spaces(const char* str) {
  while (IsSpace(*str)) ++str;
  return const_cast<char*>(str);
}

char* strim(char* s) {
  size_t size = std::strlen(s);
  if (!size) return s;
  char* end = s + size - 1;
  while (end >= s && IsSpace(*end)) end--;
  *(end + 1) = '\0';
  return skip_spaces(s);
}

// Models strreplace(): 6.6+ returns @str, earlier kernels the end of it.
char* strreplace(char* str, char old, char new_) {
  char* s = str;
  for (; *s; ++s) {
    if (*s == old) *s = new_;
  }
  return skb::Active().AtLeast(6, 6) ? str : s;
}

void* memchr_inv(const void* start, int c, size_t bytes) {
  const auto* p = static_cast<const unsigned char*>(start);
  for (size_t i = 0; i < bytes; ++i) {
    if (p[i] != static_cast<unsigned char>(c)) return const_cast<unsigned char*>(p + i);
  }
  return nullptr;
}

bool sysfs_streq(const char* s1, const char* s2) {
  while (*s1 && *s1 == *s2) {
    s1++;
    s2++;
  }
  if (*s1 == *s2) return true;
  if (!*s1 && *s2 == '\n' && !s2[1]) return true;
  if (*s1 == '\n' && !s1[1] && !*s2) return true;
  return false;
}

int match_string(const char* const* array, size_t n, const char* string) {
  for (size_t i = 0; i < n; i++) {
    if (!array[i]) break;
    if (!std::strcmp(array[i], string)) return static_cast<int>(i);
  }
  return -EINVAL;
}

int __sysfs_match_string(const char* const* array, size_t n, const char* str) {
  for (size_t i = 0; i < n; i++) {
    if (!array[i]) continue;
    if (sysfs_streq(array[i], str)) return static_cast<int>(i);
  }
  return -EINVAL;
}

// ---- mm/util.c: allocating copies, through kmalloc ----

char* kstrdup(const char* s, gfp_t gfp) {
  if (!s) return nullptr;
  size_t len = std::strlen(s) + 1;
  auto* buf = static_cast<char*>(kmalloc(len, gfp));
  if (buf) std::memcpy(buf, s, len);
  return buf;
}

// Models kstrdup_const(): the model has no .rodata to share, so it copies;
// kfree_const() frees the copy.
const char* kstrdup_const(const char* s, gfp_t gfp) { return kstrdup(s, gfp); }
void kfree_const(const void* x) { kfree(x); }

char* kstrndup(const char* s, size_t max, gfp_t gfp) {
  if (!s) return nullptr;
  size_t len = strnlen(s, max);
  auto* buf = static_cast<char*>(kmalloc(len + 1, gfp));
  if (buf) {
    std::memcpy(buf, s, len);
    buf[len] = '\0';
  }
  return buf;
}

void* kmemdup(const void* src, size_t len, gfp_t gfp) {
  void* p = kmalloc(len, gfp);
  if (p && len) std::memcpy(p, src, len);
  return p;
}

char* kmemdup_nul(const char* s, size_t len, gfp_t gfp) {
  if (!s) return nullptr;
  auto* buf = static_cast<char*>(kmalloc(len + 1, gfp));
  if (buf) {
    std::memcpy(buf, s, len);
    buf[len] = '\0';
  }
  return buf;
}

// Models memdup_user(): ERR_PTR(-ENOMEM) or ERR_PTR(-EFAULT).
void* memdup_user(const void __user* src, size_t len) {
  void* p = kmalloc(len, GFP_USER);
  if (!p) return ERR_PTR(-ENOMEM);
  if (copy_from_user(p, src, len)) {
    kfree(p);
    return ERR_PTR(-EFAULT);
  }
  return p;
}

void* memdup_user_nul(const void __user* src, size_t len) {
  auto* p = static_cast<char*>(kmalloc(len + 1, GFP_KERNEL));
  if (!p) return ERR_PTR(-ENOMEM);
  if (copy_from_user(p, src, len)) {
    kfree(p);
    return ERR_PTR(-EFAULT);
  }
  p[len] = '\0';
  return p;
}

// Models strndup_user(): ERR_PTR(-EFAULT) on a fault, ERR_PTR(-EINVAL) if
// no NUL within n bytes.
char* strndup_user(const char __user* s, long n) {
  long length = strnlen_user(s, n);
  if (!length) return static_cast<char*>(ERR_PTR(-EFAULT));
  if (length > n) return static_cast<char*>(ERR_PTR(-EINVAL));
  auto* p = static_cast<char*>(memdup_user(s, static_cast<size_t>(length)));
  if (IS_ERR(p)) return p;
  p[length - 1] = '\0';
  return p;
}

}  // extern "C"
