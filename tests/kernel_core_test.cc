// Unit tests of the core kernel environment (src/kernel/): lists, hash
// tables, jhash, formatted output and input, kstrto*, module parameter ops,
// allocation through the memory model, locks, RCU, uaccess, inet parsing.
#include <arpa/inet.h>
#include <linux/bitops.h>
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/inet.h>
#include <linux/jhash.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/preempt.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "skb/kernel_core.h"
#include "skb/memory.h"
#include "skb/module_params.h"
#include "skb/profile.h"
#include "skb/report.h"

namespace {

std::string Fmt(const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  libskb_vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  return buf;
}

struct Item {
  int key;
  struct list_head list;
  struct hlist_node node;
};

// ---- lists ----

TEST(KernelList, AddDelSpliceAndPoison) {
  LIST_HEAD(head);
  Item a{1, {}, {}}, b{2, {}, {}}, c{3, {}, {}};
  EXPECT_TRUE(list_empty(&head));
  list_add_tail(&a.list, &head);
  list_add_tail(&b.list, &head);
  list_add(&c.list, &head);  // at the front
  std::vector<int> order;
  Item* pos;
  list_for_each_entry(pos, &head, list) order.push_back(pos->key);
  EXPECT_EQ(order, (std::vector<int>{3, 1, 2}));
  EXPECT_EQ(list_count_nodes(&head), 3u);
  EXPECT_EQ(list_first_entry(&head, Item, list)->key, 3);
  EXPECT_EQ(list_last_entry(&head, Item, list)->key, 2);

  list_del(&a.list);
  EXPECT_EQ(a.list.next, LIST_POISON1);
  EXPECT_EQ(a.list.prev, LIST_POISON2);
  order.clear();
  Item* n;
  list_for_each_entry_safe(pos, n, &head, list) {
    order.push_back(pos->key);
    list_del_init(&pos->list);
  }
  EXPECT_EQ(order, (std::vector<int>{3, 2}));
  EXPECT_TRUE(list_empty(&head));

  LIST_HEAD(other);
  list_add_tail(&a.list, &head);
  list_add_tail(&b.list, &other);
  list_add_tail(&c.list, &other);
  list_splice_tail_init(&other, &head);
  EXPECT_TRUE(list_empty(&other));
  order.clear();
  list_for_each_entry_reverse(pos, &head, list) order.push_back(pos->key);
  EXPECT_EQ(order, (std::vector<int>{3, 2, 1}));

  LIST_HEAD(cut);
  list_cut_position(&cut, &head, &b.list);  // a, b move to cut
  EXPECT_EQ(list_count_nodes(&cut), 2u);
  EXPECT_EQ(list_count_nodes(&head), 1u);
  EXPECT_TRUE(list_is_singular(&head));
}

TEST(KernelList, DebugListReportsDoubleDeleteAndDoubleAdd) {
  skb::ScopedPolicy policy(skb::Policy::kRecord);
  skb::ClearRecorded();
  LIST_HEAD(head);
  Item a{1, {}, {}};
  list_add(&a.list, &head);
  list_add(&a.list, &head);  // double add: refused and reported
  list_del(&a.list);
  list_del(&a.list);  // poisoned: refused and reported
  ASSERT_EQ(skb::Recorded().size(), 2u);
  EXPECT_NE(skb::Recorded()[0].text.find("list_add double add"), std::string::npos);
  EXPECT_NE(skb::Recorded()[1].text.find("is LIST_POISON1"), std::string::npos);
  EXPECT_EQ(skb::Recorded()[1].site, skb::Site::kListDebug);
  EXPECT_TRUE(list_empty(&head));
}

TEST(KernelList, Hlist) {
  HLIST_HEAD(h);
  Item a{1, {}, {}}, b{2, {}, {}}, c{3, {}, {}};
  INIT_HLIST_NODE(&a.node);
  EXPECT_TRUE(hlist_unhashed(&a.node));
  hlist_add_head(&a.node, &h);
  hlist_add_head(&b.node, &h);
  hlist_add_behind(&c.node, &b.node);
  std::vector<int> order;
  Item* pos;
  hlist_for_each_entry(pos, &h, node) order.push_back(pos->key);
  EXPECT_EQ(order, (std::vector<int>{2, 3, 1}));
  hlist_del_init(&c.node);
  EXPECT_TRUE(hlist_unhashed(&c.node));
  hlist_del(&b.node);
  EXPECT_EQ(static_cast<void*>(b.node.pprev), LIST_POISON2);
  EXPECT_EQ(h.first, &a.node);
  EXPECT_EQ(a.node.pprev, &h.first);
}

TEST(KernelHashtable, AddFindDelete) {
  DECLARE_HASHTABLE(table, 4);
  hash_init(table);
  EXPECT_EQ(HASH_SIZE(table), 16u);
  EXPECT_EQ(HASH_BITS(table), 4);
  EXPECT_TRUE(hash_empty(table));
  std::vector<Item> items(40);
  for (int i = 0; i < 40; ++i) {
    items[static_cast<size_t>(i)].key = i * 7;
    hash_add(table, &items[static_cast<size_t>(i)].node, items[static_cast<size_t>(i)].key);
  }
  // Every key is found in its bucket.
  for (int i = 0; i < 40; ++i) {
    int found = 0;
    Item* pos;
    hash_for_each_possible(table, pos, node, i * 7) {
      if (pos->key == i * 7) found++;
    }
    EXPECT_EQ(found, 1) << i;
  }
  unsigned bkt;
  int count = 0;
  Item* pos;
  struct hlist_node* tmp;
  hash_for_each_safe(table, bkt, tmp, pos, node) {
    hash_del(&pos->node);
    count++;
  }
  EXPECT_EQ(count, 40);
  EXPECT_TRUE(hash_empty(table));
}

TEST(KernelHash, GoldenRatioHashes) {
  // include/linux/hash.h (4.7+): the multiplicative constants themselves.
  EXPECT_EQ(hash_32(1, 32), 0x61C88647u);
  EXPECT_EQ(hash_32(2, 16), static_cast<u32>(2u * 0x61C88647u) >> 16);
  EXPECT_EQ(hash_64(1, 32), static_cast<u32>(0x61C8864680B583EBull >> 32));
  EXPECT_EQ(ilog2(1024), 10);
  EXPECT_EQ(ilog2(1025u), 10);
  EXPECT_EQ(roundup_pow_of_two(1000), 1024ul);
  EXPECT_TRUE(is_power_of_2(64));
  EXPECT_EQ(order_base_2(1000), 10);
}

TEST(KernelJhash, Lookup3Values) {
  // The check values of lookup3.c's driver (hashlittle, little-endian).
  EXPECT_EQ(jhash("", 0, 0), 0xdeadbeefu);
  EXPECT_EQ(jhash("", 0, 0xdeadbeef), 0xbd5b7ddeu);
  const char* four = "Four score and seven years ago";
  EXPECT_EQ(jhash(four, 30, 0), 0x17770551u);
  EXPECT_EQ(jhash(four, 30, 1), 0xcd628161u);
  // jhash2 over words is jhash over their little-endian bytes.
  const u32 words[5] = {0x01020304, 0xdeadbeef, 7, 0, 0xffffffff};
  for (u32 n = 0; n <= 5; ++n) EXPECT_EQ(jhash2(words, n, 42), jhash(words, 4 * n, 42)) << n;
  // jhash_3words(a, b, c, iv) is jhash2 of {a, b, c} with iv + 12 folded in differently:
  // it equals __jhash_nwords with JHASH_INITVAL + 12 + iv, i.e. jhash2 without the word loop.
  EXPECT_EQ(jhash_3words(1, 2, 3, 0), jhash2(std::array<u32, 3>{1, 2, 3}.data(), 3, 0));
  EXPECT_EQ(jhash_1word(5, 9), jhash2(std::array<u32, 1>{5}.data(), 1, 9));
}

TEST(KernelBitops, Basics) {
  unsigned long map[2] = {0, 0};
  set_bit(3, map);
  set_bit(70, map);
  EXPECT_TRUE(test_bit(70, map));
  EXPECT_EQ(find_first_bit(map, 128), 3ul);
  EXPECT_EQ(find_next_bit(map, 128, 4), 70ul);
  EXPECT_TRUE(test_and_clear_bit(3, map));
  EXPECT_FALSE(test_bit(3, map));
  EXPECT_EQ(find_first_zero_bit(map, 128), 0ul);
  EXPECT_EQ(GENMASK(7, 4), 0xf0ul);
  EXPECT_EQ(rol32(0x80000001u, 1), 3u);
  EXPECT_EQ(fls(0), 0);
  EXPECT_EQ(fls(0x80000000u), 32);
  EXPECT_EQ(__ffs(8ul), 3ul);
  EXPECT_EQ(hweight32(0xff00ff), 16u);
}

// ---- formatted output ----

TEST(KernelFormat, IntegersAsTheKernelPrintsThem) {
  EXPECT_EQ(Fmt("%d %i %u %x %X %o", -5, 7, 4000000000u, 255, 255, 8), "-5 7 4000000000 ff FF 10");
  EXPECT_EQ(Fmt("%#x %#o", 0, 0), "0x0 00");  // glibc: "0 0"
  EXPECT_EQ(Fmt("%.0d", 0), "0");             // glibc: ""
  EXPECT_EQ(Fmt("%05.3d|%-5d|%+d|% d", 7, 3, 4, 4), "00007|3    |+4| 4");
  EXPECT_EQ(Fmt("%hhd %hd %ld %lld %zu %zd", 257, 65537, -1L, -2LL, static_cast<size_t>(9), static_cast<ssize_t>(-9)),
            "1 1 -1 -2 9 -9");
  EXPECT_EQ(Fmt("%lx %llx", 0xffffffffffffffffUL, 0x123ULL), "ffffffffffffffff 123");
  EXPECT_EQ(Fmt("%5s|%-5s|%.2s|%c%%", "ab", "cd", "xyz", 'q'), "   ab|cd   |xy|q%");
  EXPECT_EQ(Fmt("%s %s", static_cast<const char*>(nullptr), reinterpret_cast<const char*>(16)), "(null) (efault)");
  EXPECT_EQ(Fmt("%*d|%-*d", 4, 1, 3, 2), "   1|2  ");
}

TEST(KernelFormat, TruncationAndReturnValue) {
  char buf[8];
  EXPECT_EQ(libskb_snprintf(buf, sizeof(buf), "%s", "0123456789"), 10);
  EXPECT_STREQ(buf, "0123456");
  EXPECT_EQ(scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
  EXPECT_EQ(scnprintf(buf, 0, "%s", "0123456789"), 0);
  EXPECT_EQ(libskb_snprintf(nullptr, 0, "%d", 12345), 5);
}

TEST(KernelFormat, PointerExtensions) {
  const __be32 addr = htonl(0xc0a80001);  // 192.168.0.1
  const u32 host = 0xc0a80001;
  EXPECT_EQ(Fmt("%pI4", &addr), "192.168.0.1");
  EXPECT_EQ(Fmt("%pi4", &addr), "192.168.000.001");
  EXPECT_EQ(Fmt("%pI4h", &host), "192.168.0.1");
  EXPECT_EQ(Fmt("[%16pI4]", &addr), "[     192.168.0.1]");
  u8 a6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  EXPECT_EQ(Fmt("%pI6", a6), "2001:0db8:0000:0000:0000:0000:0000:0001");
  EXPECT_EQ(Fmt("%pi6", a6), "20010db8000000000000000000000001");
  EXPECT_EQ(Fmt("%pI6c", a6), "2001:db8::1");
  u8 mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1};
  EXPECT_EQ(Fmt("%pI6c", mapped), "::ffff:10.0.0.1");
  u8 any[16] = {};
  EXPECT_EQ(Fmt("%pI6c", any), "::");
  u8 one_zero[16] = {0, 1, 0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7};
  EXPECT_EQ(Fmt("%pI6c", one_zero), "1:0:2:3:4:5:6:7");  // a single zero word stays
  const u8 mac[6] = {0x00, 0x1b, 0x21, 0xab, 0xcd, 0xef};
  EXPECT_EQ(Fmt("%pM", mac), "00:1b:21:ab:cd:ef");
  EXPECT_EQ(Fmt("%pMR", mac), "ef:cd:ab:21:1b:00");
  EXPECT_EQ(Fmt("%pMF", mac), "00-1b-21-ab-cd-ef");
  EXPECT_EQ(Fmt("%pm", mac), "001b21abcdef");
  EXPECT_EQ(Fmt("%*ph", 4, mac), "00 1b 21 ab");
  EXPECT_EQ(Fmt("%*phC", 3, mac), "00:1b:21");
  EXPECT_EQ(Fmt("%*phN", 3, mac), "001b21");
  EXPECT_EQ(Fmt("%pI4", static_cast<void*>(nullptr)), "(null)");
  EXPECT_EQ(Fmt("%p", reinterpret_cast<void*>(0x1234)), "0000000000001234");
  EXPECT_EQ(Fmt("%pK", reinterpret_cast<void*>(0x1234)), "0000000000001234");
  EXPECT_EQ(Fmt("%pe", ERR_PTR(-ENOMEM)), "-ENOMEM");
  EXPECT_EQ(Fmt("%pe", ERR_PTR(-ENOTSUPP)), "-ENOTSUPP");
  EXPECT_EQ(Fmt("%pZZZ!", reinterpret_cast<void*>(1)), "0000000000000001!");  // alphanumerics consumed
  EXPECT_EQ(Fmt("%ps", reinterpret_cast<void*>(&kmalloc)), "kmalloc");
}

TEST(KernelFormat, UnsupportedConversionWarnsAndStops) {
  skb::ScopedPolicy policy(skb::Policy::kRecord);
  skb::ClearRecorded();
  EXPECT_EQ(Fmt("a%db%fc%d", 1, 2.0, 3), "a1b");
  ASSERT_EQ(skb::Recorded().size(), 1u);
  EXPECT_NE(skb::Recorded()[0].text.find("Please remove unsupported %f in format string"), std::string::npos);
}

TEST(KernelFormat, Kasprintf) {
  char* s = kasprintf(GFP_ATOMIC, "%pI4:%u", std::array<u8, 4>{10, 1, 2, 3}.data(), 80u);
  ASSERT_NE(s, nullptr);
  EXPECT_STREQ(s, "10.1.2.3:80");
  EXPECT_EQ(ksize(s), 16u);
  kfree(s);
}

TEST(KernelFormat, Sscanf) {
  int a = 0, b = 0, n = 0;
  unsigned int x = 0;
  char word[16] = {};
  EXPECT_EQ(libskb_sscanf("12 34", "%d %d", &a, &b), 2);
  EXPECT_EQ(a + b, 46);
  EXPECT_EQ(libskb_sscanf("port=8080", "port=%d", &a), 1);
  EXPECT_EQ(a, 8080);
  EXPECT_EQ(libskb_sscanf("0x1f rest", "%x %15s%n", &x, word, &n), 2);
  EXPECT_EQ(x, 0x1fu);
  EXPECT_STREQ(word, "rest");
  EXPECT_EQ(n, 9);
  unsigned int ip[4];
  EXPECT_EQ(libskb_sscanf("10.0.0.255", "%u.%u.%u.%u", &ip[0], &ip[1], &ip[2], &ip[3]), 4);
  EXPECT_EQ(ip[3], 255u);
  EXPECT_EQ(libskb_sscanf("+5", "%d", &a), 0);  // the kernel's sscanf takes no '+'
  EXPECT_EQ(libskb_sscanf("-5", "%d", &a), 1);
  EXPECT_EQ(a, -5);
  EXPECT_EQ(libskb_sscanf("abc", "%d", &a), 0);
  EXPECT_EQ(libskb_sscanf("12345", "%3d%d", &a, &b), 2);
  EXPECT_EQ(a, 123);
  EXPECT_EQ(b, 45);
  char set[8] = {};
  EXPECT_EQ(libskb_sscanf("abc123", "%[a-c]%d", set, &a), 2);
  EXPECT_STREQ(set, "abc");
}

// ---- kstrto* ----

TEST(KernelKstrto, EdgeCases) {
  int i = 77;
  unsigned int u = 0;
  long long ll = 0;
  unsigned long long ull = 0;
  u8 b = 0;
  s8 sb = 0;
  EXPECT_EQ(kstrtoint("42", 0, &i), 0);
  EXPECT_EQ(i, 42);
  EXPECT_EQ(kstrtoint("42\n", 10, &i), 0);  // one trailing newline
  EXPECT_EQ(kstrtoint("42\n\n", 10, &i), -EINVAL);
  EXPECT_EQ(kstrtoint(" 42", 10, &i), -EINVAL);
  EXPECT_EQ(kstrtoint("", 10, &i), -EINVAL);
  EXPECT_EQ(kstrtoint("+7", 10, &i), 0);
  EXPECT_EQ(i, 7);
  EXPECT_EQ(kstrtoint("-7", 10, &i), 0);
  EXPECT_EQ(i, -7);
  EXPECT_EQ(kstrtoint("-+7", 10, &i), -EINVAL);
  EXPECT_EQ(kstrtoint("0x10", 0, &i), 0);
  EXPECT_EQ(i, 16);
  EXPECT_EQ(kstrtoint("010", 0, &i), 0);
  EXPECT_EQ(i, 8);
  EXPECT_EQ(kstrtoint("0x", 0, &i), -EINVAL);  // base 8 "0", then 'x'
  EXPECT_EQ(kstrtoint("0x10", 16, &i), 0);
  EXPECT_EQ(i, 16);
  EXPECT_EQ(kstrtoint("08", 0, &i), -EINVAL);
  i = 77;
  EXPECT_EQ(kstrtoint("2147483648", 10, &i), -ERANGE);
  EXPECT_EQ(i, 77);  // untouched on error
  EXPECT_EQ(kstrtoint("-2147483648", 10, &i), 0);
  EXPECT_EQ(i, INT_MIN);
  EXPECT_EQ(kstrtouint("-1", 10, &u), -EINVAL);
  EXPECT_EQ(kstrtouint("4294967295", 10, &u), 0);
  EXPECT_EQ(u, 4294967295u);
  EXPECT_EQ(kstrtoull("18446744073709551615", 10, &ull), 0);
  EXPECT_EQ(kstrtoull("18446744073709551616", 10, &ull), -ERANGE);
  EXPECT_EQ(kstrtoll("-9223372036854775808", 10, &ll), 0);
  EXPECT_EQ(ll, LLONG_MIN);
  EXPECT_EQ(kstrtoll("9223372036854775808", 10, &ll), -ERANGE);
  EXPECT_EQ(kstrtou8("256", 0, &b), -ERANGE);
  EXPECT_EQ(kstrtos8("-128", 0, &sb), 0);
  EXPECT_EQ(kstrtos8("-129", 0, &sb), -ERANGE);
  bool flag = false;
  EXPECT_EQ(kstrtobool("on", &flag), 0);
  EXPECT_TRUE(flag);
  EXPECT_EQ(kstrtobool("N", &flag), 0);
  EXPECT_FALSE(flag);
  EXPECT_EQ(kstrtobool("yes-ish", &flag), 0);  // the first character decides
  EXPECT_TRUE(flag);
  EXPECT_EQ(kstrtobool("o", &flag), -EINVAL);
  EXPECT_EQ(kstrtobool("", &flag), -EINVAL);
  {
    skb::ScopedProfile p(*skb::ByName("3.10"));
    EXPECT_EQ(kstrtobool("true", &flag), -EINVAL);  // t/f only from 5.18
  }
  EXPECT_EQ(kstrtobool("true", &flag), 0);
  char* end = nullptr;
  EXPECT_EQ(simple_strtoul("123abc", &end, 10), 123ul);
  EXPECT_STREQ(end, "abc");
  EXPECT_EQ(simple_strtol("-0x1fz", &end, 0), -31);
  EXPECT_STREQ(end, "z");
  const char user[] = "99\n";
  EXPECT_EQ(kstrtoint_from_user(user, 3, 10, &i), 0);
  EXPECT_EQ(i, 99);
  EXPECT_EQ(kstrtoint_from_user(nullptr, 3, 10, &i), -EFAULT);
}

// ---- strings ----

TEST(KernelString, CopyAndTrim) {
  char buf[6];
  EXPECT_EQ(libskb_strscpy(buf, "hello", sizeof(buf)), 5);
  EXPECT_EQ(libskb_strscpy(buf, "hello!", sizeof(buf)), -E2BIG);
  EXPECT_STREQ(buf, "hello");
  EXPECT_EQ(libskb_strscpy(buf, "x", 0), -E2BIG);
  EXPECT_EQ(strscpy(buf, "ab"), 2);  // two-argument form: sizeof(buf)
  EXPECT_EQ(libskb_strlcpy(buf, "abcdefgh", sizeof(buf)), 8u);
  EXPECT_STREQ(buf, "abcde");
  char cat[8] = "ab";
  EXPECT_EQ(libskb_strlcat(cat, "cdefghij", sizeof(cat)), 10u);
  EXPECT_STREQ(cat, "abcdefg");
  char t[] = "  padded \n";
  EXPECT_STREQ(strim(t), "padded");
  EXPECT_STREQ(skip_spaces("\t x"), "x");
  const unsigned char z[4] = {0, 0, 7, 0};
  EXPECT_EQ(memchr_inv(z, 0, 4), z + 2);
  EXPECT_EQ(memchr_inv(z, 0, 2), nullptr);
  EXPECT_TRUE(sysfs_streq("on\n", "on"));
  const char* opts[] = {"off", "on", "auto"};
  EXPECT_EQ(match_string(opts, 3, "auto"), 2);
  EXPECT_EQ(match_string(opts, 3, "x"), -EINVAL);
  EXPECT_STREQ(strnstr("needle in haystack", "hay", 18), "haystack");
  EXPECT_EQ(strnstr("needle in haystack", "hay", 12), nullptr);
  char* d = kstrdup("dup", GFP_ATOMIC);
  EXPECT_STREQ(d, "dup");
  kfree(d);
  EXPECT_EQ(kstrdup(nullptr, GFP_ATOMIC), nullptr);
  char* nd = kstrndup("abcdef", 3, GFP_ATOMIC);
  EXPECT_STREQ(nd, "abc");
  kfree(nd);
  EXPECT_TRUE(_ctype[static_cast<unsigned char>('a')] & _L);
  EXPECT_TRUE(_ctype[0xe9] & _L);  // Latin-1 e-acute
  EXPECT_EQ(hex_to_bin('F'), 15);
  u8 bin[2];
  EXPECT_EQ(hex2bin(bin, "a0ff", 2), 0);
  EXPECT_EQ(bin[0], 0xa0);
  EXPECT_EQ(hex2bin(bin, "zz", 1), -EINVAL);
}

// ---- inet ----

TEST(KernelInet, Parsers) {
  EXPECT_EQ(in_aton("10.1.2.3"), htonl(0x0a010203));
  u8 a4[4];
  const char* end = nullptr;
  EXPECT_EQ(in4_pton("192.168.1.20", -1, a4, -1, &end), 1);
  EXPECT_EQ(a4[0], 192);
  EXPECT_EQ(a4[3], 20);
  EXPECT_EQ(*end, '\0');
  EXPECT_EQ(in4_pton("1.2.3.4:80", -1, a4, ':', &end), 1);
  EXPECT_STREQ(end, ":80");
  EXPECT_EQ(in4_pton("256.1.1.1", -1, a4, -1, nullptr), 0);
  EXPECT_EQ(in4_pton("1.2.3", -1, a4, -1, nullptr), 0);
  EXPECT_EQ(in4_pton("1.2.3.4.5", -1, a4, -1, nullptr), 0);
  EXPECT_EQ(in4_pton("1.2.3.4", 5, a4, -1, nullptr), 0);  // srclen cuts it to "1.2."
  u8 a6[16];
  EXPECT_EQ(in6_pton("2001:db8::1", -1, a6, -1, nullptr), 1);
  EXPECT_EQ(Fmt("%pI6c", a6), "2001:db8::1");
  EXPECT_EQ(in6_pton("::ffff:10.0.0.1", -1, a6, -1, nullptr), 1);
  EXPECT_EQ(Fmt("%pI6c", a6), "::ffff:10.0.0.1");
  EXPECT_EQ(in6_pton("::", -1, a6, -1, nullptr), 1);
  EXPECT_EQ(in6_pton("1::2::3", -1, a6, -1, nullptr), 0);
  EXPECT_EQ(in6_pton("12345::", -1, a6, -1, nullptr), 0);
  EXPECT_EQ(in6_pton("1:2:3:4:5:6:7:8", -1, a6, -1, nullptr), 1);
  EXPECT_EQ(in6_pton("1:2:3:4:5:6:7", -1, a6, -1, nullptr), 0);
}

// ---- allocation ----

TEST(KernelSlab, KmallocFamilyThroughTheMemoryModel) {
  void* p = kmalloc(100, GFP_ATOMIC);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(ksize(p), 128u);
  EXPECT_EQ(kmalloc(0, GFP_ATOMIC), ZERO_SIZE_PTR);
  kfree(ZERO_SIZE_PTR);
  auto* z = static_cast<unsigned char*>(kcalloc(10, 4, GFP_ATOMIC));
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(memchr_inv(z, 0, 40), nullptr);
  EXPECT_EQ(kcalloc(SIZE_MAX / 2, 4, GFP_ATOMIC), nullptr);  // overflow
  EXPECT_EQ(kmalloc_array(SIZE_MAX / 2, 4, GFP_ATOMIC), nullptr);
  // krealloc within the bucket keeps the object, beyond it moves it.
  std::memset(p, 0xab, 100);
  void* same = krealloc(p, 120, GFP_ATOMIC);
  EXPECT_EQ(same, p);
  void* moved = krealloc(same, 1000, GFP_ATOMIC);
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(static_cast<unsigned char*>(moved)[99], 0xab);
  EXPECT_EQ(ksize(moved), 1024u);
  kfree(moved);
  kfree(z);
  void* dup = kmemdup("abc", 4, GFP_ATOMIC);
  EXPECT_STREQ(static_cast<char*>(dup), "abc");
  kfree(dup);
  void* v = vzalloc(10000);
  ASSERT_NE(v, nullptr);
  EXPECT_TRUE(is_vmalloc_addr(v));
  kvfree(v);
  void* kv = kvmalloc(64, GFP_ATOMIC);
  EXPECT_FALSE(is_vmalloc_addr(kv));
  kvfree(kv);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KERNEL_CORE_HAVE_ASAN 1
#endif
#endif

#ifdef KERNEL_CORE_HAVE_ASAN
// KASAN-style redzone: one byte past the request is caught even inside the bucket.
TEST(KernelSlabDeathTest, OverflowPastTheRequestInsideTheBucket) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        auto* p = static_cast<volatile char*>(kmalloc(10, GFP_ATOMIC));
        p[10] = 1;
      },
      "heap-buffer-overflow|use-after-poison");
  auto* q = static_cast<char*>(kmalloc(10, GFP_ATOMIC));
  EXPECT_EQ(ksize(q), 16u);
  q[15] = 1;  // ksize() made the whole bucket usable, as the kernel's does
  kfree(q);
}
#endif

