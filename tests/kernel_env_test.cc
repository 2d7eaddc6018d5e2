// Tests of the kernel environment a module lives in (<skb/kernel_env.h>):
// model time, timers in kernel order, workqueues, tasklets, procfs and
// seq_file, char devices, netlink and genetlink registration, the modelled
// devices and dev_queue_xmit().
#include <linux/cdev.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/inetdevice.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/miscdevice.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>
#include <linux/proc_fs.h>
#include <linux/rtc.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "kernel_env_packets.h"
#include "skb/kernel_env.h"
#include "skb/netfilter.h"
#include "skb/report.h"

namespace {

constexpr uint64_t kTick = NSEC_PER_SEC / HZ;

class KernelEnvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    skb::ResetKernelEnv();
    skb::ClearRecorded();
  }
  void TearDown() override { skb::ResetKernelEnv(); }
};

std::vector<int> g_order;

bool HasRegistration(const std::string& kind, const std::string& name_part) {
  for (const auto& r : skb::Registrations()) {
    if (r.kind == kind && r.name.find(name_part) != std::string::npos) return true;
  }
  return false;
}

bool RecordedWarning(const std::string& part) {
  for (const auto& r : skb::Recorded()) {
    if (r.tier == skb::Tier::kWarn && r.text.find(part) != std::string::npos) return true;
  }
  return false;
}

// ---- time ---------------------------------------------------------------------

TEST_F(KernelEnvTest, TimeStartsAtBootAndMovesOnlyWhenAdvanced) {
  EXPECT_EQ(jiffies, INITIAL_JIFFIES);
  EXPECT_EQ(jiffies, 4294892296UL);  // (unsigned int)(-300 * 250)
  EXPECT_EQ(get_jiffies_64(), static_cast<u64>(INITIAL_JIFFIES));
  EXPECT_EQ(ktime_get(), 0);
  EXPECT_EQ(ktime_get_real(), 1704067200LL * NSEC_PER_SEC);
  EXPECT_EQ(ktime_get_ns(), 0u);
  EXPECT_EQ(skb::AdvanceTime(1500 * NSEC_PER_MSEC), 0);
  EXPECT_EQ(skb::NowNs(), 1500 * static_cast<uint64_t>(NSEC_PER_MSEC));
  EXPECT_EQ(jiffies, INITIAL_JIFFIES + 375);
  EXPECT_EQ(ktime_to_ms(ktime_get()), 1500);
  timespec64 ts;
  ktime_get_real_ts64(&ts);
  EXPECT_EQ(ts.tv_sec, 1704067201);
  EXPECT_EQ(ts.tv_nsec, 500000000);
  EXPECT_EQ(ktime_get_real_seconds(), 1704067201);
  EXPECT_EQ(ktime_get_seconds(), 1);
}

TEST_F(KernelEnvTest, JiffiesConversionsAreTheKernelsForHz250) {
  EXPECT_EQ(HZ, 250);
  EXPECT_EQ(msecs_to_jiffies(0), 0u);
  EXPECT_EQ(msecs_to_jiffies(1), 1u);   // rounded up
  EXPECT_EQ(msecs_to_jiffies(4), 1u);
  EXPECT_EQ(msecs_to_jiffies(5), 2u);
  EXPECT_EQ(msecs_to_jiffies(1000), 250u);
  EXPECT_EQ(jiffies_to_msecs(250), 1000u);
  EXPECT_EQ(usecs_to_jiffies(4001), 2u);
  EXPECT_EQ(nsecs_to_jiffies(7999999), 1u);
}

TEST_F(KernelEnvTest, RtcHelpersGiveTheCalendarOfModelTime) {
  rtc_time tm;
  rtc_time64_to_tm(ktime_get_real_seconds(), &tm);  // boot: 2024-01-01 00:00:00 UTC, a Monday
  EXPECT_EQ(tm.tm_year, 124);
  EXPECT_EQ(tm.tm_mon, 0);
  EXPECT_EQ(tm.tm_mday, 1);
  EXPECT_EQ(tm.tm_wday, 1);
  EXPECT_EQ(tm.tm_hour, 0);
  rtc_time64_to_tm(951825600 + 3661, &tm);  // 2000-02-29 13:01:01
  EXPECT_EQ(tm.tm_year, 100);
  EXPECT_EQ(tm.tm_mon, 1);
  EXPECT_EQ(tm.tm_mday, 29);
  EXPECT_EQ(tm.tm_yday, 59);
  EXPECT_EQ(tm.tm_hour, 13);
  EXPECT_EQ(tm.tm_min, 1);
  EXPECT_EQ(tm.tm_sec, 1);
  EXPECT_EQ(rtc_tm_to_time64(&tm), 951825600 + 3661);
  EXPECT_EQ(rtc_valid_tm(&tm), 0);
  EXPECT_EQ(sys_tz.tz_minuteswest, 0);
}

