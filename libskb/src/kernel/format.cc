// libskb: the kernel's formatted output and input (lib/vsprintf.c):
// vsnprintf() with the %p extensions, and vsscanf(). Module code gets these
// under their kernel names (<linux/kernel.h> maps snprintf & co. to the
// libskb_ names in C), and printk formats with them.
//
// Where the kernel differs from the C library, the kernel's behaviour is
// kept (checked against lib/vsprintf.c of 6.12):
//   - "%#x" of 0 is "0x0", "%#o" of 0 is "00"; a precision does not cancel
//     the '0' flag; "%.0d" of 0 is "0";
//   - "%s" of NULL is "(null)", of an address in the first page or an
//     ERR_PTR "(efault)" (5.2+);
//   - unsupported conversions (%n, floating point, %j) are the kernel's
//     WARN "Please remove unsupported %<c> in format string" and the output
//     stops there, as the rest of the arguments can no longer be trusted;
//   - every alphanumeric character after "%p" belongs to the extension and
//     is consumed;
//   - plain %p prints the address in 16 hex digits: the kernel since 4.15
//     hashes it unless booted with no_hash_pointers, which the model is (a
//     hash would only hide the value); before 4.15 a NULL %p is "(null)".
// %p extensions: S s F f B (symbol[+offset]), h (hex bytes, with C D N), M m
// (MAC, with F R), I4 i4 (with h n b l), I6 i6 I6c, IS iS (with p c),
// e (error name, 5.5+), K x (as %p), a (phys/dma address), NF (netdev
// features), V (struct va_format). Other extensions print the pointer as
// plain %p would, which is also what a kernel does for extensions it lacks.
#include <linux/kernel.h>
#include <linux/slab.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdarg>
#include <cstdint>
#include <cstring>
#include <string>

#include "internal.h"
#include "kernel/kernel_internal.h"

