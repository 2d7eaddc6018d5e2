// Tests of the kernel environment's smaller services: the rtc calendar
// conversions, sys_tz, semaphores with single-threaded semantics, file I/O on
// the scratch root, scatterlists and the crypto API of a kernel without
// algorithms.
#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/crypto.h>
#include <linux/fs.h>
#include <linux/libskb_file_io.h>
#include <linux/libskb_sys_tz.h>
#include <linux/rtc.h>
#include <linux/scatterlist.h>
#include <linux/semaphore.h>
#include <linux/unaligned.h>
#define INCLUDE_VERMAGIC  // as kernel/module.c and *.mod.c do (v5.8+)
#include <linux/vermagic.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "skb/file_io.h"
#include "skb/profile.h"
#include "test_util.h"

namespace {

using skb_test::CatchBug;

// ---- rtc ----

struct Date {
  int64_t time;
  int year, mon, mday, hour, min, sec, wday, yday;
};

// Expected values computed independently (Python's datetime, UTC).
constexpr Date kDates[] = {
    {0, 1970, 0, 1, 0, 0, 0, 4, 0},
    {68169600, 1972, 1, 29, 0, 0, 0, 2, 59},            // first leap day after the epoch
    {951782400, 2000, 1, 29, 0, 0, 0, 2, 59},           // 2000: divisible by 400, leap
    {1703980800, 2023, 11, 31, 0, 0, 0, 0, 364},        // last day of a common year
    {1709164800, 2024, 1, 29, 0, 0, 0, 4, 59},          // leap day
    {1709210096, 2024, 1, 29, 12, 34, 56, 4, 59},
    {1735689599, 2024, 11, 31, 23, 59, 59, 2, 365},     // last second of a leap year
    {2147483647, 2038, 0, 19, 3, 14, 7, 2, 18},         // INT32_MAX
    {2147483648, 2038, 0, 19, 3, 14, 8, 2, 18},         // one past: no y2038 wrap
    {4102444800, 2100, 0, 1, 0, 0, 0, 5, 0},            // 2100 is not a leap year
    {253402300799, 9999, 11, 31, 23, 59, 59, 5, 364},
};

TEST(Rtc, Time64ToTmKnownDates) {
  for (const Date& d : kDates) {
    struct rtc_time tm;
    memset(&tm, 0x5a, sizeof(tm));
    rtc_time64_to_tm(d.time, &tm);
    SCOPED_TRACE(d.time);
    EXPECT_EQ(tm.tm_year, d.year - 1900);
    EXPECT_EQ(tm.tm_mon, d.mon);
    EXPECT_EQ(tm.tm_mday, d.mday);
    EXPECT_EQ(tm.tm_hour, d.hour);
    EXPECT_EQ(tm.tm_min, d.min);
    EXPECT_EQ(tm.tm_sec, d.sec);
    EXPECT_EQ(tm.tm_wday, d.wday);
    EXPECT_EQ(tm.tm_yday, d.yday);
    EXPECT_EQ(tm.tm_isdst, 0);
    EXPECT_EQ(rtc_tm_to_time64(&tm), d.time);
    EXPECT_EQ(rtc_valid_tm(&tm), 0);
  }
}

// The pre-v5.8 spelling, which the old modules call, is out of line in
// libskb (pre-v3.19 kernels exported it).
extern "C" void rtc_time_to_tm(unsigned long time, struct rtc_time* tm);
extern "C" int rtc_tm_to_time(struct rtc_time* tm, unsigned long* time);

TEST(Rtc, TimeToTmMatchesTime64AndRoundTrips) {
  for (int64_t t = 0; t < 5LL * 400 * 366 * 86400; t += 86400 * 37 + 3607) {
    struct rtc_time a, b;
    rtc_time_to_tm(static_cast<unsigned long>(t), &a);
    rtc_time64_to_tm(t, &b);
    ASSERT_EQ(memcmp(&a, &b, sizeof(a)), 0) << t;
    unsigned long back = 0;
    ASSERT_EQ(rtc_tm_to_time(&a, &back), 0);
    ASSERT_EQ(back, static_cast<unsigned long>(t));
  }
}

TEST(Rtc, MonthAndYearDays) {
  EXPECT_EQ(rtc_month_days(1, 1900), 28);
  EXPECT_EQ(rtc_month_days(1, 2000), 29);
  EXPECT_EQ(rtc_month_days(1, 2024), 29);
  EXPECT_EQ(rtc_month_days(1, 2100), 28);
  EXPECT_EQ(rtc_month_days(11, 2023), 31);
  EXPECT_EQ(rtc_year_days(1, 0, 2024), 0);
  EXPECT_EQ(rtc_year_days(1, 2, 2024), 60);
  EXPECT_EQ(rtc_year_days(1, 2, 2023), 59);
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_FALSE(is_leap_year(1900));
}

TEST(Rtc, ValidTmRejectsOutOfRangeFields) {
  struct rtc_time tm;
  rtc_time64_to_tm(1709164800, &tm);  // 2024-02-29
  EXPECT_EQ(rtc_valid_tm(&tm), 0);
  struct rtc_time bad = tm;
  bad.tm_year = 123;  // 2023-02-29 does not exist
  EXPECT_EQ(rtc_valid_tm(&bad), -EINVAL);
  bad = tm;
  bad.tm_year = 69;  // before the epoch
  EXPECT_EQ(rtc_valid_tm(&bad), -EINVAL);
  bad = tm;
  bad.tm_hour = 24;
  EXPECT_EQ(rtc_valid_tm(&bad), -EINVAL);
  bad = tm;
  bad.tm_mon = 12;
  EXPECT_EQ(rtc_valid_tm(&bad), -EINVAL);
}

TEST(SysTz, StartsAsUtc) {
  EXPECT_EQ(sys_tz.tz_minuteswest, 0);
  EXPECT_EQ(sys_tz.tz_dsttime, 0);
}

// ---- unaligned access, release strings ----

TEST(Unaligned, LoadsAndStoresAtOddAddresses) {
  alignas(8) unsigned char buf[24] = {};
  for (int i = 0; i < 12; ++i) buf[i] = static_cast<unsigned char>(0x10 + i);
  EXPECT_EQ(get_unaligned_be16(buf + 1), 0x1112);
  EXPECT_EQ(get_unaligned_le16(buf + 1), 0x1211);
  EXPECT_EQ(get_unaligned_be32(buf + 3), 0x13141516u);
  EXPECT_EQ(get_unaligned_le32(buf + 3), 0x16151413u);
  EXPECT_EQ(get_unaligned_be64(buf + 1), 0x1112131415161718ull);
  EXPECT_EQ(get_unaligned_be24(buf + 5), 0x151617u);
  put_unaligned_be32(0xa1b2c3d4, buf + 13);
  EXPECT_EQ(buf[13], 0xa1);
  EXPECT_EQ(buf[16], 0xd4);
  put_unaligned_le64(0x0102030405060708ull, buf + 15);
  EXPECT_EQ(buf[15], 0x08);
  EXPECT_EQ(buf[22], 0x01);
  const __be16* p = reinterpret_cast<const __be16*>(buf + 1);
  EXPECT_EQ(be16_to_cpu(get_unaligned(p)), 0x1112);
  put_unaligned(cpu_to_be16(0xbeef), reinterpret_cast<__be16*>(buf + 9));
  EXPECT_EQ(buf[9], 0xbe);
  EXPECT_EQ(buf[10], 0xef);
}

TEST(Vermagic, ReleaseOfThePersonality) {
  EXPECT_STREQ(UTS_RELEASE, "6.12.0");  // the default API personality
  EXPECT_STREQ(VERMAGIC_STRING, "6.12.0 SMP mod_unload modversions ");
}

// ---- semaphores ----

// Semaphores: locks.cc, tested in kernel_core_test.cc.

// ---- scatterlists ----

TEST(Scatterlist, InitOneAndCopies) {
  char buf[32];
  for (int i = 0; i < 32; ++i) buf[i] = static_cast<char>(i);
  struct scatterlist sg;
  sg_init_one(&sg, buf + 3, 16);
  EXPECT_EQ(sg_virt(&sg), buf + 3);
  EXPECT_EQ(sg.length, 16u);
  EXPECT_TRUE(sg_is_last(&sg));
  EXPECT_EQ(sg_next(&sg), nullptr);
  EXPECT_EQ(sg_nents(&sg), 1);
  char out[16];
  EXPECT_EQ(sg_copy_to_buffer(&sg, 1, out, sizeof(out)), 16u);
  EXPECT_EQ(memcmp(out, buf + 3, 16), 0);
}

TEST(Scatterlist, TableChainAndForEach) {
  char a[8] = "abcdefg", b[8] = "hijklmn", c[8] = "opqrstu";
  struct scatterlist first[2], second[2];
  sg_init_table(first, 2);
  sg_init_table(second, 2);
  sg_set_buf(&first[0], a, 7);
  sg_chain(first, 2, second);
  sg_set_buf(&second[0], b, 7);
  sg_set_buf(&second[1], c, 7);
  EXPECT_EQ(sg_nents(first), 3);
  std::string seen;
  struct scatterlist* sg;
  int i;
  for_each_sg(first, sg, 3, i) seen.append(static_cast<char*>(sg_virt(sg)), sg->length);
  EXPECT_EQ(seen, "abcdefghijklmnopqrstu");
  char in[21];
  memcpy(in, "ABCDEFGHIJKLMNOPQRSTU", 21);
  EXPECT_EQ(sg_copy_from_buffer(first, 3, in, 21), 21u);
  EXPECT_EQ(std::string(a, 7), "ABCDEFG");
  EXPECT_EQ(std::string(c, 7), "OPQRSTU");
}

// ---- crypto ----

TEST(Crypto, NoAlgorithmIsRegistered) {
  struct crypto_skcipher* tfm = crypto_alloc_skcipher("cbc(aes)", 0, 0);
  EXPECT_EQ(reinterpret_cast<intptr_t>(tfm), -ENOENT);
  crypto_free_skcipher(tfm);  // ERR_PTR is ignored, as crypto_destroy_tfm does
  crypto_free_skcipher(nullptr);
  EXPECT_EQ(reinterpret_cast<intptr_t>(crypto_alloc_shash("sha256", 0, 0)), -ENOENT);
  EXPECT_EQ(crypto_has_alg("sha256", 0, 0), 0);
  EXPECT_EQ(crypto_has_skcipher("cbc(aes)", 0, 0), 0);
}

TEST(Crypto, FreeingAnInventedTransformIsReported) {
  alignas(16) char fake[64] = {};
  auto report = CatchBug([&] { crypto_free_skcipher(reinterpret_cast<struct crypto_skcipher*>(fake)); });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->function, "crypto_free_skcipher");
}