TEST_F(KernelEnvTest, JiffiesWrapFiveMinutesAfterBootAndTimeAfterCopes) {
  const unsigned long before = jiffies;
  skb::AdvanceTime(301ULL * NSEC_PER_SEC);
  EXPECT_EQ(static_cast<uint32_t>(jiffies), 250u);  // the low 32 bits wrapped
  EXPECT_TRUE(time_after(jiffies, before));
  EXPECT_TRUE(time_before(before, jiffies));
  EXPECT_TRUE(time_is_before_jiffies(before));
}

TEST_F(KernelEnvTest, BusyWaitMovesTimeWithoutRunningTimers) {
  static int fired;
  fired = 0;
  timer_list t;
  timer_setup(&t, [](timer_list*) { fired++; }, 0);
  mod_timer(&t, jiffies + 1);
  mdelay(10);
  EXPECT_EQ(skb::NowNs(), 10 * static_cast<uint64_t>(NSEC_PER_MSEC));
  EXPECT_EQ(fired, 0);
  EXPECT_EQ(skb::AdvanceTime(0), 1);
  EXPECT_EQ(fired, 1);
}

TEST_F(KernelEnvTest, MsleepSleepsOneTickMoreAndRunsWhatFallsDue) {
  static int fired;
  fired = 0;
  timer_list t;
  timer_setup(&t, [](timer_list*) { fired++; }, 0);
  mod_timer(&t, jiffies + 2);
  msleep(4);  // msecs_to_jiffies(4) + 1 = 2 ticks
  EXPECT_EQ(skb::NowNs(), 2 * kTick);
  EXPECT_EQ(fired, 1);
}

// ---- timers -------------------------------------------------------------------

struct Tagged {
  timer_list timer;
  int tag;
};

void TagCallback(timer_list* t) {
  Tagged* x = from_timer(x, t, timer);
  g_order.push_back(x->tag);
}

TEST_F(KernelEnvTest, TimersRunInExpiryOrderThenArmingOrder) {
  g_order.clear();
  Tagged a{{}, 1}, b{{}, 2}, c{{}, 3}, d{{}, 4};
  for (Tagged* x : {&a, &b, &c, &d}) timer_setup(&x->timer, TagCallback, 0);
  mod_timer(&c.timer, jiffies + 30);
  mod_timer(&a.timer, jiffies + 10);
  mod_timer(&d.timer, jiffies + 20);
  mod_timer(&b.timer, jiffies + 20);
  EXPECT_TRUE(timer_pending(&a.timer));
  EXPECT_TRUE(HasRegistration("timer", "TagCallback"));
  EXPECT_EQ(skb::AdvanceTime(25 * kTick), 3);
  EXPECT_EQ(g_order, (std::vector<int>{1, 4, 2}));
  EXPECT_FALSE(timer_pending(&a.timer));
  EXPECT_TRUE(timer_pending(&c.timer));
  EXPECT_EQ(del_timer(&c.timer), 1);
  EXPECT_EQ(del_timer(&c.timer), 0);
  EXPECT_EQ(skb::AdvanceTime(100 * kTick), 0);
}

TEST_F(KernelEnvTest, ACallbackSeesJiffiesAtItsExpiry) {
  static unsigned long seen;
  timer_list t;
  timer_setup(&t, [](timer_list*) { seen = jiffies; }, 0);
  const unsigned long expires = jiffies + 7;
  mod_timer(&t, expires);
  skb::AdvanceTime(100 * kTick);
  EXPECT_EQ(seen, expires);
  EXPECT_EQ(jiffies, INITIAL_JIFFIES + 100);
}

TEST_F(KernelEnvTest, ModTimerReportsWhetherItWasPendingAndReArms) {
  g_order.clear();
  Tagged a{{}, 7};
  timer_setup(&a.timer, TagCallback, 0);
  EXPECT_EQ(mod_timer(&a.timer, jiffies + 5), 0);
  EXPECT_EQ(mod_timer(&a.timer, jiffies + 50), 1);
  skb::AdvanceTime(10 * kTick);
  EXPECT_TRUE(g_order.empty());
  skb::AdvanceTime(40 * kTick);
  EXPECT_EQ(g_order, (std::vector<int>{7}));
  EXPECT_EQ(mod_timer_pending(&a.timer, jiffies + 5), 0);
  EXPECT_FALSE(timer_pending(&a.timer));
}