namespace skb::internal {
namespace {

enum Flags : unsigned {
  kZeroPad = 1,
  kSign = 2,
  kPlus = 4,
  kSpace = 8,
  kLeft = 16,
  kSmall = 32,
  kSpecial = 64,
};

struct Spec {
  unsigned flags = 0;
  int width = -1;
  int precision = -1;
  int base = 10;
};

// Output with the kernel's truncation rule: count everything, store what fits.
struct Out {
  char* buf;
  size_t size;
  size_t pos = 0;
  void Put(char c) {
    if (pos + 1 < size) buf[pos] = c;
    ++pos;
  }
  void Puts(const char* s, size_t n) {
    for (size_t i = 0; i < n; ++i) Put(s[i]);
  }
};

const char kHexLower[] = "0123456789abcdef";

void Number(Out& o, unsigned long long num, bool negative, Spec spec) {
  char tmp[3 * sizeof(num)];
  const char locase = (spec.flags & kSmall) ? 0x20 : 0;
  if (spec.flags & kLeft) spec.flags &= ~kZeroPad;
  char sign = 0;
  if (spec.flags & kSign) {
    if (negative) {
      sign = '-';
    } else if (spec.flags & kPlus) {
      sign = '+';
    } else if (spec.flags & kSpace) {
      sign = ' ';
    }
    if (sign) spec.width--;
  }
  const bool need_pfx = (spec.flags & kSpecial) && spec.base != 10;
  if (need_pfx) spec.width -= spec.base == 16 ? 2 : 1;
  int i = 0;
  if (num < static_cast<unsigned long long>(spec.base)) {
    tmp[i++] = static_cast<char>("0123456789ABCDEF"[num] | locase);
  } else {
    while (num != 0) {
      unsigned d = static_cast<unsigned>(num % spec.base);
      num /= spec.base;
      tmp[i++] = static_cast<char>("0123456789ABCDEF"[d] | locase);
    }
  }
  int precision = spec.precision;
  if (i > precision) precision = i;
  int width = spec.width - precision;
  if (!(spec.flags & (kZeroPad | kLeft))) {
    while (--width >= 0) o.Put(' ');
  }
  if (sign) o.Put(sign);
  if (need_pfx) {
    o.Put('0');
    if (spec.base == 16) o.Put(static_cast<char>('X' | locase));
  }
  if (!(spec.flags & kLeft)) {
    const char c = (spec.flags & kZeroPad) ? '0' : ' ';
    while (--width >= 0) o.Put(c);
  }
  while (i <= --precision) o.Put('0');
  while (--i >= 0) o.Put(tmp[i]);
  while (--width >= 0) o.Put(' ');
}

// string() with widen_string(): precision limits, width pads.
void String(Out& o, const char* s, Spec spec) {
  size_t len = 0;
  const size_t lim = spec.precision < 0 ? SIZE_MAX : static_cast<size_t>(spec.precision);
  while (len < lim && s[len] != '\0') ++len;
  int pad = spec.width > static_cast<int>(len) ? spec.width - static_cast<int>(len) : 0;
  if (!(spec.flags & kLeft)) {
    while (pad-- > 0) o.Put(' ');
  }
  o.Puts(s, len);
  while (pad-- > 0) o.Put(' ');
}

// check_pointer_msg() (5.2+): a string for pointers the kernel refuses to dereference.
const char* BadPointer(const void* p) {
  const auto v = reinterpret_cast<uintptr_t>(p);
  if (v == 0) return "(null)";
  if (v < 4096 || v >= static_cast<uintptr_t>(-4095)) return "(efault)";
  return nullptr;
}

void PlainPointer(Out& o, const void* p, Spec spec) {
  if (p == nullptr && !Active().AtLeast(4, 15)) {
    if (spec.width == -1) spec.width = 2 * sizeof(void*);
    String(o, "(null)", spec);
    return;
  }
  spec.base = 16;
  spec.flags |= kSmall;
  if (spec.width == -1) {
    spec.width = 2 * sizeof(void*);
    spec.flags |= kZeroPad;
  }
  Number(o, reinterpret_cast<uintptr_t>(p), false, spec);
}

// special_hex_number(): "0x" and a fixed number of digits.
void SpecialHex(Out& o, unsigned long long num, int digits) {
  Spec spec;
  spec.base = 16;
  spec.flags = kSpecial | kSmall | kZeroPad;
  spec.width = 2 + digits;
  Number(o, num, false, spec);
}

void Symbol(Out& o, const void* p, bool with_offset, Spec spec) {
  std::string name;
  long offset = -1;
  if (SymbolOf(p, &name, &offset)) {
    if (with_offset && offset >= 0) name += Format("+0x%lx", static_cast<unsigned long>(offset));
    String(o, name.c_str(), spec);
    return;
  }
  SpecialHex(o, reinterpret_cast<uintptr_t>(p), 2 * sizeof(void*));  // no symbol: the address
}

void HexString(Out& o, const unsigned char* p, const char* fmt, Spec spec) {
  if (spec.width == 0) return;
  char sep = ' ';
  switch (fmt[1]) {
    case 'C': sep = ':'; break;
    case 'D': sep = '-'; break;
    case 'N': sep = 0; break;
    default: break;
  }
  int len = spec.width > 0 ? std::min(spec.width, 64) : 1;
  for (int i = 0; i < len; ++i) {
    o.Put(kHexLower[p[i] >> 4]);
    o.Put(kHexLower[p[i] & 15]);
    if (sep && i != len - 1) o.Put(sep);
  }
}

void Mac(Out& o, const unsigned char* addr, const char* fmt, Spec spec) {
  char sep = ':';
  bool reversed = false;
  if (fmt[0] == 'm') sep = 0;
  if (fmt[1] == 'F') sep = '-';
  if (fmt[1] == 'R') reversed = true;
  std::string s;
  for (int i = 0; i < 6; ++i) {
    unsigned char b = reversed ? addr[5 - i] : addr[i];
    s += kHexLower[b >> 4];
    s += kHexLower[b & 15];
    if (sep && i != 5) s += sep;
  }
  String(o, s.c_str(), spec);
}

std::string Ip4(const unsigned char* a, const char* fmt) {
  // fmt: "I4" / "i4" then an optional h/n/b/l byte-order letter.
  const bool leading_zeros = fmt[0] == 'i';
  int index = 0, step = 1;
  switch (fmt[2]) {
    case 'h':  // host order (little-endian x86): reverse
    case 'l': index = 3; step = -1; break;
    default: break;  // n, b: network order
  }
  std::string s;
  for (int i = 0; i < 4; ++i, index += step) {
    s += leading_zeros ? Format("%03u", a[index]) : Format("%u", a[index]);
    if (i != 3) s += '.';
  }
  return s;
}

std::string Ip6Full(const unsigned char* a, bool colons) {
  std::string s;
  for (int i = 0; i < 8; ++i) {
    s += Format("%02x%02x", a[2 * i], a[2 * i + 1]);
    if (colons && i != 7) s += ':';
  }
  return s;
}

// ip6_compressed_string(): RFC 5952 - the longest run (>= 2 words) of zero
// words as "::", hex words without leading zeros, IPv4-mapped/compatible
// tails as dotted quads.
std::string Ip6Compressed(const unsigned char* a) {
  uint16_t w[8];
  for (int i = 0; i < 8; ++i) w[i] = static_cast<uint16_t>(a[2 * i] << 8 | a[2 * i + 1]);
  // ipv6_addr_v4mapped (::ffff:a.b.c.d) and ISATAP (...:0:5efe:a.b.c.d) print the tail as IPv4.
  const bool v4mapped = w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0xffff;
  const bool isatap = (w[4] | 0x0200) == 0x0200 && w[5] == 0x5efe;
  const bool useIPv4 = v4mapped || isatap;
  const int range = useIPv4 ? 6 : 8;
  int longest = 1, colonpos = -1;
  for (int i = 0; i < range; ++i) {
    int j = 0;
    while (i + j < range && w[i + j] == 0) ++j;
    if (j > longest) {
      longest = j;
      colonpos = i;
    }
  }
  if (longest == 1) colonpos = -1;  // a single zero word is not compressed
  std::string s;
  bool needcolon = false;
  for (int i = 0; i < range; ++i) {
    if (i == colonpos) {
      if (needcolon || i == 0) s += ':';
      s += ':';
      needcolon = false;
      i += longest - 1;
      continue;
    }
    if (needcolon) s += ':';
    s += Format("%x", w[i]);
    needcolon = true;
  }
  if (useIPv4) {
    if (needcolon) s += ':';
    s += Ip4(a + 12, "I4");
  }
  return s;
}

// The address family value of AF_INET / AF_INET6 (include/linux/socket.h).
constexpr uint16_t kAfInet = 2, kAfInet6 = 10;

std::string IpSockaddr(const unsigned char* sa, const char* fmt) {
  uint16_t family;
  std::memcpy(&family, sa, 2);
  bool port = false, compressed = false;
  for (const char* f = fmt + 2; std::isalnum(static_cast<unsigned char>(*f)); ++f) {
    if (*f == 'p') port = true;
    if (*f == 'c') compressed = true;
  }
  const uint16_t p = static_cast<uint16_t>(sa[2] << 8 | sa[3]);
  if (family == kAfInet) {
    std::string s = Ip4(sa + 4, fmt[0] == 'i' ? "i4" : "I4");
    if (port) s += Format(":%u", p);
    return s;
  }
  if (family == kAfInet6) {
    const unsigned char* addr = sa + 8;  // sin6_flowinfo is at 4
    std::string a = compressed || fmt[0] == 'I' ? (compressed ? Ip6Compressed(addr) : Ip6Full(addr, true))
                                                 : Ip6Full(addr, false);
    if (port) return "[" + a + "]" + Format(":%u", p);
    return a;
  }
  return "(invalid address)";
}

const char* ErrName(long err) {
  switch (err) {
    case 512: return "ERESTARTSYS";
    case 513: return "ERESTARTNOINTR";
    case 514: return "ERESTARTNOHAND";
    case 515: return "ENOIOCTLCMD";
    case 516: return "ERESTART_RESTARTBLOCK";
    case 517: return "EPROBE_DEFER";
    case 518: return "EOPENSTALEDATA";
    case 521: return "EBADHANDLE";
    case 522: return "ENOTSYNC";
    case 523: return "EBADCOOKIE";
    case 524: return "ENOTSUPP";
    case 525: return "ETOOSMALL";
    case 526: return "ESERVERFAULT";
    case 527: return "EBADTYPE";
    case 528: return "EJUKEBOX";
    case 529: return "EIOCBQUEUED";
    case 530: return "ERECALLCONFLICT";
    default: break;
  }
  return strerrorname_np(static_cast<int>(err));
}

void Unsupported(Out& o, char c) {
  (void)o;
  KernelWarn(Site::kModuleWarn, "WARNING",
             Format("------------[ cut here ]------------\nPlease remove unsupported %%%c in format string\n"
                    "WARNING: at lib/vsprintf.c format_decode\n",
                    c),
             __builtin_return_address(0));
}

// pointer(): the %p extensions. Returns how many format characters after
// 'p' it used (the caller then skips the rest of the alphanumerics anyway).
void Pointer(Out& o, const char* fmt, const void* ptr, Spec spec) {
  const auto* p = static_cast<const unsigned char*>(ptr);
  const char* bad = BadPointer(ptr);
  switch (*fmt) {
    case 'S':
    case 'B':
    case 'F':
    case 's':
    case 'f':
      Symbol(o, ptr, *fmt == 'S' || *fmt == 'B' || *fmt == 'F', spec);
      return;
    case 'h':
      if (bad) return String(o, bad, spec);
      return HexString(o, p, fmt, spec);
    case 'M':
    case 'm':
      if (bad) return String(o, bad, spec);
      return Mac(o, p, fmt, spec);
    case 'I':
    case 'i':
      if (fmt[1] == '4' || fmt[1] == '6' || fmt[1] == 'S') {
        if (bad) return String(o, bad, spec);
        if (fmt[1] == '4') return String(o, Ip4(p, fmt).c_str(), spec);
        if (fmt[1] == '6') {
          if (fmt[0] == 'I' && fmt[2] == 'c') return String(o, Ip6Compressed(p).c_str(), spec);
          return String(o, Ip6Full(p, fmt[0] == 'I').c_str(), spec);
        }
        return String(o, IpSockaddr(p, fmt).c_str(), spec);
      }
      break;
    case 'e':
      if (Active().AtLeast(5, 5)) {
        const long v = reinterpret_cast<long>(ptr);
        if (v < 0 && v >= -4095) {
          const char* name = ErrName(-v);
          if (name != nullptr) return String(o, Format("-%s", name).c_str(), spec);
          Spec n = spec;
          n.flags |= kSign;
          return Number(o, static_cast<unsigned long long>(-v), true, n);
        }
      }
      break;
    case 'a': {
      if (bad) return String(o, bad, spec);
      unsigned long long v;
      std::memcpy(&v, p, sizeof(v));
      return SpecialHex(o, v, 16);
    }
    case 'N':
      if (fmt[1] == 'F') {
        if (bad) return String(o, bad, spec);
        unsigned long long v;
        std::memcpy(&v, p, sizeof(v));
        return SpecialHex(o, v, 16);
      }
      break;
    case 'V': {
      if (bad) return String(o, bad, spec);
      struct VaFormat {
        const char* fmt;
        va_list* va;
      };
      const auto* vf = static_cast<const VaFormat*>(ptr);
      va_list copy;
      va_copy(copy, *vf->va);
      std::string s = KernelVformat(vf->fmt, copy);
      va_end(copy);
      o.Puts(s.data(), s.size());
      return;
    }
    default:
      break;
  }
  PlainPointer(o, ptr, spec);
}

}  // namespace

int KernelVsnprintf(char* buf, size_t size, const char* fmt, va_list args) {
  if (size > INT_MAX) size = 0;  // WARN_ON_ONCE(size > INT_MAX) in the kernel: nothing written
  Out o{buf, size};
  while (*fmt) {
    if (*fmt != '%') {
      o.Put(*fmt++);
      continue;
    }
    const char* start = fmt++;
    if (*fmt == '%') {
      o.Put('%');
      ++fmt;
      continue;
    }
    Spec spec;
    for (bool more = true; more;) {
      switch (*fmt) {
        case '-': spec.flags |= kLeft; ++fmt; break;
        case '+': spec.flags |= kPlus; ++fmt; break;
        case ' ': spec.flags |= kSpace; ++fmt; break;
        case '#': spec.flags |= kSpecial; ++fmt; break;
        case '0': spec.flags |= kZeroPad; ++fmt; break;
        default: more = false; break;
      }
    }
    if (std::isdigit(static_cast<unsigned char>(*fmt))) {
      spec.width = 0;
      while (std::isdigit(static_cast<unsigned char>(*fmt))) spec.width = spec.width * 10 + (*fmt++ - '0');
    } else if (*fmt == '*') {
      ++fmt;
      spec.width = va_arg(args, int);
      if (spec.width < 0) {
        spec.width = -spec.width;
        spec.flags |= kLeft;
      }
    }
    if (*fmt == '.') {
      ++fmt;
      spec.precision = 0;
      if (std::isdigit(static_cast<unsigned char>(*fmt))) {
        while (std::isdigit(static_cast<unsigned char>(*fmt))) spec.precision = spec.precision * 10 + (*fmt++ - '0');
      } else if (*fmt == '*') {
        ++fmt;
        spec.precision = va_arg(args, int);
        if (spec.precision < 0) spec.precision = 0;
      }
    }
    char qualifier = 0;
    if (*fmt == 'h' || std::tolower(static_cast<unsigned char>(*fmt)) == 'l' || *fmt == 'z' || *fmt == 'Z' ||
        *fmt == 't') {
      qualifier = *fmt++;
      if (qualifier == *fmt) {
        if (qualifier == 'l') {
          qualifier = 'L';
          ++fmt;
        } else if (qualifier == 'h') {
          qualifier = 'H';
          ++fmt;
        }
      }
    }
    const char conv = *fmt;
    if (conv == '\0') {
      o.Puts(start, static_cast<size_t>(fmt - start));  // a lone '%' at the end is copied
      break;
    }
    ++fmt;
    switch (conv) {
      case 'c': {
        int pad = spec.width - 1;
        if (!(spec.flags & kLeft)) {
          while (pad-- > 0) o.Put(' ');
        }
        o.Put(static_cast<char>(va_arg(args, int)));
        while (pad-- > 0) o.Put(' ');
        continue;
      }
      case 's': {
        const char* s = va_arg(args, const char*);
        const char* bad = BadPointer(s);
        String(o, bad ? bad : s, spec);
        continue;
      }
      case 'p': {
        const void* p = va_arg(args, const void*);
        Pointer(o, fmt, p, spec);
        while (std::isalnum(static_cast<unsigned char>(*fmt))) ++fmt;
        continue;
      }
      case 'o': spec.base = 8; break;
      case 'x': spec.flags |= kSmall; [[fallthrough]];
      case 'X': spec.base = 16; break;
      case 'd':
      case 'i': spec.flags |= kSign; break;
      case 'u': break;
      default:
        Unsupported(o, conv);
        goto out;
    }
    {
      unsigned long long num;
      bool negative = false;
      const bool is_signed = (spec.flags & kSign) != 0;
      switch (qualifier) {
        case 'L':
          num = va_arg(args, unsigned long long);
          break;
        case 'l':
          num = va_arg(args, unsigned long);
          if (is_signed) num = static_cast<unsigned long long>(static_cast<long long>(static_cast<long>(num)));
          break;
        case 'Z':
        case 'z':
          num = va_arg(args, size_t);
          if (is_signed) num = static_cast<unsigned long long>(static_cast<long long>(static_cast<ssize_t>(num)));
          break;
        case 't':
          num = static_cast<unsigned long long>(va_arg(args, ptrdiff_t));
          break;
        case 'H': {
          int v = va_arg(args, int);
          num = is_signed ? static_cast<unsigned long long>(static_cast<long long>(static_cast<signed char>(v)))
                          : static_cast<unsigned char>(v);
          break;
        }
        case 'h': {
          int v = va_arg(args, int);
          num = is_signed ? static_cast<unsigned long long>(static_cast<long long>(static_cast<short>(v)))
                          : static_cast<unsigned short>(v);
          break;
        }
        default: {
          unsigned v = va_arg(args, unsigned);
          num = is_signed ? static_cast<unsigned long long>(static_cast<long long>(static_cast<int>(v))) : v;
          break;
        }
      }
      if (is_signed && static_cast<long long>(num) < 0) {
        negative = true;
        num = 0 - num;
      }
      Number(o, num, negative, spec);
    }
  }
out:
  if (size > 0) buf[o.pos < size ? o.pos : size - 1] = '\0';
  return static_cast<int>(o.pos);
}

std::string KernelVformat(const char* fmt, va_list args) {
  va_list copy;
  va_copy(copy, args);
  int n = KernelVsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  std::string s(n > 0 ? static_cast<size_t>(n) : 0, '\0');
  KernelVsnprintf(s.data(), s.size() + 1, fmt, args);
  return s;
}

}  // namespace skb::internal

