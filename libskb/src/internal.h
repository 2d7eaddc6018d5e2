// libskb internals shared by the core's source files. Not installed.
#ifndef LIBSKB_SRC_INTERNAL_H_
#define LIBSKB_SRC_INTERNAL_H_

#include <linux/skbuff.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <string>
#include <vector>

#include "skb/check.h"
#include "skb/profile.h"
#include "skb/report.h"

// The caller of the current extern "C" entry point, as the kernel's
// __builtin_return_address(0) "text:" in skb_over_panic.
#define LIBSKB_CALLER() __builtin_extract_return_addr(__builtin_return_address(0))

namespace skb::internal {

// ---- memory model (memory.cc) ----

enum class Cache { kSkbuffHead, kSkbuffFclone, kTcpSock };

// sk_buff_fclones (3.18+ name; the same pair existed since 2.6.x).
struct SkbFclones {
  sk_buff skb1;
  sk_buff skb2;
  refcount_t fclone_ref;
};

// One object from a slab cache, or nullptr when fault injection says so.
void* CacheAlloc(Cache cache);
// Whether `pair` is a live skbuff_fclone_cache object (an SkbFclones).
bool IsFclonePair(const void* pair);
void CacheFree(Cache cache, void* obj);

// kmalloc of a head: returns the memory and sets *ksize to the size class.
// The allocation is physically large enough to hold the whole C struct
// skb_shared_info at the end of the usable area (see KmallocHead in memory.cc).
// `skb_head` selects the 6.3+ skb_small_head_cache for small skb heads;
// plain kmalloc() passes false.
unsigned char* KmallocHead(size_t size, size_t* ksize, bool skb_head = true);
void KfreeHead(const void* head);
// ksize() of a live kmalloc'd object (0 if not one).
size_t Ksize(const void* p);
// The bytes really allocated for a live kmalloc'd object (ksize plus the
// shinfo slack KmallocHead adds; 0 if not one).
size_t KmallocPhysical(const void* p);

// Page fragments for head_frag heads (build_skb / netdev_alloc_frag).
void* AllocFrag(size_t size);
void FreeFrag(const void* addr);

// One more model allocation attempt: false if fault injection fails it.
bool AllocationAllowed();

void RegisterSkb(const sk_buff* skb);
void UnregisterSkb(const sk_buff* skb);
// Every live sk_buff (for peers sharing a head).
std::vector<const sk_buff*> LiveSkbsSharingHead(const unsigned char* head);

// ---- skb lifecycle (alloc.cc) ----

// skb_release_data() of the active profile: drop this skb's dataref and free
// the head, frags and frag_list when it reaches zero.
void ReleaseData(sk_buff* skb);
// kfree_skb()/consume_skb() without the call bookkeeping.
void FreeSkb(sk_buff* skb, const void* caller);
void FreeHead(sk_buff* skb);
// skb_clone_fraglist(): one more user on every frag_list member.
void CloneFraglist(sk_buff* skb);
void DropFraglist(sk_buff* skb);
// __copy_skb_header() + gso fields (skb_copy_header).
void CopySkbHeader(sk_buff* n, const sk_buff* old);
sk_buff* AllocSkb(unsigned size, gfp_t gfp, int flags, const void* caller);

// ---- internals of the operations, taking the original caller ----

void* SkbPut(sk_buff* skb, unsigned len, const void* caller);
void* SkbPullUnchecked(sk_buff* skb, unsigned len, const void* caller);
// __skb_trim(): WARN + no-op on a paged skb, else set len and tail.
void SkbTrim(sk_buff* skb, unsigned len, const void* caller);
void* PullTail(sk_buff* skb, int delta, const void* caller);
int ExpandHead(sk_buff* skb, int nhead, int ntail, gfp_t gfp, const void* caller);
int PskbTrim(sk_buff* skb, unsigned len, const void* caller);
bool MayPull(sk_buff* skb, unsigned len, const void* caller);
sk_buff* Clone(sk_buff* skb, gfp_t gfp, const void* caller);
int EnsureWritable(sk_buff* skb, unsigned write_len, const void* caller);
__wsum Checksum(const sk_buff* skb, int offset, int len, __wsum csum, const void* caller);
int CopyBits(const sk_buff* skb, int offset, void* to, int len);

// ---- queues (queue.cc) ----

// __skb_queue_tail / __skb_unlink as inlined into `function` (the name a
// fault is reported under, e.g. "skb_entail"), with the checked-mode checks.
void QueueTail(sk_buff_head* list, sk_buff* newsk, const char* function, const void* caller);
void QueueUnlink(sk_buff* skb, sk_buff_head* list, const char* function, const void* caller);

// ---- reporting (report.cc) ----

// BUG() at `site`: prints `message` (the lines the kernel prints before the
// BUG, may be empty), the oops banner, the dump and history of `skb`, then
// applies the policy. Never returns.
[[noreturn]] void Bug(Site site, const sk_buff* skb, const std::string& message, const void* caller);
// BUG() at an explicit file:line and function (module code's own BUG()).
[[noreturn]] void BugAt(Site site, const std::string& location, const std::string& function, const sk_buff* skb,
                        const std::string& message, const void* caller);
// WARN_ON()/WARN() at `site`. `once` models WARN_ON_ONCE: reported once per
// site per process (ResetWarnOnce() re-arms for tests).
void Warn(Site site, const sk_buff* skb, const std::string& message, const void* caller, bool once,
          Tier tier = Tier::kWarn);
// A WARN-tier report whose text is the kernel's own banner rather than a
// WARN() ("BUG: sleeping function called from invalid context ...", "BUG:
// spinlock recursion on CPU#0, ..."): recorded, printed, execution goes on.
void KernelWarn(Site site, const std::string& kind, const std::string& text, const void* caller);
// DEBUG_NET_WARN_ON_ONCE(): a WARN_ON_ONCE on profiles that model
// CONFIG_DEBUG_NET, nothing otherwise. Reported with tier kDebugWarn.
void DebugNetWarnOnce(Site site, const sk_buff* skb, const std::string& message, const void* caller);
// A checked-mode invariant report. Never returns.
[[noreturn]] void CheckFailure(const sk_buff* skb, const std::vector<Violation>& v, const std::string& culprit,
                               const void* caller);
// A NULL (or near-NULL) pointer dereference the kernel takes at `function`:
// printed with the profile's page-fault banner ("BUG: unable to handle kernel
// NULL pointer dereference at (null)" on 2.6.32/3.10, "BUG: kernel NULL
// pointer dereference, address: ..." on 5.x+), then the policy. The model
// reports it instead of faulting, at the same store or load.
[[noreturn]] void NullDeref(uintptr_t address, bool write, const char* function, const sk_buff* skb,
                            const std::string& note, const void* caller);
std::string Hex(const void* p);

// A line every report raised while it is alive starts with (e.g. "libskb: in
// NF_INET_LOCAL_IN hook foo"), and the culprit a report names if it names
// none. The line is computed when a report is raised, so it can describe
// state at that moment; return an empty line to add nothing. Applied inside
// the reporter, so it holds under every policy (abort included) and in
// Recorded().
class ReportContext {
 public:
  using Describe = std::function<std::pair<std::string, std::string>(const Report&)>;
  explicit ReportContext(Describe describe);
  ~ReportContext();
  ReportContext(const ReportContext&) = delete;
  ReportContext& operator=(const ReportContext&) = delete;
};
std::string Format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// ---- history (history.cc) ----

void RecordOp(const sk_buff* skb, const std::string& op, const void* caller);
void ForgetHistory(const sk_buff* skb);
// Sets the newest entry's len/data_len to the skb's current values.
void UpdateLastOp(const sk_buff* skb);
std::string LastOp(const sk_buff* skb);

// ---- checked mode (check.cc) ----

// Runs at entry and exit of a libskb call: entry checks name "the code
// between the previous call and this one", exit checks name this call.
// Also records the call in the skb's history on exit.
class OpScope {
 public:
  OpScope(const char* op, const sk_buff* skb, const void* caller, std::string args = {});
  ~OpScope() noexcept(false);
  // The skb was freed by this call: skip the exit check.
  void Freed() { skb_ = nullptr; }
  // Check (and record history for) another skb at exit too, e.g. a new clone.
  void Also(const sk_buff* other) { also_ = other; }
  // The operation legitimately leaves the skb for its caller to finish (e.g.
  // skb_fill_page_desc: the driver adds len/data_len next): no exit check;
  // the next libskb call's entry check covers it.
  void NoExitCheck() { exit_check_ = false; }