TEST(KernelSlab, FaultInjectionApplies) {
  skb::FailAllocationAfter(0);
  EXPECT_EQ(kmalloc(64, GFP_ATOMIC), nullptr);
  void* ok = kmalloc(64, GFP_ATOMIC);
  EXPECT_NE(ok, nullptr);
  kfree(ok);
  skb::FailAllocationAfter(1);
  char* a = kstrdup("a", GFP_ATOMIC);
  char* b = kasprintf(GFP_ATOMIC, "%d", 1);
  EXPECT_NE(a, nullptr);
  EXPECT_EQ(b, nullptr);
  kfree(a);
  skb::ClearAllocationFailures();
}

TEST(KernelSlab, KmemCache) {
  struct kmem_cache* c = kmem_cache_create("libskb_test", 40, 8, SLAB_HWCACHE_ALIGN, nullptr);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(kmem_cache_size(c), 40u);
  void* o1 = kmem_cache_alloc(c, GFP_ATOMIC);
  auto* o2 = static_cast<unsigned char*>(kmem_cache_zalloc(c, GFP_ATOMIC));
  ASSERT_NE(o1, nullptr);
  ASSERT_NE(o2, nullptr);
  EXPECT_EQ(memchr_inv(o2, 0, 40), nullptr);
  kmem_cache_free(c, o1);
  kmem_cache_free(c, o2);
  kmem_cache_destroy(c);

  skb::ScopedPolicy policy(skb::Policy::kRecord);
  skb::ClearRecorded();
  struct kmem_cache* leaky = kmem_cache_create("libskb_leaky", 16, 0, 0, nullptr);
  void* kept = kmem_cache_alloc(leaky, GFP_ATOMIC);
  kmem_cache_destroy(leaky);
  ASSERT_EQ(skb::Recorded().size(), 1u);
  EXPECT_NE(skb::Recorded()[0].text.find("Objects remaining in libskb_leaky on __kmem_cache_shutdown()"),
            std::string::npos);
  kfree(kept);
}