// ---- file I/O on the scratch root ----

class FileIo : public testing::Test {
 protected:
  void SetUp() override {
#ifndef _LIBSKB_LINUX_FS_H
    GTEST_SKIP() << "needs libskb's <linux/fs.h> (struct file), from the kernel environment's services";
#endif
    char templ[] = "/tmp/libskb-fileio-test.XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    root_ = templ;
    skb::SetModuleFsRoot(root_);
  }
  void TearDown() override {
    if (root_.empty()) return;
    EXPECT_EQ(skb::OpenModuleFiles(), 0);
    skb::SetModuleFsRoot("");
    std::string cmd = "rm -rf '" + root_ + "'";
    EXPECT_EQ(system(cmd.c_str()), 0);
  }
  static std::string Slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::string root_;
};

#ifdef _LIBSKB_LINUX_FS_H

long Err(const void* p) { return static_cast<long>(reinterpret_cast<intptr_t>(p)); }
bool IsErr(const void* p) { return reinterpret_cast<uintptr_t>(p) >= static_cast<uintptr_t>(-4095); }

TEST_F(FileIo, RootHasASystemSkeleton) {
  EXPECT_EQ(skb::ModuleFsRoot(), root_);
  EXPECT_EQ(skb::ModuleFsPath("/var/log/x.log"), root_ + "/var/log/x.log");
  EXPECT_EQ(skb::ModuleFsPath("../../../etc/passwd"), root_ + "/etc/passwd");  // ".." stops at "/"
  EXPECT_EQ(access((root_ + "/var/log").c_str(), F_OK), 0);
  EXPECT_EQ(access((root_ + "/tmp").c_str(), F_OK), 0);
}