TEST_F(KernelEnvTest, ATimerDueNowRunsAtTheNextTick) {
  g_order.clear();
  Tagged a{{}, 9};
  timer_setup(&a.timer, TagCallback, 0);
  mod_timer(&a.timer, jiffies);
  EXPECT_EQ(skb::AdvanceTime(0), 0);
  EXPECT_EQ(skb::AdvanceTime(kTick), 1);
  EXPECT_EQ(g_order, (std::vector<int>{9}));
}

TEST_F(KernelEnvTest, APeriodicTimerRunsOncePerPeriod) {
  static int runs;
  static timer_list t;
  runs = 0;
  timer_setup(&t, [](timer_list* self) {
    runs++;
    mod_timer(self, jiffies + HZ);
  }, 0);
  mod_timer(&t, jiffies + HZ);
  skb::AdvanceTime(10ULL * NSEC_PER_SEC);
  EXPECT_EQ(runs, 10);
  del_timer_sync(&t);
}

TEST_F(KernelEnvTest, AReportInATimerCallbackNamesTheTimer) {
  skb::ScopedPolicy policy(skb::Policy::kThrow);
  static sk_buff* victim;
  victim = alloc_skb(64, GFP_KERNEL);
  timer_list t;
  timer_setup(&t, [](timer_list*) { skb_put(victim, 4096); }, 0);
  mod_timer(&t, jiffies + 1);
  try {
    skb::AdvanceTime(kTick);
    FAIL() << "skb_over_panic expected";
  } catch (const skb::KernelBug& bug) {
    EXPECT_NE(bug.report().text.find("libskb: in timer"), std::string::npos) << bug.report().text;
    EXPECT_NE(bug.report().text.find("skb_over_panic"), std::string::npos);
  }
  victim->tail -= 4096;  // skb_put moved them before it panicked
  victim->len -= 4096;
  kfree_skb(victim);
}

// ---- module exit ----------------------------------------------------------------

timer_list g_leaky_timer;
void LeakyTimerFn(timer_list*) {}
int LeakyInit() {
  timer_setup(&g_leaky_timer, LeakyTimerFn, 0);
  mod_timer(&g_leaky_timer, jiffies + HZ);
  return 0;
}
void LeakyExit() {}

TEST_F(KernelEnvTest, ATimerPendingAfterModuleExitIsReported) {
  skb::ScopedPolicy policy(skb::Policy::kRecord);
  ASSERT_EQ(libskb_module_do_init("leaky", "leaky.c", LeakyInit), 0);
  ASSERT_TRUE(HasRegistration("timer", "LeakyTimerFn"));
  for (const auto& r : skb::Registrations()) {
    if (r.kind == "timer") EXPECT_EQ(r.module, "leaky");
  }
  libskb_module_do_exit("leaky", "leaky.c", LeakyExit);
  EXPECT_TRUE(RecordedWarning("left timer LeakyTimerFn")) << "no WARN naming the timer";
  EXPECT_FALSE(timer_pending(&g_leaky_timer));
  EXPECT_EQ(skb::AdvanceTime(2ULL * NSEC_PER_SEC), 0);  // cancelled: never calls unloaded code
}

// ---- workqueues and tasklets ------------------------------------------------------

void WorkFn(work_struct*) { g_order.push_back(100); }

TEST_F(KernelEnvTest, WorkRunsOnceWhenDeferredWorkRuns) {
  g_order.clear();
  work_struct w;
  INIT_WORK(&w, WorkFn);
  EXPECT_TRUE(schedule_work(&w));
  EXPECT_FALSE(schedule_work(&w));  // already pending
  EXPECT_TRUE(work_pending(&w));
  EXPECT_TRUE(g_order.empty());
  EXPECT_TRUE(HasRegistration("work", "WorkFn"));
  EXPECT_EQ(skb::RunPendingWork(), 1);
  EXPECT_EQ(g_order, (std::vector<int>{100}));
  EXPECT_FALSE(work_pending(&w));
  EXPECT_EQ(skb::RunPendingWork(), 0);
}