TEST(KernelSlab, SleepingAllocationUnderSpinlockIsReported) {
  skb::ScopedPolicy policy(skb::Policy::kRecord);
  skb::ClearRecorded();
  DEFINE_SPINLOCK(lock);
  spin_lock_bh(&lock);
  EXPECT_TRUE(in_atomic());
  void* p = kmalloc(32, GFP_KERNEL);  // may sleep: reported, still allocated
  void* q = kmalloc(32, GFP_ATOMIC);  // fine
  spin_unlock_bh(&lock);
  EXPECT_FALSE(in_atomic());
  ASSERT_EQ(skb::Recorded().size(), 1u);
  EXPECT_EQ(skb::Recorded()[0].site, skb::Site::kMightSleep);
  EXPECT_EQ(skb::Recorded()[0].tier, skb::Tier::kWarn);
  EXPECT_NE(skb::Recorded()[0].text.find("BUG: sleeping function called from invalid context"), std::string::npos);
  kfree(p);
  kfree(q);
}

// ---- locks, RCU ----

TEST(KernelLocks, MisuseIsReported) {
  skb::ScopedPolicy policy(skb::Policy::kRecord);
  skb::ClearRecorded();
  DEFINE_SPINLOCK(lock);
  spin_lock(&lock);
  spin_lock(&lock);  // recursion: a deadlock on one CPU
  spin_unlock(&lock);
  spin_unlock(&lock);  // not held
  DEFINE_MUTEX(m);
  mutex_lock(&m);
  mutex_unlock(&m);
  mutex_unlock(&m);  // not held
  rcu_read_unlock();  // without a lock
  ASSERT_EQ(skb::Recorded().size(), 4u);
  EXPECT_NE(skb::Recorded()[0].text.find("BUG: spinlock recursion on CPU#0"), std::string::npos);
  EXPECT_NE(skb::Recorded()[1].text.find("BUG: spinlock already unlocked on CPU#0"), std::string::npos);
  EXPECT_NE(skb::Recorded()[2].text.find("bad unlock balance"), std::string::npos);
  EXPECT_NE(skb::Recorded()[3].text.find("bad unlock balance"), std::string::npos);
  EXPECT_EQ(skb::AtomicDepth(), 0);

  unsigned long flags;
  DEFINE_RWLOCK(rw);
  read_lock(&rw);
  read_lock(&rw);
  read_unlock(&rw);
  read_unlock(&rw);
  write_lock_irqsave(&rw, flags);
  write_unlock_irqrestore(&rw, flags);
  EXPECT_EQ(spin_trylock(&lock), 1);
  EXPECT_EQ(spin_trylock(&lock), 0);
  spin_unlock(&lock);
  EXPECT_EQ(skb::Recorded().size(), 4u);  // nothing new
}