TEST_F(FileIo, AppendLogWithVfsWriteAndKernelWrite) {
  struct file* f = filp_open("/var/log/mod.log", O_WRONLY | O_CREAT | O_APPEND, 0644);
  ASSERT_FALSE(IsErr(f)) << Err(f);
  EXPECT_TRUE(f->f_mode & FMODE_WRITE);
  EXPECT_FALSE(f->f_mode & FMODE_READ);
  EXPECT_EQ(f->f_flags & O_CREAT, 0u);  // open-time flags are dropped, as do_dentry_open does
  EXPECT_EQ(vfs_write(f, "one\n", 4, &f->f_pos), 4);
  loff_t pos = 0;  // an O_APPEND write goes to the end whatever the position
  EXPECT_EQ(kernel_write(f, "two\n", 4, &pos), 4);
  EXPECT_EQ(pos, 8);
  EXPECT_EQ(f->f_inode->i_size, 8);
  char buf[8];
  EXPECT_EQ(vfs_read(f, buf, sizeof(buf), &pos), -EBADF);  // write-only
  EXPECT_EQ(filp_close(f, nullptr), 0);
  EXPECT_EQ(Slurp(root_ + "/var/log/mod.log"), "one\ntwo\n");
}

TEST_F(FileIo, ReadConfigurationAndSeek) {
  {
    std::ofstream out(skb::ModuleFsPath("/etc/mod.conf"));
    out << "10 0 0 1\n";
  }
  struct file* f = filp_open("/etc/mod.conf", O_RDONLY, 0);
  ASSERT_FALSE(IsErr(f)) << Err(f);
  char buf[32] = {};
  EXPECT_EQ(kernel_read(f, buf, 3, &f->f_pos), 3);
  EXPECT_EQ(std::string(buf), "10 ");
  EXPECT_EQ(vfs_read(f, buf, sizeof(buf), &f->f_pos), 6);
  EXPECT_EQ(vfs_read(f, buf, sizeof(buf), &f->f_pos), 0);  // end of file
  EXPECT_EQ(vfs_llseek(f, -2, SEEK_END), 7);
  EXPECT_EQ(vfs_llseek(f, -100, SEEK_CUR), -EINVAL);
  EXPECT_EQ(vfs_write(f, "x", 1, &f->f_pos), -EBADF);  // read-only
  EXPECT_EQ(filp_close(f, nullptr), 0);
}