TEST_F(KernelEnvTest, DelayedWorkRunsAfterItsDelayAndCanBeCancelled) {
  g_order.clear();
  delayed_work dw;
  INIT_DELAYED_WORK(&dw, WorkFn);
  EXPECT_TRUE(schedule_delayed_work(&dw, msecs_to_jiffies(100)));
  EXPECT_TRUE(delayed_work_pending(&dw));
  skb::AdvanceTime(99 * NSEC_PER_MSEC);
  EXPECT_TRUE(g_order.empty());
  skb::AdvanceTime(1 * NSEC_PER_MSEC);
  EXPECT_EQ(g_order, (std::vector<int>{100}));
  EXPECT_TRUE(schedule_delayed_work(&dw, HZ));
  EXPECT_TRUE(cancel_delayed_work_sync(&dw));
  EXPECT_FALSE(cancel_delayed_work(&dw));
  skb::AdvanceTime(2ULL * NSEC_PER_SEC);
  EXPECT_EQ(g_order.size(), 1u);
}

TEST_F(KernelEnvTest, OwnWorkqueuesFlushAndDestroy) {
  g_order.clear();
  workqueue_struct* wq = create_singlethread_workqueue("svc_wq");
  ASSERT_NE(wq, nullptr);
  EXPECT_TRUE(HasRegistration("workqueue", "svc_wq"));
  work_struct a, b;
  INIT_WORK(&a, WorkFn);
  INIT_WORK(&b, WorkFn);
  queue_work(wq, &a);
  queue_work(wq, &b);
  flush_workqueue(wq);
  EXPECT_EQ(g_order.size(), 2u);
  queue_work(wq, &a);
  EXPECT_TRUE(flush_work(&a));
  EXPECT_FALSE(flush_work(&a));
  queue_work(wq, &b);
  destroy_workqueue(wq);  // drains
  EXPECT_EQ(g_order.size(), 4u);
  EXPECT_FALSE(HasRegistration("workqueue", "svc_wq"));
}

void TaskletFn(unsigned long data) { g_order.push_back(static_cast<int>(data)); }

TEST_F(KernelEnvTest, TaskletsRunOnceBeforeWorkAndWaitWhileDisabled) {
  g_order.clear();
  tasklet_struct t;
  tasklet_init(&t, TaskletFn, 42);
  work_struct w;
  INIT_WORK(&w, WorkFn);
  schedule_work(&w);
  tasklet_schedule(&t);
  tasklet_schedule(&t);
  EXPECT_EQ(skb::RunPendingWork(), 2);
  EXPECT_EQ(g_order, (std::vector<int>{42, 100}));
  tasklet_disable(&t);
  tasklet_schedule(&t);
  EXPECT_EQ(skb::RunPendingWork(), 0);
  tasklet_enable(&t);
  EXPECT_EQ(skb::RunPendingWork(), 1);
  tasklet_schedule(&t);
  tasklet_kill(&t);
  EXPECT_EQ(skb::RunPendingWork(), 0);
}

TEST_F(KernelEnvTest, ATimerCallbacksTaskletRunsBeforeTheNextTimer) {
  g_order.clear();
  static tasklet_struct t;
  tasklet_init(&t, TaskletFn, 50);
  Tagged a{{}, 1}, b{{}, 2};
  timer_setup(&a.timer, [](timer_list* tl) {
    TagCallback(tl);
    tasklet_schedule(&t);
  }, 0);
  timer_setup(&b.timer, TagCallback, 0);
  mod_timer(&a.timer, jiffies + 1);
  mod_timer(&b.timer, jiffies + 2);
  EXPECT_EQ(skb::AdvanceTime(3 * kTick), 3);
  EXPECT_EQ(g_order, (std::vector<int>{1, 50, 2}));
}

TEST_F(KernelEnvTest, CompletionsWaitForTheWorkThatCompletesThem) {
  static completion done;
  init_completion(&done);
  work_struct w;
  INIT_WORK(&w, [](work_struct*) { complete(&done); });
  schedule_work(&w);
  wait_for_completion(&done);  // the pending work runs for the waiter
  EXPECT_EQ(done.done, 0u);
  EXPECT_EQ(wait_for_completion_timeout(&done, HZ), 0u);  // nobody completes it: times out
  EXPECT_EQ(skb::NowNs(), static_cast<uint64_t>(NSEC_PER_SEC));
}

TEST_F(KernelEnvTest, KthreadsAreCreatedNeverScheduledAndStoppedWithEintr) {
  static int ran;
  ran = 0;
  task_struct* k = kthread_run([](void*) -> int {
    ran = 1;
    return 0;
  }, nullptr, "svc_thread%d", 1);
  ASSERT_NE(k, nullptr);
  EXPECT_TRUE(HasRegistration("kthread", "svc_thread1"));
  skb::AdvanceTime(NSEC_PER_SEC);
  EXPECT_EQ(ran, 0);
  EXPECT_EQ(kthread_stop(k), -EINTR);
  EXPECT_FALSE(HasRegistration("kthread", "svc_thread1"));
}