struct RcuObj {
  int value;
  struct rcu_head rcu;
};
int g_rcu_freed = 0;
void FreeRcuObj(struct rcu_head* head) {
  kfree(container_of(head, RcuObj, rcu));
  g_rcu_freed++;
}

TEST(KernelRcu, CallbacksRunAtTheNextQuiescentPoint) {
  skb::ResetKernelCore();
  auto* a = static_cast<RcuObj*>(kzalloc(sizeof(RcuObj), GFP_ATOMIC));
  auto* b = static_cast<RcuObj*>(kzalloc(sizeof(RcuObj), GFP_ATOMIC));
  RcuObj* published = nullptr;
  rcu_assign_pointer(published, a);
  rcu_read_lock();
  EXPECT_EQ(rcu_dereference(published), a);
  rcu_read_unlock();
  call_rcu(&a->rcu, FreeRcuObj);
  kfree_rcu(b, rcu);
  EXPECT_EQ(skb::PendingRcuCallbacks(), 2u);
  EXPECT_EQ(g_rcu_freed, 0);
  EXPECT_EQ(skb::RunRcuCallbacks(), 2u);
  EXPECT_EQ(g_rcu_freed, 1);
  EXPECT_EQ(skb::PendingRcuCallbacks(), 0u);
}

TEST(KernelRefcount, SaturatesAndWarns) {
  skb::ScopedPolicy policy(skb::Policy::kRecord);
  skb::ClearRecorded();
  refcount_t r = REFCOUNT_INIT(1);
  refcount_inc(&r);
  EXPECT_FALSE(refcount_dec_and_test(&r));
  EXPECT_TRUE(refcount_dec_and_test(&r));
  EXPECT_TRUE(skb::Recorded().empty());
  refcount_inc(&r);  // addition on 0
  ASSERT_EQ(skb::Recorded().size(), 1u);
  EXPECT_NE(skb::Recorded()[0].text.find("refcount_t: addition on 0; use-after-free."), std::string::npos);
  EXPECT_EQ(refcount_read(&r), static_cast<unsigned>(REFCOUNT_SATURATED));
}

