// libskb module harness: the libFuzzer target for kernel module source
// (ARCHITECTURE.md "Module harness"; docs/fuzzing.md).
//
// Linked with one module's object, compiled unchanged against libskb's kernel
// headers. At start-up it runs module_init and captures every IPv4/IPv6
// netfilter hook the module registered; each input picks a hook and builds,
// through packet_builder.h, an skb in a shape the stack hands that hook
// point, runs the hook in place and the kernel code after it, with the
// checker and the shadow model after every op.
//
// A finding (a BUG, a checker id, a shadow difference, a sanitizer error)
// prints its kind, the hook, the profile, the op program and the report, and
// writes into $LIBSKB_FUZZ_OUT:
//   <module>-<hash>.txt    the op program, which `skbtool replay` runs
//   <module>-<hash>.input  the raw input, which this binary replays
//   finding-<pid>          key=value lines scripts/fuzz turns into its last line
// Environment: LIBSKB_PROFILE (default 6.12), LIBSKB_FUZZ_OUT (default .),
// LIBSKB_FUZZ_MODULE_SO (':'-separated shared objects of the modules, named in
// the reproducer so that skbtool can load them), LIBSKB_FUZZ_HINTS (the
// module's constants, ','-separated: a raw input replays the same program only
// with the same hints; the .txt reproducer needs none), LIBSKB_FUZZ_PRINT=1 (print
// the program every input becomes: `LIBSKB_FUZZ_PRINT=1 fuzz_module_x INPUT`),
// LIBSKB_MODULE_PARAMS (module parameters, "name=value" lines, set before
// module_init: scripts/fuzz --param), LIBSKB_FUZZ_TIME_STEP_MS (model time
// advanced before each input so the module's timers and work run; default 100).
//
// A module call to a kernel function libskb does not model ends the process
// with "module called <function> (<file>:<line>), which libskb does not model"
// and exit status 2 (cmake/unmodelled_stubs.py); scripts/fuzz reports it.
#include <fuzzer/FuzzedDataProvider.h>
#include <linux/netfilter.h>
#include <sanitizer/common_interface_defs.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "finding_kind.h"
#include "packet_builder.h"
#include "program.h"
#include "runner.h"
#include "skb/netfilter.h"
#include "skb/profile.h"

// The kernel environment's C++ side (module parameters, model time) comes
// from the env-core and env-services work; until a tree has it, --param is
// refused and time does not advance. MERGE: once both headers exist these
// guards are always true and can go.
#if __has_include("skb/module_params.h")
#include "skb/module_params.h"
#define LIBSKB_FUZZ_HAVE_MODULE_PARAMS 1
#endif
#include "skb/kernel_core.h"  // RunRcuCallbacks: a quiescent point between inputs
#if __has_include("skb/kernel_env.h")
#include "skb/kernel_env.h"
#define LIBSKB_FUZZ_HAVE_KERNEL_ENV 1
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define LIBSKB_HAVE_ASAN 1
#endif
#endif