using skb::internal::KernelVsnprintf;

namespace {

bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
const char* SkipSpaces(const char* s) {
  while (IsSpace(*s)) ++s;
  return s;
}

int Digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

// simple_strntoull(): base fix-up as _parse_integer_fixup_radix, at most
// max_chars characters, no overflow check.
unsigned long long StrnToUll(const char* cp, char** endp, unsigned base, size_t max_chars) {
  const char* s = cp;
  if (base == 0) {
    if (s[0] == '0') {
      base = (std::tolower(static_cast<unsigned char>(s[1])) == 'x' && std::isxdigit(static_cast<unsigned char>(s[2])))
                 ? 16
                 : 8;
    } else {
      base = 10;
    }
  }
  if (base == 16 && s[0] == '0' && std::tolower(static_cast<unsigned char>(s[1])) == 'x' && max_chars > 2) s += 2;
  size_t used = static_cast<size_t>(s - cp);
  unsigned long long r = 0;
  while (used < max_chars) {
    int d = Digit(*s);
    if (d >= static_cast<int>(base)) break;
    r = r * base + static_cast<unsigned>(d);
    ++s;
    ++used;
  }
  if (endp) *endp = const_cast<char*>(s);
  return r;
}

}  // namespace

extern "C" {

// Models vsnprintf() (lib/vsprintf.c).
int libskb_vsnprintf(char* buf, size_t size, const char* fmt, va_list args) {
  return KernelVsnprintf(buf, size, fmt, args);
}

int libskb_snprintf(char* buf, size_t size, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = KernelVsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

// Models vsprintf(): vsnprintf with INT_MAX as the size.
int libskb_vsprintf(char* buf, const char* fmt, va_list args) { return KernelVsnprintf(buf, INT_MAX, fmt, args); }

int libskb_sprintf(char* buf, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = KernelVsnprintf(buf, INT_MAX, fmt, ap);
  va_end(ap);
  return n;
}

// Models vscnprintf(): the characters actually written (size - 1 at most, 0 for size 0).
int vscnprintf(char* buf, size_t size, const char* fmt, va_list args) {
  int n = KernelVsnprintf(buf, size, fmt, args);
  if (static_cast<size_t>(n) < size) return n;
  return size != 0 ? static_cast<int>(size - 1) : 0;
}

int scnprintf(char* buf, size_t size, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vscnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

// Models kvasprintf() (lib/kasprintf.c): kmalloc(len + 1, gfp).
char* kvasprintf(gfp_t gfp, const char* fmt, va_list args) {
  va_list copy;
  va_copy(copy, args);
  int n = KernelVsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  auto* p = static_cast<char*>(skb::internal::KmallocNoCheck(static_cast<size_t>(n) + 1, gfp, LIBSKB_CALLER()));
  if (p == nullptr) return nullptr;
  KernelVsnprintf(p, static_cast<size_t>(n) + 1, fmt, args);
  return p;
}

char* kasprintf(gfp_t gfp, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char* p = kvasprintf(gfp, fmt, ap);
  va_end(ap);
  return p;
}

// Models vsscanf() (lib/vsprintf.c): the number of items assigned.
int libskb_vsscanf(const char* buf, const char* fmt, va_list args) {
  const char* str = buf;
  int num = 0;
  while (*fmt) {
    if (IsSpace(*fmt)) {
      fmt = SkipSpaces(++fmt);
      str = SkipSpaces(str);
    }
    if (*fmt != '%' && *fmt) {
      if (*fmt++ != *str++) break;
      continue;
    }
    if (!*fmt) break;
    ++fmt;
    // "%*": skip the next whitespace-delimited token, whatever the conversion.
    if (*fmt == '*') {
      if (!*str) break;
      while (!IsSpace(*fmt) && *fmt != '%' && *fmt) {
        if (*fmt++ == '[') {
          while (*fmt && *fmt != ']') ++fmt;
          if (*fmt) ++fmt;
          break;
        }
      }
      while (!IsSpace(*str) && *str) ++str;
      continue;
    }
    int field_width = -1;
    if (std::isdigit(static_cast<unsigned char>(*fmt))) {
      field_width = 0;
      while (std::isdigit(static_cast<unsigned char>(*fmt))) field_width = field_width * 10 + (*fmt++ - '0');
      if (field_width <= 0) break;
    }
    char qualifier = -1;
    if (*fmt == 'h' || std::tolower(static_cast<unsigned char>(*fmt)) == 'l' || *fmt == 'z' || *fmt == 'Z') {
      qualifier = *fmt++;
      if (qualifier == *fmt) {
        if (qualifier == 'h') {
          qualifier = 'H';
          ++fmt;
        } else if (qualifier == 'l') {
          qualifier = 'L';
          ++fmt;
        }
      }
    }
    if (!*fmt) break;
    if (*fmt == 'n') {
      *va_arg(args, int*) = static_cast<int>(str - buf);
      ++fmt;
      continue;
    }
    if (!*str) break;
    unsigned base = 10;
    bool is_sign = false;
    switch (*fmt++) {
      case 'c': {
        char* s = va_arg(args, char*);
        if (field_width == -1) field_width = 1;
        do {
          *s++ = *str++;
        } while (--field_width > 0 && *str);
        ++num;
        continue;
      }
      case 's': {
        char* s = va_arg(args, char*);
        if (field_width == -1) field_width = SHRT_MAX;
        str = SkipSpaces(str);
        while (*str && !IsSpace(*str) && field_width--) *s++ = *str++;
        *s = '\0';
        ++num;
        continue;
      }
      case '[': {
        // "%[...]" (4.4+): a set (or "^" negated set) of characters.
        char* s = va_arg(args, char*);
        bool set[256] = {};
        bool negate = false;
        if (field_width == -1) field_width = SHRT_MAX;
        if (*fmt == '^') {
          negate = true;
          ++fmt;
        }
        if (*fmt == ']') set[static_cast<unsigned char>(*fmt++)] = true;  // "]" first is a member
        for (; *fmt && *fmt != ']'; ++fmt) {
          if (*fmt == '-' && fmt[1] != ']' && fmt[-1] != '[' && fmt[-1] != '^') {
            for (int c = static_cast<unsigned char>(fmt[-1]); c <= static_cast<unsigned char>(fmt[1]); ++c) set[c] = true;
            ++fmt;
            continue;
          }
          set[static_cast<unsigned char>(*fmt)] = true;
        }
        if (!*fmt) return num;  // no closing ']'
        ++fmt;
        if (negate) {
          for (bool& b : set) b = !b;
          set[0] = false;
        }
        if (!set[static_cast<unsigned char>(*str)]) return num;  // the set matches nothing
        while (set[static_cast<unsigned char>(*str)] && field_width--) *s++ = *str++;
        *s = '\0';
        ++num;
        continue;
      }
      case 'o': base = 8; break;
      case 'x':
      case 'X': base = 16; break;
      case 'i': base = 0; [[fallthrough]];
      case 'd': is_sign = true; break;
      case 'u': break;
      case '%':
        if (*str++ != '%') return num;
        continue;
      default:
        return num;  // invalid format: stop
    }
    str = SkipSpaces(str);
    char digit = *str;
    if (is_sign && digit == '-') {
      if (field_width == 1) break;
      digit = str[1];
    }
    if (!digit || (base == 16 && !std::isxdigit(static_cast<unsigned char>(digit))) ||
        (base == 10 && !std::isdigit(static_cast<unsigned char>(digit))) ||
        (base == 8 && (!std::isdigit(static_cast<unsigned char>(digit)) || digit > '7')) ||
        (base == 0 && !std::isdigit(static_cast<unsigned char>(digit)))) {
      break;
    }
    char* next = nullptr;
    const size_t max_chars = field_width > 0 ? static_cast<size_t>(field_width) : INT_MAX;
    unsigned long long uval;
    long long sval = 0;
    if (is_sign) {
      if (*str == '-') {
        sval = -static_cast<long long>(StrnToUll(str + 1, &next, base, max_chars - 1));
      } else {
        sval = static_cast<long long>(StrnToUll(str, &next, base, max_chars));
      }
      uval = static_cast<unsigned long long>(sval);
    } else {
      uval = StrnToUll(str, &next, base, max_chars);
    }
    switch (qualifier) {
      case 'H': *va_arg(args, signed char*) = static_cast<signed char>(uval); break;
      case 'h': *va_arg(args, short*) = static_cast<short>(uval); break;
      case 'l': *va_arg(args, long*) = static_cast<long>(uval); break;
      case 'L':
      case 'q': *va_arg(args, long long*) = static_cast<long long>(uval); break;
      case 'Z':
      case 'z': *va_arg(args, size_t*) = static_cast<size_t>(uval); break;
      default: *va_arg(args, int*) = static_cast<int>(uval); break;
    }
    ++num;
    if (!next) break;
    str = next;
  }
  return num;
}

int libskb_sscanf(const char* buf, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = libskb_vsscanf(buf, fmt, ap);
  va_end(ap);
  return n;
}

}  // extern "C"