// ---- uaccess, current, random ----

TEST(KernelUaccess, UserBuffersAreOrdinaryMemory) {
  const char user[8] = "abcdefg";
  char k[8];
  EXPECT_EQ(copy_from_user(k, user, 8), 0u);
  EXPECT_STREQ(k, "abcdefg");
  std::memset(k, 'x', sizeof(k));
  EXPECT_EQ(copy_from_user(k, nullptr, 8), 8u);  // faults: all of it, zero-filled
  EXPECT_EQ(memchr_inv(k, 0, 8), nullptr);
  char out[4];
  EXPECT_EQ(copy_to_user(out, "xyz", 4), 0u);
  EXPECT_STREQ(out, "xyz");
  EXPECT_EQ(copy_to_user(reinterpret_cast<void*>(8), "xyz", 4), 4u);
  EXPECT_TRUE(access_ok(user, 8));
  EXPECT_FALSE(access_ok(reinterpret_cast<void*>(0xffff888000000000ULL), 8));
  char s[8];
  EXPECT_EQ(strncpy_from_user(s, "hi", 8), 2);
  EXPECT_EQ(strncpy_from_user(s, nullptr, 8), -EFAULT);
  EXPECT_EQ(strnlen_user("hi", 8), 3);
  void* m = memdup_user(nullptr, 4);
  EXPECT_TRUE(IS_ERR(m));
  EXPECT_EQ(PTR_ERR(m), -EFAULT);
}