// ---- procfs -------------------------------------------------------------------

int g_lines = 3;
int CountShow(seq_file* m, void* v) {
  (void)v;
  for (int i = 0; i < g_lines; ++i) seq_printf(m, "line %d of %s\n", i, static_cast<const char*>(m->libskb_private));
  return 0;
}
int CountOpen(inode* in, file* f) { return single_open(f, CountShow, pde_data(in)); }
std::string g_written;
ssize_t CountWrite(file* f, const char* buf, size_t n, loff_t* pos) {
  (void)f;
  g_written.assign(buf, n);
  *pos += static_cast<loff_t>(n);
  return static_cast<ssize_t>(n);
}
const proc_ops kCountOps = {
    .proc_open = CountOpen,
    .proc_read = seq_read,
    .proc_write = CountWrite,
    .proc_lseek = seq_lseek,
    .proc_release = single_release,
};

TEST_F(KernelEnvTest, ProcEntriesAreRecordedReadAndWrittenThroughTheModulesHandlers) {
  char who[] = "test";
  proc_dir_entry* e = proc_create_data("kenv_count", 0644, libskb_proc_net, &kCountOps, who);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(HasRegistration("procfs", "/proc/net/kenv_count"));
  g_lines = 3;
  skb::FileIoResult r = skb::ReadProcEntry("/proc/net/kenv_count");
  EXPECT_EQ(r.err, 0);
  EXPECT_EQ(r.data, "line 0 of test\nline 1 of test\nline 2 of test\n");
  // Bigger than a page: seq_read's buffer grows; small reads resume at *ppos.
  g_lines = 1000;
  r = skb::ReadProcEntry("net/kenv_count", 100);
  EXPECT_EQ(r.err, 0);
  EXPECT_EQ(r.data.size(), 10 * 15u + 90 * 16u + 900 * 17u);
  EXPECT_EQ(r.data.substr(r.data.size() - 17), "line 999 of test\n");
  r = skb::WriteProcEntry("/proc/net/kenv_count", "42\n");
  EXPECT_EQ(r.err, 0);
  EXPECT_EQ(r.written, 3);
  EXPECT_EQ(g_written, "42\n");
  EXPECT_EQ(skb::ReadProcEntry("/proc/nope").err, -ENOENT);
  remove_proc_entry("kenv_count", libskb_proc_net);
  EXPECT_FALSE(HasRegistration("procfs", "kenv_count"));
  EXPECT_EQ(skb::ReadProcEntry("/proc/net/kenv_count").err, -ENOENT);
}

TEST_F(KernelEnvTest, ProcDirectoriesDuplicatesAndMissingEntriesBehaveAsTheKernels) {
  skb::ScopedPolicy policy(skb::Policy::kRecord);
  proc_dir_entry* dir = proc_mkdir("kenv", nullptr);
  ASSERT_NE(dir, nullptr);
  ASSERT_NE(proc_create("a", 0444, dir, &kCountOps), nullptr);
  EXPECT_EQ(proc_create("a", 0444, dir, &kCountOps), nullptr);
  EXPECT_TRUE(RecordedWarning("proc_dir_entry 'kenv/a' already registered"));
  ASSERT_NE(proc_create("kenv/b", 0444, nullptr, &kCountOps), nullptr);
  EXPECT_EQ(proc_create("nodir/c", 0444, nullptr, &kCountOps), nullptr);
  g_lines = 1;
  EXPECT_EQ(skb::ReadProcEntry("/proc/kenv/b").data.substr(0, 7), "line 0 ");
  remove_proc_entry("missing", nullptr);
  EXPECT_TRUE(RecordedWarning("name 'missing'"));
  proc_remove(dir);
  EXPECT_FALSE(HasRegistration("procfs", "/proc/kenv"));
  EXPECT_EQ(skb::ReadProcEntry("/proc/kenv/b").err, -ENOENT);
}

int SingleShow(seq_file* m, void*) {
  seq_puts(m, "single\n");
  return 0;
}

TEST_F(KernelEnvTest, ProcCreateSingleWorks) {
  ASSERT_NE(proc_create_single("kenv_single", 0444, nullptr, SingleShow), nullptr);
  EXPECT_EQ(skb::ReadProcEntry("/proc/kenv_single").data, "single\n");
}

// ---- char devices -------------------------------------------------------------

