// libskb: printk and the hex dump helpers (kernel/printk/printk.c,
// lib/hexdump.c, lib/dump_stack.c). Messages are formatted with the kernel's
// vsnprintf (format.cc) and written to stderr as the raw kernel log shows
// them ("<6>message", dmesg -r).
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/sched.h>

#include <cstdarg>
#include <cstdio>
#include <string>

#include "internal.h"
#include "kernel/kernel_internal.h"

// Provided by the sanitizer runtimes; absent otherwise.
extern "C" void __sanitizer_print_stack_trace() __attribute__((weak));

namespace {

// printk's level: KERN_SOH + digit ('c' for KERN_CONT). 4 (KERN_WARNING) when
// the message has none: the kernel's default message loglevel.
const char* SplitLevel(const char* fmt, char* level) {
  *level = '4';
  while (fmt[0] == KERN_SOH_ASCII && fmt[1] != '\0') {
    *level = fmt[1];
    fmt += 2;
  }
  return fmt;
}

}  // namespace

extern "C" {

const char hex_asc[] = "0123456789abcdef";
const char hex_asc_upper[] = "0123456789ABCDEF";

// Models vprintk() (kernel/printk/printk.c): one record to stderr.
int vprintk(const char* fmt, va_list args) {
  char level;
  const char* body = SplitLevel(fmt, &level);
  std::string text = skb::internal::KernelVformat(body, args);
  if (level == 'c') {
    std::fputs(text.c_str(), stderr);
  } else {
    std::fprintf(stderr, "<%c>%s", level, text.c_str());
  }
  std::fflush(stderr);
  return static_cast<int>(text.size());
}

// Models printk() (kernel/printk/printk.c).
int printk(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vprintk(fmt, ap);
  va_end(ap);
  return n;
}

// Models net_ratelimit() (net/core/utils.c); the model never suppresses.
int net_ratelimit(void) { return 1; }

// Models printk_ratelimit(); the model never suppresses.
int printk_ratelimit(void) { return 1; }

// Models dump_stack() (lib/dump_stack.c): the header line, then the
// program's stack (from the sanitizer runtime when there is one).
void dump_stack(void) {
  task_struct* t = libskb_get_current();
  std::fprintf(stderr, "CPU: 0 PID: %d Comm: %s\nCall Trace:\n", static_cast<int>(t->pid), t->comm);
  if (&__sanitizer_print_stack_trace != nullptr) {
    __sanitizer_print_stack_trace();
  } else {
    std::fprintf(stderr, " (no symboliser in this build)\n");
  }
  std::fflush(stderr);
}

// Models hex_to_bin() (lib/hexdump.c): 0..15, or -1.
int hex_to_bin(unsigned char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  ch = static_cast<unsigned char>(ch | 0x20);
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  return -1;
}

// Models hex2bin(): 0, or -EINVAL at the first non-hex character.
int hex2bin(u8* dst, const char* src, size_t count) {
  while (count--) {
    int hi = hex_to_bin(static_cast<unsigned char>(*src++));
    if (hi < 0) return -EINVAL;
    int lo = hex_to_bin(static_cast<unsigned char>(*src++));
    if (lo < 0) return -EINVAL;
    *dst++ = static_cast<u8>((hi << 4) | lo);
  }
  return 0;
}

// Models bin2hex(): lower-case hex, returns the end (not NUL-terminated).
char* bin2hex(char* dst, const void* src, size_t count) {
  const auto* s = static_cast<const unsigned char*>(src);
  while (count--) dst = hex_byte_pack(dst, *s++);
  return dst;
}

// Models hex_dump_to_buffer() (lib/hexdump.c, 3.17+ return value): one row
// of @rowsize (16 or 32) bytes as groups of @groupsize bytes in host order,
// optionally followed by the ASCII column; returns the length the full row
// needs.
int hex_dump_to_buffer(const void* buf, size_t len, int rowsize, int groupsize, char* linebuf, size_t linebuflen,
                       bool ascii) {
  const auto* ptr = static_cast<const unsigned char*>(buf);
  if (rowsize != 16 && rowsize != 32) rowsize = 16;
  if (len > static_cast<size_t>(rowsize)) len = static_cast<size_t>(rowsize);
  if (groupsize != 1 && groupsize != 2 && groupsize != 4 && groupsize != 8) groupsize = 1;
  if ((len % static_cast<size_t>(groupsize)) != 0) groupsize = 1;
  const int ngroups = static_cast<int>(len) / groupsize;
  const int ascii_column = rowsize * 2 + rowsize / groupsize + 1;
  std::string s;
  for (int j = 0; j < ngroups; ++j) {
    unsigned long long v = 0;
    for (int b = groupsize - 1; b >= 0; --b) v = (v << 8) | ptr[j * groupsize + b];  // little-endian host
    s += skb::internal::Format("%s%0*llx", j ? " " : "", 2 * groupsize, v);
  }
  if (ascii) {
    while (static_cast<int>(s.size()) < ascii_column) s += ' ';
    for (size_t j = 0; j < len; ++j) {
      unsigned char c = ptr[j];
      s += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '.';
    }
  }
  if (linebuflen > 0) {
    size_t n = std::min(s.size(), linebuflen - 1);
    s.copy(linebuf, n);
    linebuf[n] = '\0';
  }
  return static_cast<int>(s.size());
}

// Models print_hex_dump(): one printk line per row, with the prefix.
void print_hex_dump(const char* level, const char* prefix_str, int prefix_type, int rowsize, int groupsize,
                    const void* buf, size_t len, bool ascii) {
  const auto* ptr = static_cast<const unsigned char*>(buf);
  if (rowsize != 16 && rowsize != 32) rowsize = 16;
  char linebuf[32 * 3 + 2 + 32 + 1];
  for (size_t i = 0; i < len; i += static_cast<size_t>(rowsize)) {
    size_t linelen = std::min(len - i, static_cast<size_t>(rowsize));
    hex_dump_to_buffer(ptr + i, linelen, rowsize, groupsize, linebuf, sizeof(linebuf), ascii);
    switch (prefix_type) {
      case DUMP_PREFIX_ADDRESS:
        printk("%s%s%p: %s\n", level, prefix_str, static_cast<const void*>(ptr + i), linebuf);
        break;
      case DUMP_PREFIX_OFFSET:
        printk("%s%s%.8zx: %s\n", level, prefix_str, i, linebuf);
        break;
      default:
        printk("%s%s%s\n", level, prefix_str, linebuf);
        break;
    }
  }
}

}  // extern "C"
