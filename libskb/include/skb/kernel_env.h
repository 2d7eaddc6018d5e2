// libskb: the kernel environment a module lives in, driven from C++ - model
// time, deferred work, and what a module registered.
//
// Time. Model time starts at boot (monotonic 0, jiffies INITIAL_JIFFIES,
// see <linux/jiffies.h> and <linux/timekeeping.h>) and moves only when the
// harness or a test says so: AdvanceTime() runs, in kernel order, every
// timer that falls due (in expiry order; timers of the same jiffy in arming
// order), each followed by the tasklets and work items it made pending,
// then what is still pending at the end. Callbacks run outside any hook;
// a report raised in one starts with "libskb: in timer <fn> (module <m>)"
// (or "tasklet", "work"). Module code that sleeps (msleep) moves time too.
//
// The harness calls AdvanceTime() between inputs (or RunPendingWork() when
// time should stand still) and ResetKernelEnv() between test cases.
//
// Registrations. Every procfs entry, char device region, cdev, class,
// device, misc device, netlink socket, genetlink family, kernel thread,
// pending timer and pending work item is listed by Registrations() with
// the module that made it. At module exit libskb reports (WARN-style, the
// run goes on) what the module left behind that the kernel would later use
// after the module's code is gone: a pending timer (naming its function),
// pending work, an unstopped kthread, proc entries, char devices, netlink
// sockets, genl families, and device references it still holds.
#ifndef LIBSKB_SKB_KERNEL_ENV_H_
#define LIBSKB_SKB_KERNEL_ENV_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct sk_buff;
struct net_device;

namespace skb {

// Advances model time (jiffies, ktime) by `ns` and runs, in kernel order,
// every expired timer, then pending tasklets and work items. Returns how
// many callbacks ran.
int AdvanceTime(uint64_t ns);
// Runs pending tasklets and work items without moving time. Returns how
// many ran.
int RunPendingWork();
// Monotonic model time in nanoseconds since boot.
uint64_t NowNs();

// What the module registered: procfs entries, char devices, netlink
// sockets, genl families, timers pending, ...
//   kind: "procfs", "chrdev", "cdev", "class", "device", "misc", "netlink",
//         "genl", "kthread", "timer", "work", "tasklet", "workqueue"
//   name: "/proc/net/foo", "mydev (major 254, minors 0-0)", "NETLINK_USERSOCK",
//         "my_family (id 19)", the callback's function name, ...
struct KernelRegistration {
  std::string kind, name, module;
};
std::vector<KernelRegistration> Registrations();

// Resets time and the registries between test cases (not between fuzz
// inputs): pending timers, tasklets and work are dropped without running,
// registrations forgotten, device references and statistics cleared.
void ResetKernelEnv();

// ---- procfs and char devices ------------------------------------------------

struct FileIoResult {
  int err = 0;          // 0, or the negative errno a handler returned (or -ENOENT, -EINVAL)
  std::string data;     // what was read
  long written = 0;     // what the write handler accepted
};

// Opens the proc entry at `path` ("/proc/net/foo", "/proc/foo" or "net/foo"),
// reads it to the end in `chunk`-byte reads as cat(1) would (open, read...,
// release), with the module's handlers.
FileIoResult ReadProcEntry(std::string_view path, size_t chunk = 4096);
// Opens it, writes `text` with one write(2), releases it.
FileIoResult WriteProcEntry(std::string_view path, std::string_view text);
// The same for a char device number (a cdev, register_chrdev or misc device).
FileIoResult ReadCharDevice(unsigned major, unsigned minor, size_t chunk = 4096);
FileIoResult WriteCharDevice(unsigned major, unsigned minor, std::string_view text);

// ---- netlink ------------------------------------------------------------------

// A message a module sent towards user space (refused: no user socket).
struct NetlinkMessage {
  int unit = 0;               // NETLINK_* of the sending socket (-1 for genetlink sends)
  uint32_t portid = 0;        // destination port (0 for broadcasts)
  uint32_t group = 0;         // multicast group (0 for unicasts)
  std::vector<uint8_t> bytes; // the skb's data
};
std::vector<NetlinkMessage> NetlinkSent();
// Delivers `message` (a complete netlink message, nlmsghdr first) from user
// port `portid` to the input callback of the module's kernel socket for
// `unit`, as netlink_unicast_kernel() does. Returns -ECONNREFUSED if no
// kernel socket with an input callback exists for the unit, else 0.
int NetlinkDeliver(int unit, const std::vector<uint8_t>& message, uint32_t portid = 1000);

// ---- devices ------------------------------------------------------------------

// A modelled device by name ("lo", "eth0", "eth1"), or nullptr; no reference.
net_device* ModelDevice(std::string_view name);
// References held on a modelled device by dev_hold()/dev_get_by_*.
int DeviceRefs(std::string_view name);
// Frames dev_queue_xmit() put on the wire (device name and bytes), oldest first.
struct XmitRecord {
  std::string dev;
  std::vector<uint8_t> frame;
  std::string outcome;        // PathOutcomeName(): "delivered", "dropped", ...
};
std::vector<XmitRecord> Transmitted();

}  // namespace skb

#endif  // LIBSKB_SKB_KERNEL_ENV_H_