ssize_t DevRead(file* f, char* buf, size_t n, loff_t* pos) {
  static const char kText[] = "devdata";
  (void)f;
  return simple_read_from_buffer(buf, n, pos, kText, sizeof(kText) - 1);
}
int g_open_minor = -1;
cdev* g_open_cdev;
int DevOpen(inode* in, file* f) {
  (void)f;
  g_open_minor = static_cast<int>(iminor(in));
  g_open_cdev = in->i_cdev;
  return 0;
}
const file_operations kDevOps = {
    .read = DevRead,
    .open = DevOpen,
};

TEST_F(KernelEnvTest, CharDeviceNumbersComeFromTheKernelsDynamicRange) {
  EXPECT_EQ(register_chrdev(0, "kenv_a", &kDevOps), 254);
  EXPECT_EQ(register_chrdev(0, "kenv_b", &kDevOps), 253);
  dev_t dev;
  ASSERT_EQ(alloc_chrdev_region(&dev, 0, 4, "kenv_c"), 0);
  EXPECT_EQ(MAJOR(dev), 252u);
  EXPECT_EQ(register_chrdev_region(MKDEV(60, 0), 1, "kenv_fixed"), 0);
  EXPECT_EQ(register_chrdev_region(MKDEV(60, 0), 1, "kenv_fixed2"), -EBUSY);
  EXPECT_EQ(register_chrdev(600, "too_big", &kDevOps), -EINVAL);
  EXPECT_TRUE(HasRegistration("chrdev", "kenv_c (major 252, minors 0-3)"));
  EXPECT_EQ(skb::ReadCharDevice(254, 0).data, "devdata");
  unregister_chrdev(254, "kenv_a");
  EXPECT_EQ(register_chrdev(0, "kenv_d", &kDevOps), 254);  // the highest free again
  unregister_chrdev_region(dev, 4);
  EXPECT_FALSE(HasRegistration("chrdev", "kenv_c"));
}

TEST_F(KernelEnvTest, CdevsClassesDevicesAndMiscDevicesAreRecordedAndOpenable) {
  dev_t dev;
  ASSERT_EQ(alloc_chrdev_region(&dev, 0, 2, "kenv_cdev"), 0);
  struct cdev c;
  cdev_init(&c, &kDevOps);
  ASSERT_EQ(cdev_add(&c, dev, 2), 0);
  libskb_class* cls = class_create("kenv_class");  // the 6.4+ signature
  ASSERT_NE(cls, nullptr);
  device* d = device_create(cls, nullptr, dev, nullptr, "kenv%d", 0);
  ASSERT_NE(d, nullptr);
  EXPECT_STREQ(dev_name(d), "kenv0");
  EXPECT_TRUE(HasRegistration("cdev", "cdev 254:0 (2 minors)"));
  EXPECT_TRUE(HasRegistration("class", "kenv_class"));
  EXPECT_TRUE(HasRegistration("device", "kenv0 (254:0, class kenv_class)"));
  skb::FileIoResult r = skb::ReadCharDevice(254, 1);
  EXPECT_EQ(r.data, "devdata");
  EXPECT_EQ(g_open_minor, 1);
  EXPECT_EQ(g_open_cdev, &c);
  EXPECT_EQ(skb::ReadCharDevice(254, 2).err, -ENXIO);
  device_destroy(cls, dev);
  class_destroy(cls);
  cdev_del(&c);
  unregister_chrdev_region(dev, 2);
  EXPECT_FALSE(HasRegistration("device", "kenv0"));
  EXPECT_FALSE(HasRegistration("cdev", "254:0"));

  miscdevice m1{}, m2{};
  m1.minor = MISC_DYNAMIC_MINOR;
  m1.name = "kenv_misc1";
  m1.fops = &kDevOps;
  m2.minor = MISC_DYNAMIC_MINOR;
  m2.name = "kenv_misc2";
  m2.fops = &kDevOps;
  ASSERT_EQ(misc_register(&m1), 0);
  ASSERT_EQ(misc_register(&m2), 0);
  EXPECT_EQ(m1.minor, 127);
  EXPECT_EQ(m2.minor, 126);
  EXPECT_TRUE(HasRegistration("misc", "kenv_misc1 (10:127)"));
  EXPECT_EQ(skb::ReadCharDevice(MISC_MAJOR, 126).data, "devdata");
  misc_deregister(&m1);
  misc_deregister(&m2);
}

// ---- netlink ------------------------------------------------------------------