TEST_F(FileIo, ErrorsAreErrPtrOfTheErrno) {
  EXPECT_EQ(Err(filp_open("/var/conf_ip", O_RDONLY, 0)), -ENOENT);
  EXPECT_EQ(Err(filp_open("/no/such/dir/f", O_WRONLY | O_CREAT, 0644)), -ENOENT);
  EXPECT_EQ(Err(filp_open("/var/log", O_WRONLY, 0)), -EISDIR);
  EXPECT_EQ(Err(filp_open("", O_RDONLY, 0)), -ENOENT);
  struct file* f = filp_open("/tmp/x", O_RDWR | O_CREAT | O_EXCL, 0600);
  ASSERT_FALSE(IsErr(f));
  EXPECT_EQ(Err(filp_open("/tmp/x", O_RDWR | O_CREAT | O_EXCL, 0600)), -EEXIST);
  EXPECT_EQ(filp_close(f, nullptr), 0);
}

TEST_F(FileIo, TruncAndPositionWithoutAppend) {
  struct file* f = filp_open("/tmp/t", O_RDWR | O_CREAT | O_TRUNC, 0600);
  ASSERT_FALSE(IsErr(f));
  EXPECT_EQ(vfs_write(f, "abcdef", 6, &f->f_pos), 6);
  loff_t pos = 2;
  EXPECT_EQ(vfs_write(f, "XY", 2, &pos), 2);
  EXPECT_EQ(pos, 4);
  EXPECT_EQ(filp_close(f, nullptr), 0);
  EXPECT_EQ(Slurp(root_ + "/tmp/t"), "abXYef");
  f = filp_open("/tmp/t", O_WRONLY | O_TRUNC, 0);
  ASSERT_FALSE(IsErr(f));
  EXPECT_EQ(filp_close(f, nullptr), 0);
  EXPECT_EQ(Slurp(root_ + "/tmp/t"), "");
}