TEST(KernelCurrent, TaskOutsideHooks) {
  skb::SetCurrentTask("modprobe", 4242);
  struct task_struct* t = get_current();
  EXPECT_STREQ(t->comm, "modprobe");
  EXPECT_EQ(task_pid_nr(t), 4242);
  char comm[TASK_COMM_LEN];
  get_task_comm(comm, t);
  EXPECT_STREQ(comm, "modprobe");
  EXPECT_FALSE(in_interrupt());
  skb::SetCurrentTask("insmod", 1000);
}

TEST(KernelRandom, DeterministicFromTheSeed) {
  skb::SetRandomSeed(7);
  u32 a = get_random_u32();
  u8 bytes[5];
  get_random_bytes(bytes, sizeof(bytes));
  skb::SetRandomSeed(7);
  EXPECT_EQ(get_random_u32(), a);
  u8 again[5];
  get_random_bytes(again, sizeof(again));
  EXPECT_EQ(std::memcmp(bytes, again, 5), 0);
  for (int i = 0; i < 100; ++i) EXPECT_LT(get_random_u32_below(10), 10u);
}

TEST(KernelKallsyms, LookupNameIsNotExported) {
  EXPECT_EQ(kallsyms_lookup_name("sys_call_table"), 0ul);
  char buf[KSYM_SYMBOL_LEN];
  sprint_symbol_no_offset(buf, reinterpret_cast<unsigned long>(&kmalloc));
  EXPECT_STREQ(buf, "kmalloc");
}