  OpScope(const OpScope&) = delete;
  OpScope& operator=(const OpScope&) = delete;

 private:
  const char* op_;
  const sk_buff* skb_;
  const sk_buff* also_ = nullptr;
  const void* caller_;
  std::string args_;
  int uncaught_;
  bool active_;
  bool exit_check_ = true;
};

// A checked-mode precondition of an operation (the op-level invariants such
// as C3, C4, F5, C7): reports `id` naming `op` as the culprit. No-op when
// checked mode is off.
void OpViolation(const sk_buff* skb, const char* id, const char* name, const std::string& reason, const char* op,
                 const void* caller);

// Scope is OpScope in checked builds and free otherwise, so release builds
// (benchmarks) pay nothing for history or checks.
#ifdef LIBSKB_CHECKED
using Scope = OpScope;
#define LIBSKB_ARGS(...) ::skb::internal::Format(__VA_ARGS__)
#else
struct Scope {
  Scope(const char*, const sk_buff*, const void*, std::nullptr_t = nullptr) {}
  void Freed() {}
  void NoExitCheck() {}
  void Also(const sk_buff*) {}
};
#define LIBSKB_ARGS(...) nullptr
#endif

}  // namespace skb::internal

#endif  // LIBSKB_SRC_INTERNAL_H_