TEST_F(FileIo, RegularFileOpsFollowTheProfile) {
  {
    skb::ScopedProfile old(*skb::ByName("3.10"));
    struct file* f = filp_open("/tmp/r", O_RDWR | O_CREAT, 0600);
    ASSERT_FALSE(IsErr(f));
    ASSERT_NE(f->f_op->write, nullptr);  // do_sync_write era: modules call it directly
    EXPECT_EQ(f->f_op->write(f, "hello", 5, &f->f_pos), 5);
    loff_t pos = 0;
    char buf[8] = {};
    ASSERT_NE(f->f_op->read, nullptr);
    EXPECT_EQ(f->f_op->read(f, buf, sizeof(buf), &pos), 5);
    EXPECT_EQ(std::string(buf), "hello");
    EXPECT_EQ(filp_close(f, nullptr), 0);
  }
  struct file* f = filp_open("/tmp/r", O_RDONLY, 0);
  ASSERT_FALSE(IsErr(f));
  EXPECT_EQ(f->f_op->read, nullptr);  // v4.1+: read_iter only
  EXPECT_NE(f->f_op->llseek, nullptr);
  EXPECT_EQ(filp_close(f, nullptr), 0);
}

TEST_F(FileIo, UncheckedOpenFailureIsAnOops) {
  struct file* f = filp_open("/var/conf_ip", O_RDONLY, 0);
  ASSERT_TRUE(IsErr(f));
  loff_t pos = 0;
  auto report = CatchBug([&] { (void)vfs_write(f, "x", 1, &pos); });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->function, "vfs_write");
  EXPECT_THAT(report->text, testing::HasSubstr("ERR_PTR(-2)"));
  auto null = CatchBug([&] { (void)vfs_write(nullptr, "x", 1, &pos); });
  ASSERT_TRUE(null.has_value());
  EXPECT_EQ(null->kind, "NULL dereference");
}

TEST_F(FileIo, EnvironmentChoosesTheRoot) {
  skb::SetModuleFsRoot("");
  std::string env_root = root_ + "/from-env";
  setenv("LIBSKB_FS_ROOT", env_root.c_str(), 1);
  EXPECT_EQ(skb::ModuleFsRoot(), env_root);
  unsetenv("LIBSKB_FS_ROOT");
  EXPECT_EQ(access((env_root + "/var/log").c_str(), F_OK), 0);
  skb::SetModuleFsRoot(root_);
}

#else  // !_LIBSKB_LINUX_FS_H

TEST_F(FileIo, NeedsStructFile) {}  // skipped in SetUp, visibly

#endif  // _LIBSKB_LINUX_FS_H

}  // namespace