namespace {

using Clock = std::chrono::steady_clock;

struct State {
  std::string profile = "6.12";
  std::string out_dir = ".";
  std::string modules;                 // "sn_core_odd, foo"
  std::vector<std::string> module_sos;  // for the reproducer's module lines
  std::vector<skb::HookInfo> hooks;
  uint64_t execs = 0;
  Clock::time_point start = Clock::now();
  Clock::time_point last_progress = Clock::now();
  // The input being run, for the death callback.
  const uint8_t* data = nullptr;
  size_t size = 0;
  const skbfuzz::Program* program = nullptr;
  bool death_callback_installed = false;
  bool reported = false;
  std::vector<uint32_t> hints;  // LIBSKB_FUZZ_HINTS: the module's constants (packet_builder.h)
  bool print_programs = false;  // LIBSKB_FUZZ_PRINT=1: print every input's program (to see what inputs become)
  uint64_t time_step_ns = 100'000'000;  // LIBSKB_FUZZ_TIME_STEP_MS
};

State& S() {
  static auto* s = new State();
  return *s;
}

[[noreturn]] void Usage(const std::string& msg) {
  std::fprintf(stderr, "libskb module fuzzer: error: %s\n", msg.c_str());
  std::fflush(stderr);
  std::_Exit(2);
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b <= s.size()) {
    size_t e = s.find(sep, b);
    if (e == std::string::npos) e = s.size();
    if (e > b) out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

double Seconds() { return std::chrono::duration<double>(Clock::now() - S().start).count(); }

// FNV-1a of the program text: the reproducer's file name.
std::string Hash(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Writes the reproducer, the raw input and the finding file; prints the
// finding. Safe to call from the sanitizer's death callback (plain stdio).
void Report(const std::string& kind, const std::string& hook, const std::string& details) {
  State& s = S();
  if (s.reported) return;
  s.reported = true;
  const std::string module_tag = Split(s.modules, ',').empty() ? "module" : Split(s.modules, ',')[0];
  std::string text;
  if (s.program != nullptr) {
    skbfuzz::Program p = *s.program;
    p.modules = s.module_sos;
    text = skbfuzz::Print(p);
  }
  const std::string base = s.out_dir + "/" + module_tag + "-" + Hash(text);
  const std::string repro = base + ".txt";
  {
    std::ofstream f(repro);
    f << "# libskb module reproducer: " << kind << " in " << hook << " (profile " << s.profile << ")\n";
    f << "# shape: " << skbfuzz::LastShapeName() << "\n";
    f << "# replay: skbtool replay " << repro << "\n";
    f << text;
  }
  if (s.data != nullptr) {
    std::ofstream f(base + ".input", std::ios::binary);
    f.write(reinterpret_cast<const char*>(s.data), static_cast<std::streamsize>(s.size));
  }
  {
    std::ofstream f(s.out_dir + "/finding-" + std::to_string(getpid()));
    f << "kind=" << kind << "\nhook=" << hook << "\nprofile=" << s.profile << "\nexecs=" << s.execs
      << "\nseconds=" << Seconds() << "\nreproducer=" << repro << "\ninput=" << base << ".input\n";
  }
  std::fprintf(stderr,
               "\n==== libskb: FOUND %s in %s (profile %s) ====\n"
               "module(s): %s\nshape: %s\nprogram (skbtool replay %s):\n%s\n%s\n",
               kind.c_str(), hook.c_str(), s.profile.c_str(), s.modules.c_str(), skbfuzz::LastShapeName().c_str(),
               repro.c_str(), text.c_str(), details.c_str());
  std::fflush(stderr);
}

// A sanitizer error (ASan, UBSan) ends the process; name the hook it died in.
void OnSanitizerDeath() {
  State& s = S();
  if (s.reported || s.program == nullptr) return;
  std::string kind = "UndefinedBehaviorSanitizer error";
#ifdef LIBSKB_HAVE_ASAN
  if (__asan_report_present()) kind = std::string("AddressSanitizer ") + __asan_get_report_description();
#endif
  std::string hook;
  if (const skb::HookInfo* h = skb::RunningHook()) {
    hook = h->Describe();
  } else if (const skb::HookInfo* last = skb::LastHook()) {
    hook = last->Describe() + " (the stack code after it)";
  } else {
    hook = "the harness before any hook ran";
  }
  Report(kind, hook, "(the sanitizer's report is above)");
}

void Progress() {
  State& s = S();
  const auto now = Clock::now();
  if (now - s.last_progress < std::chrono::seconds(2)) return;
  s.last_progress = now;
  const double t = Seconds();
  std::fprintf(stderr, "#libskb progress: execs=%llu exec/s=%.0f time=%.0fs\n",
               static_cast<unsigned long long>(s.execs), t > 0 ? static_cast<double>(s.execs) / t : 0.0, t);
}

#ifdef LIBSKB_FUZZ_HAVE_MODULE_PARAMS
// What skb::SetModuleParam returned, as an error message ("" = set). Written
// against the result types it may have, so this file does not pin them.
template <typename R>
std::string ParamResult(R&& r) {
  using T = std::decay_t<R>;
  if constexpr (std::is_same_v<T, bool>) {
    return r ? "" : "rejected";
  } else if constexpr (std::is_integral_v<T>) {
    return r == 0 ? "" : "error " + std::to_string(r);
  } else if constexpr (std::is_convertible_v<T, std::string>) {
    return std::string(r);
  } else {
    return r.ok() ? "" : "rejected";
  }
}

template <typename S>
std::string SetParam(const S& module, const S& name, const S& value) {
  if constexpr (requires { skb::SetModuleParam(module, name, value); }) {
    if constexpr (std::is_void_v<decltype(skb::SetModuleParam(module, name, value))>) {
      skb::SetModuleParam(module, name, value);
      return "";
    } else {
      return ParamResult(skb::SetModuleParam(module, name, value));
    }
  } else {
    if constexpr (std::is_void_v<decltype(skb::SetModuleParam(name, value))>) {
      skb::SetModuleParam(name, value);
      return "";
    } else {
      return ParamResult(skb::SetModuleParam(name, value));
    }
  }
}
#endif

// LIBSKB_MODULE_PARAMS: "name=value" lines, set on every module before its
// module_init, as insmod sets them.
void ApplyModuleParams(const std::string& module) {
  const char* env = std::getenv("LIBSKB_MODULE_PARAMS");
  if (env == nullptr || *env == '\0') return;
  for (const std::string& line : Split(env, '\n')) {
    const size_t eq = line.find('=');
    if (eq == std::string::npos || eq == 0) Usage("LIBSKB_MODULE_PARAMS: '" + line + "' is not name=value");
#ifdef LIBSKB_FUZZ_HAVE_MODULE_PARAMS
    const std::string name = line.substr(0, eq), value = line.substr(eq + 1);
    const std::string err = SetParam(module, name, value);
    if (!err.empty()) Usage("module " + module + ": parameter " + name + "=" + value + ": " + err);
    std::fprintf(stderr, "libskb: module %s: parameter %s=%s\n", module.c_str(), name.c_str(), value.c_str());
#else
    Usage("module parameters (" + line + ") need <skb/module_params.h>, which this libskb does not have");
#endif
  }
}

bool Modelled(const skb::HookInfo& h) {
  return (h.pf == NFPROTO_IPV4 || h.pf == NFPROTO_IPV6) && h.hooknum < NF_INET_NUMHOOKS;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  State& s = S();
  if (const char* p = std::getenv("LIBSKB_PROFILE"); p != nullptr && *p != '\0') s.profile = p;
  if (skb::ByName(s.profile) == nullptr) Usage("unknown profile '" + s.profile + "' (LIBSKB_PROFILE)");
  if (const char* o = std::getenv("LIBSKB_FUZZ_OUT"); o != nullptr && *o != '\0') s.out_dir = o;
  if (const char* m = std::getenv("LIBSKB_FUZZ_MODULE_SO"); m != nullptr) s.module_sos = Split(m, ':');
  if (const char* h = std::getenv("LIBSKB_FUZZ_HINTS"); h != nullptr) {
    for (const std::string& v : Split(h, ',')) s.hints.push_back(static_cast<uint32_t>(std::strtoul(v.c_str(), nullptr, 0)));
  }
  if (const char* v = std::getenv("LIBSKB_FUZZ_PRINT"); v != nullptr && *v == '1') s.print_programs = true;
  if (const char* t = std::getenv("LIBSKB_FUZZ_TIME_STEP_MS"); t != nullptr && *t != '\0') {
    s.time_step_ns = std::strtoull(t, nullptr, 10) * 1'000'000ull;
  }

  skb::ScopedProfile profile(*skb::ByName(s.profile));
  const std::vector<skb::ModuleInfo> mods = skb::Modules();
  if (mods.empty()) Usage("no kernel module is linked into this fuzzer (module_init missing?)");
  for (const skb::ModuleInfo& m : mods) {
    if (!s.modules.empty()) s.modules += ", ";
    s.modules += m.name;
    ApplyModuleParams(m.name);
    const int rc = skb::LoadModule(m.name);
    if (rc != 0) Usage("module_init of " + m.name + " (" + m.file + ") returned " + std::to_string(rc));
  }
  for (const skb::HookInfo& h : skb::AllHooks()) {
    if (Modelled(h)) {
      s.hooks.push_back(h);
      std::fprintf(stderr, "libskb: fuzzing %s\n", h.Describe().c_str());
    } else {
      std::fprintf(stderr, "libskb: not fuzzing %s (%s: only IPv4/IPv6 NF_INET_* hook points are modelled)\n",
                   h.Describe().c_str(), skb::NfProtoName(h.pf));
    }
  }
  if (s.hooks.empty()) Usage("module(s) " + s.modules + " registered no IPv4/IPv6 netfilter hook: nothing to fuzz");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  State& s = S();
  if (!s.death_callback_installed) {
    // After libFuzzer installed its own (this replaces it): ours writes the
    // raw input too, next to the op program.
    __sanitizer_set_death_callback(OnSanitizerDeath);
    s.death_callback_installed = true;
  }
#ifdef LIBSKB_FUZZ_HAVE_KERNEL_ENV
  // Model time moves on between packets: the module's expired timers,
  // work items and tasklets run here, so timeouts are exercised.
  if (s.time_step_ns != 0) skb::AdvanceTime(s.time_step_ns);
  skb::RunRcuCallbacks();  // call_rcu()/kfree_rcu() callbacks queued while the packet ran
#endif
  skbfuzz::Program program;
  program.profile = s.profile;
  s.data = data;
  s.size = size;
  s.program = &program;
  const skb::HookInfo* chosen = &s.hooks[0];
  skb::ForgetLastHook();
  std::optional<skbfuzz::Finding> finding;
  {
    skbfuzz::Runner runner(s.profile);
    if (skbfuzz::BuildAndRun(data, size, s.hooks, s.hints, runner, &program, &chosen)) runner.Finish();
    finding = runner.finding();
  }
  s.execs++;
  if (finding) {
    // Ops before the first one that runs hooks only built the skb.
    size_t hook_op = program.ops.size();
    static const std::set<std::string> kHookOps = {"nf_hook",      "ip_rcv",        "ip6_rcv",       "ip_local_out",
                                                   "ip6_local_out", "ip_output",     "ip6_output",    "dev_queue_xmit",
                                                   "netif_receive_skb"};
    for (size_t i = 0; i < program.ops.size(); i++) {
      if (kHookOps.count(skbfuzz::OpName(program.ops[i].kind)) != 0) {
        hook_op = i;
        break;
      }
    }
    std::string culprit = finding->culprit;
    if (finding->op_index < hook_op) {
      // No hook has run: the harness built an illegal skb or libskb is wrong.
      culprit = "the harness's skb construction (a libskb or harness bug, before any hook ran)";
    } else if (culprit.rfind("NF_INET_", 0) != 0) {
      // A report inside a hook names the call that broke the skb; the FOUND
      // line names the hook itself.
      culprit = skb::LastHook() != nullptr ? skb::LastHook()->Describe()
                                           : "the stack code at " + chosen->Describe() + "'s hook point, before the hook ran";
    }
    std::string kind = skbfuzz::ShortKind(*finding);
    Report(kind, culprit, finding->text);
    std::abort();  // libFuzzer records the crash and stops
  }
  if (s.print_programs) {
    std::fprintf(stderr, "# shape: %s\n%s", skbfuzz::LastShapeName().c_str(), skbfuzz::Print(program).c_str());
  }
  s.program = nullptr;
  Progress();
  return 0;
}