sock* g_nl;
int g_nl_inputs;
void NlInput(sk_buff* skb) {
  g_nl_inputs++;
  const nlmsghdr* req = nlmsg_hdr(skb);
  const u32 portid = NETLINK_CB(skb).portid;
  sk_buff* out = nlmsg_new(16, GFP_KERNEL);
  ASSERT_NE(out, nullptr);
  nlmsghdr* nlh = nlmsg_put(out, 0, req->nlmsg_seq, NLMSG_DONE, 16, 0);
  ASSERT_NE(nlh, nullptr);
  std::memcpy(nlmsg_data(nlh), "reply from kenv!", 16);
  EXPECT_EQ(nlmsg_unicast(g_nl, out, portid), -ECONNREFUSED);  // no user socket in the model
}

TEST_F(KernelEnvTest, NetlinkKernelSocketsRegisterReceiveAndTheirSendsAreRecorded) {
  netlink_kernel_cfg cfg{};
  cfg.input = NlInput;
  g_nl = netlink_kernel_create(&init_net, 31, &cfg);
  ASSERT_NE(g_nl, nullptr);
  EXPECT_TRUE(HasRegistration("netlink", "netlink unit 31"));
  EXPECT_EQ(netlink_kernel_create(&init_net, 31, &cfg), nullptr);             // taken
  EXPECT_EQ(netlink_kernel_create(&init_net, NETLINK_ROUTE, &cfg), nullptr);  // the kernel's
  EXPECT_EQ(netlink_kernel_create(&init_net, 32, &cfg), nullptr);             // >= MAX_LINKS

  std::vector<uint8_t> req(NLMSG_HDRLEN, 0);
  nlmsghdr h{};
  h.nlmsg_len = NLMSG_HDRLEN;
  h.nlmsg_type = 0x10;
  h.nlmsg_seq = 77;
  std::memcpy(req.data(), &h, sizeof(h));
  g_nl_inputs = 0;
  EXPECT_EQ(skb::NetlinkDeliver(31, req, 4242), 0);
  EXPECT_EQ(g_nl_inputs, 1);
  auto sent = skb::NetlinkSent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].unit, 31);
  EXPECT_EQ(sent[0].portid, 4242u);
  nlmsghdr reply;
  std::memcpy(&reply, sent[0].bytes.data(), sizeof(reply));
  EXPECT_EQ(reply.nlmsg_seq, 77u);
  EXPECT_EQ(reply.nlmsg_len, NLMSG_HDRLEN + 16u);
  EXPECT_EQ(skb::NetlinkDeliver(30, req), -ECONNREFUSED);
  netlink_kernel_release(g_nl);
  EXPECT_FALSE(HasRegistration("netlink", "unit 31"));
}

int GenlDoit(sk_buff*, genl_info*) { return 0; }
const genl_ops kGenlOps[] = {{.doit = GenlDoit, .cmd = 1}};
const genl_multicast_group kGenlGroups[] = {{.name = "events"}};

TEST_F(KernelEnvTest, GenetlinkFamiliesGetTheKernelsIdsAndTheirMessagesAreRecorded) {
  genl_family fam{};
  std::strcpy(fam.name, "kenv_fam");
  fam.version = 1;
  fam.ops = kGenlOps;
  fam.n_ops = 1;
  fam.mcgrps = kGenlGroups;
  fam.n_mcgrps = 1;
  ASSERT_EQ(genl_register_family(&fam), 0);
  EXPECT_EQ(fam.id, GENL_START_ALLOC);
  EXPECT_EQ(fam.mcgrp_offset, 2u);
  genl_family dup{};
  std::strcpy(dup.name, "kenv_fam");
  EXPECT_EQ(genl_register_family(&dup), -EEXIST);
  genl_family other{};
  std::strcpy(other.name, "kenv_other");
  ASSERT_EQ(genl_register_family(&other), 0);
  EXPECT_EQ(other.id, GENL_START_ALLOC + 1);
  EXPECT_TRUE(HasRegistration("genl", "kenv_fam (id 19)"));

  sk_buff* msg = genlmsg_new(8, GFP_KERNEL);
  void* hdr = genlmsg_put(msg, 0, 0, &fam, 0, 1);
  ASSERT_NE(hdr, nullptr);
  ASSERT_EQ(nla_put_u32(msg, 1, 0xdeadbeef), 0);
  genlmsg_end(msg, hdr);
  EXPECT_EQ(genlmsg_multicast(&fam, msg, 0, 0, GFP_KERNEL), -ESRCH);
  auto sent = skb::NetlinkSent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].group, 2u);
  EXPECT_EQ(sent[0].bytes.size(), NLMSG_HDRLEN + GENL_HDRLEN + 8u);
  EXPECT_EQ(genl_unregister_family(&fam), 0);
  EXPECT_EQ(genl_unregister_family(&fam), -ENOENT);
  EXPECT_EQ(genl_unregister_family(&other), 0);
}

