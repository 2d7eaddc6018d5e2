// libskb: text to address conversion (net/core/utils.c: in_aton, in4_pton,
// in6_pton).
#include <linux/inet.h>

#include <cctype>
#include <cstring>

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

extern "C" {

// Models in_aton(): up to four dot-separated decimal parts, each taken modulo
// 256 and stopping at its first non-digit; no error is reported.
__be32 in_aton(const char* str) {
  unsigned int l = 0;
  for (int i = 0; i < 4; i++) {
    l <<= 8;
    if (*str != '\0') {
      unsigned int val = 0;
      while (*str != '\0' && *str != '.' && *str != '\n') {
        val *= 10;
        val += static_cast<unsigned>(*str - '0');
        str++;
      }
      l |= val & 0xff;
      if (*str != '\0') str++;
    }
  }
  return __builtin_bswap32(l);  // htonl
}

// xdigit2bin() (net/core/utils.c): what a character is to the address parsers.
enum : int {
  kDigit = 0x10000,
  kXdigit = 0x20000,
  kDot = 0x40000,
  kDelim = 0x80000,
  kColon = 0x100000,
};
static int Classify(int c, int delim) {
  if (c == delim || c == '\0') return kDelim;
  if (c == ':') return kColon;
  if (c == '.') return kDot;
  int v = HexValue(static_cast<char>(c));
  if (v >= 0) return v | kXdigit | (v < 10 ? kDigit : 0);
  if (delim == -1) return kDelim;
  return 0;
}

// Models in4_pton() (net/core/utils.c): four decimal octets (each <= 255;
// leading zeros allowed) separated by '.', ended by @delim, a NUL, a ':' or
// the end of @srclen characters (with @delim -1: by any character that is
// not a hex digit, '.' or ':'). 1 on success, 0 otherwise; *end is where
// parsing stopped.
int in4_pton(const char* src, int srclen, u8* dst, int delim, const char** end) {
  if (srclen < 0) srclen = static_cast<int>(std::strlen(src));
  const char* s = src;
  u8 dbuf[4];
  int octets = 0;
  int w = 0;  // kDigit once a digit was seen, plus the value
  int ret = 0;
  for (;;) {
    int c = Classify(srclen > 0 ? static_cast<unsigned char>(*s) : '\0', delim);
    if (!(c & (kDigit | kDot | kDelim | kColon))) break;
    if (c & (kDot | kDelim | kColon)) {
      if (w == 0) break;
      dbuf[octets++] = static_cast<u8>(w & 0xff);
      w = 0;
      if (c & (kDelim | kColon)) {
        if (octets == 4) {
          std::memcpy(dst, dbuf, sizeof(dbuf));
          ret = 1;
        }
        break;
      }
    } else {
      w = kDigit | ((w & 0xffff) * 10 + (c & 0xf));
      if ((w & 0xffff) > 255) break;
    }
    if (octets >= 4) break;
    s++;
    srclen--;
  }
  if (end) *end = s;
  return ret;
}

// Models in6_pton(): groups of up to four hex digits separated by ':', one
// "::" for a run of zero groups, and an optional trailing dotted quad; ended
// by @delim (or, with -1, by any other character), within @srclen characters.
int in6_pton(const char* src, int srclen, u8* dst, int delim, const char** end) {
  u8 dbuf[16] = {};
  int len = srclen < 0 ? static_cast<int>(std::strlen(src)) : srclen;
  const char* s = src;
  const char* limit = src + len;
  int i = 0;              // bytes written
  int gap = -1;           // where "::" was (byte index)
  auto at_end = [&](const char* p) {
    if (p >= limit) return true;
    int c = static_cast<unsigned char>(*p);
    if (c == delim || c == '\0') return true;
    return delim == -1 && HexValue(static_cast<char>(c)) < 0 && c != ':' && c != '.';
  };
  if (!at_end(s) && *s == ':') {
    if (s + 1 >= limit || s[1] != ':') goto fail;
    gap = 0;
    s += 2;
  }
  while (!at_end(s)) {
    // A dotted quad ends the address.
    const char* q = s;
    while (q < limit && HexValue(*q) >= 0) q++;
    if (q < limit && *q == '.') {
      if (i > 12) goto fail;
      const char* e4 = nullptr;
      if (!in4_pton(s, static_cast<int>(limit - s), dbuf + i, delim, &e4)) goto fail;
      i += 4;
      s = e4;
      break;
    }
    int n = 0;
    unsigned v = 0;
    while (s < limit && HexValue(*s) >= 0) {
      if (++n > 4) goto fail;
      v = (v << 4) | static_cast<unsigned>(HexValue(*s));
      s++;
    }
    if (n == 0 || i > 14) goto fail;
    dbuf[i++] = static_cast<u8>(v >> 8);
    dbuf[i++] = static_cast<u8>(v);
    if (at_end(s)) break;
    if (*s != ':') goto fail;
    s++;
    if (s < limit && *s == ':') {
      if (gap >= 0) goto fail;  // a second "::"
      gap = i;
      s++;
      if (at_end(s)) break;
    } else if (at_end(s)) {
      goto fail;  // a trailing single ':'
    }
  }
  if (gap >= 0) {
    if (i == 16) goto fail;
    std::memmove(dbuf + 16 - (i - gap), dbuf + gap, static_cast<size_t>(i - gap));
    std::memset(dbuf + gap, 0, static_cast<size_t>(16 - i));
  } else if (i != 16) {
    goto fail;
  }
  std::memcpy(dst, dbuf, 16);
  if (end) *end = s;
  return 1;
fail:
  if (end) *end = s;
  return 0;
}

}  // extern "C"