// ---- module parameter ops (the registry is tested by tests/modules/svc_params) ----

TEST(KernelParams, StandardOpsParseAsKernelParamsC) {
  int i = 0;
  bool flag = false;
  char* s = nullptr;
  unsigned int arr[3] = {};
  unsigned int n = 0;
  char str[5] = {};
  const struct kparam_array pa = {3, sizeof(unsigned int), &n, &param_ops_uint, arr};
  const struct kparam_string ps = {sizeof(str), str};
  const struct kernel_param kpi = {"i", nullptr, &param_ops_int, 0644, -1, 0, {&i}};
  const struct kernel_param kpb = {"b", nullptr, &param_ops_bool, 0644, -1, 0, {&flag}};
  const struct kernel_param kpinv = {"inv", nullptr, &param_ops_invbool, 0644, -1, 0, {&flag}};
  const struct kernel_param kps = {"s", nullptr, &param_ops_charp, 0644, -1, 0, {&s}};
  struct kernel_param kpa = {"a", nullptr, &param_array_ops, 0644, -1, 0, {nullptr}};
  kpa.arr = &pa;
  struct kernel_param kpstr = {"str", nullptr, &param_ops_string, 0644, -1, 0, {nullptr}};
  kpstr.str = &ps;
  EXPECT_EQ(param_ops_int.set("-0x10", &kpi), 0);
  EXPECT_EQ(i, -16);
  EXPECT_EQ(param_ops_int.set("9999999999", &kpi), -ERANGE);
  EXPECT_EQ(param_ops_int.set("12abc", &kpi), -EINVAL);
  EXPECT_EQ(param_ops_bool.set("Y", &kpb), 0);
  EXPECT_TRUE(flag);
  EXPECT_EQ(param_ops_bool.set(nullptr, &kpb), 0);  // a bare "name" means true
  EXPECT_EQ(param_ops_bool.set("maybe", &kpb), -EINVAL);
  EXPECT_EQ(param_ops_invbool.set("1", &kpinv), 0);
  EXPECT_FALSE(flag);
  EXPECT_EQ(param_ops_charp.set("eth0", &kps), 0);
  EXPECT_STREQ(s, "eth0");
  EXPECT_EQ(param_array_ops.set("1,2,3", &kpa), 0);
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(arr[2], 3u);
  EXPECT_EQ(param_array_ops.set("1,2,3,4", &kpa), -EINVAL);
  EXPECT_EQ(param_array_ops.set("5,x", &kpa), -EINVAL);
  EXPECT_EQ(arr[0], 5u);
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(param_ops_string.set("abcd", &kpstr), 0);
  EXPECT_EQ(param_ops_string.set("abcde", &kpstr), -ENOSPC);
  char buf[4096];
  EXPECT_EQ(param_ops_bool.get(buf, &kpb), 2);
  EXPECT_STREQ(buf, "N\n");
  param_array_ops.set("7,8", &kpa);
  param_array_ops.get(buf, &kpa);
  EXPECT_STREQ(buf, "7,8\n");
}

}  // namespace