// ---- devices ----------------------------------------------------------------------

TEST_F(KernelEnvTest, TheModelledDevicesAreTheKernelsShape) {
  net_device* lo = __dev_get_by_name(&init_net, "lo");
  net_device* eth0 = __dev_get_by_name(&init_net, "eth0");
  ASSERT_NE(lo, nullptr);
  ASSERT_NE(eth0, nullptr);
  EXPECT_EQ(eth0, skb::DefaultDevice());
  EXPECT_EQ(lo->ifindex, 1);
  EXPECT_EQ(lo->mtu, 65536u);
  EXPECT_TRUE(lo->flags & IFF_LOOPBACK);
  EXPECT_EQ(eth0->ifindex, 2);
  EXPECT_EQ(eth0->mtu, 1500u);
  EXPECT_EQ(eth0->addr_len, 6);
  EXPECT_EQ(eth0->hard_header_len, 14);
  const uint8_t mac[6] = {0x02, 0, 0, 0, 0, 0x01};
  EXPECT_EQ(std::memcmp(eth0->dev_addr, mac, 6), 0);
  EXPECT_EQ(__dev_get_by_index(&init_net, 2), eth0);
  EXPECT_EQ(__dev_get_by_name(&init_net, "wlan0"), nullptr);
  int n = 0;
  net_device* d;
  for_each_netdev(&init_net, d) n++;
  EXPECT_EQ(n, 3);
  EXPECT_EQ(inet_select_addr(eth0, 0, RT_SCOPE_UNIVERSE), htonl(0x0a000002));
  in_device* in = in_dev_get(eth0);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->ifa_list->ifa_mask, htonl(0xffffff00));
  in_dev_put(in);
}

TEST_F(KernelEnvTest, DeviceReferencesAreCountedAndALeakAtModuleExitIsReported) {
  skb::ScopedPolicy policy(skb::Policy::kRecord);
  net_device* d = dev_get_by_name(&init_net, "eth0");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(skb::DeviceRefs("eth0"), 1);
  dev_hold(d);
  EXPECT_EQ(skb::DeviceRefs("eth0"), 2);
  dev_put(d);
  dev_put(d);
  EXPECT_EQ(skb::DeviceRefs("eth0"), 0);
  dev_put(d);  // one too many
  EXPECT_TRUE(RecordedWarning("refcount_t: underflow"));
  EXPECT_EQ(skb::DeviceRefs("eth0"), 0);

  static net_device* held;
  held = nullptr;
  libskb_module_do_init("holder", "holder.c", [] {
    held = dev_get_by_name(&init_net, "eth1");
    return 0;
  });
  libskb_module_do_exit("holder", "holder.c", [] {});
  EXPECT_NE(held, nullptr);
  EXPECT_TRUE(RecordedWarning("holding 1 reference on eth1"));
}

TEST_F(KernelEnvTest, DevQueueXmitConsumesTheSkbAndPutsTheFrameOnTheWire) {
  std::vector<uint8_t> frame = kernel_env_test::UdpFrame(0x0a000001, 53);
  sk_buff* skb = kernel_env_test::FrameSkb(frame);
  skb->dev = __dev_get_by_name(&init_net, "eth1");
  EXPECT_EQ(dev_queue_xmit(skb), NET_XMIT_SUCCESS);
  auto x = skb::Transmitted();
  ASSERT_EQ(x.size(), 1u);
  EXPECT_EQ(x[0].dev, "eth1");
  EXPECT_EQ(x[0].frame, frame);
  EXPECT_EQ(x[0].outcome, "delivered");
}

unsigned XmitThenDrop(void*, sk_buff* skb, const nf_hook_state*) {
  skb->dev = skb::DefaultDevice();
  dev_queue_xmit(skb);  // the skb is the stack's now
  return NF_DROP;       // ... and the core frees it again
}

TEST_F(KernelEnvTest, TransmittingAnSkbAndDroppingItIsADoubleFree) {
  nf_hook_ops ops{};
  ops.hook = XmitThenDrop;
  ops.pf = NFPROTO_IPV4;
  ops.hooknum = NF_INET_PRE_ROUTING;
  ASSERT_EQ(nf_register_net_hook(&init_net, &ops), 0);
  EXPECT_DEATH(
      {
        skb::SetPolicy(skb::Policy::kAbort);
        skb::NetifReceiveSkb(kernel_env_test::FrameSkb(kernel_env_test::UdpFrame(0x0a000001, 53)));
      },
      "XmitThenDrop|use-after-free|double");
  nf_unregister_net_hook(&init_net, &ops);
}

}  // namespace
