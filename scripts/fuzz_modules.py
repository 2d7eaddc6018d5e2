#!/usr/bin/env python3
"""The body of scripts/fuzz: compile modules as kbuild would, fuzz them, report.

  scripts/fuzz [FILE.c... | DIR...] [--profile NAME] [--param NAME=VALUE]... [--time S]
               [--jobs N] [--out DIR] [--summary FILE.json]

Modules: several .c files on the command line form one module (named after
the file with module_init; when several define module_init, each is a
module); a DIR is read as kbuild reads it (scripts/kbuild.py: its Kbuild or
Makefile, obj-m, <mod>-objs / <mod>-y, ccflags-y / EXTRA_CFLAGS), one module
per obj-m entry. With no module it fuzzes the bundled example bugs.

Each module is first compiled alone (clang -fsyntax-only, kbuild's flags for
the profile's kernel): without --profile against the default profile, and if
it does not compile there, against the newest profile (api_profiles.tsv
order) whose API it compiles against; the choice and the reason are printed.
Then fuzz_module_<name> is built with the fuzz preset (libFuzzer + ASan +
UBSan), run from an empty corpus for at most --time seconds (stopping at the
first finding), with progress every few seconds, and the module's block ends
with one line:

  FOUND <kind> in <hook> (profile <name>) after <N> execs, <T> s; reproducer: <path>
  NO FINDINGS in <T> s, <N> execs
  module called <function> (<file>:<line>), which libskb does not model

Exit status: 1 if anything was found; otherwise 2 if a module did not compile
or link, registered no hook, failed module_init or called a kernel function
libskb does not model (or for bad arguments); 0 if every module ran clean.
--summary writes one JSON object per module (scripts/compat reads it).
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kbuild  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The fuzz preset's build directory (LIBSKB_FUZZ_BUILD_DIR moves it).
BUILD = os.environ.get("LIBSKB_FUZZ_BUILD_DIR", os.path.join(ROOT, "build", "fuzz"))
PROGRESS_EVERY = 3.0

# The bundled example bugs: seed 000's hook and the classic mistakes in
# examples/modules (module harness), and the seed culprits that are not
# netfilter hooks (TCP/UDP send paths), fuzzed by op-program targets built
# with the culprit in place of the kernel's code.
BUNDLED_MODULES = [
    ("sn_core_odd", "examples/seed000_sn_core_odd/sn_core_odd.c"),
    ("nf_push_no_headroom", "examples/modules/nf_push_no_headroom.c"),
    ("nf_put_nonlinear", "examples/modules/nf_put_nonlinear.c"),
    ("nf_stale_iph", "examples/modules/nf_stale_iph.c"),
    ("nf_write_cloned", "examples/modules/nf_write_cloned.c"),
    ("nf_csum_past_len", "examples/modules/nf_csum_past_len.c"),
]
BUNDLED_TARGETS = [
    # (display name, fuzz target, profile it runs on)
    ("seed001 trim_acked_head", "fuzz_tcp_write_queue_seed001", None),
    ("seed002 payload_overrun", "fuzz_udp_cork_seed002", None),
    ("seed003 stale_requeue_tail", "fuzz_tcp_write_queue_seed003", None),
]


def die(msg, status=2):
    print(f"scripts/fuzz: error: {msg}", file=sys.stderr, flush=True)
    sys.exit(status)


def module_name(path):
    base = os.path.splitext(os.path.basename(path))[0]
    return base.replace("-", "_")


def run_quiet(cmd, what, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if r.returncode != 0:
        sys.stderr.write(r.stdout)
        die(f"{what} failed: {' '.join(cmd)}")
    return r.stdout


# ---- profiles and kbuild's flags ---------------------------------------------


def api_profiles():
    """[(name, version_code, rhel_release or None, is_default)] in
    libskb/api_profiles.tsv order (newest first)."""
    out = []
    with open(os.path.join(ROOT, "libskb", "api_profiles.tsv")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.split()
            if len(fields) < 3:
                continue
            v = [int(x) for x in (fields[1].split(".") + ["0", "0"])[:3]]
            code = (v[0] << 16) + (v[1] << 8) + min(v[2], 255)
            rhel = None
            if fields[2] != "-":
                a, b = (fields[2].split(".") + ["0"])[:2]
                rhel = (int(a) << 8) + int(b)
            out.append((fields[0], code, rhel, len(fields) > 3 and fields[3] == "default"))
    return out


def KV(a, b, c=0):
    return (a << 16) + (b << 8) + c


def kbuild_flags(code):
    """The flags kbuild compiles module C with in the kernel `code` that
    matter here: the warnings that are errors there and the code-generation
    flags that change what the C means. Mirrors libskb_kernel_module_flags
    (cmake/KernelModule.cmake), which cites the kernel for each."""
    flags = ["-std=gnu11", "-Wall", "-Werror=implicit-function-declaration", "-fno-strict-aliasing", "-fno-common",
             "-fno-delete-null-pointer-checks", "-fno-strict-overflow", "-Wno-pointer-sign", "-Wno-format-security",
             "-fno-omit-frame-pointer", "-fno-optimize-sibling-calls"]
    flags += ["-Werror=implicit-int", "-Werror=strict-prototypes"] if code >= KV(3, 15) else ["-Wstrict-prototypes"]
    if code >= KV(3, 16):
        flags.append("-Werror=date-time")
    if code >= KV(4, 6):
        flags.append("-Werror=incompatible-pointer-types")
    if code >= KV(4, 19):
        flags.append("-Werror=return-type")
    return flags


def module_flags(mod, profile):
    """Every flag a module's sources are compiled with under `profile`."""
    _, code, rhel, _ = profile
    flags = kbuild_flags(code) + ["-fno-sanitize=alignment", "-I", os.path.join(ROOT, "libskb", "include")]
    for d in [mod.dir] + mod.include_dirs:
        flags += ["-I", d]
    flags += [f'-DKBUILD_MODNAME="{mod.name}"', f"-D__KBUILD_MODNAME=kmod_{mod.name}", "-D__KERNEL__",
              f"-DLIBSKB_API_VERSION_CODE={code:#x}"]
    if rhel is not None:
        flags.append(f"-DLIBSKB_API_RHEL_RELEASE={rhel:#x}")
    flags += [f"-D{d}" for d in mod.defines]
    for o in mod.options:
        flags += o.split(" ", 1) if o.startswith("-include ") else [o]
    return flags


ERROR_LINE = re.compile(r"(fatal error|error): ")
POINTER_WARNING = re.compile(r"\[-W(incompatible-pointer-types|incompatible-function-pointer-types)")


def first_error(output, mod):
    for line in output.splitlines():
        if ERROR_LINE.search(line):
            return shorten(line, mod)
    lines = [l for l in output.splitlines() if l.strip()]
    return shorten(lines[0], mod) if lines else "unknown error"


def shorten(line, mod):
    line = line.replace(mod.dir + "/", "")
    return line.strip()


def compile_check(mod, profile):
    """Compiles the module's sources alone under `profile` (stops at the
    first file that fails). Returns (ok, clean, output): clean = no
    incompatible-pointer warning (a hook prototype of another generation)."""
    flags = module_flags(mod, profile)
    outputs, clean = [], True
    for src in mod.sources:
        r = subprocess.run(["clang", "-fsyntax-only", *flags, "-Wincompatible-pointer-types", src],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        outputs.append(r.stdout)
        if POINTER_WARNING.search(r.stdout):
            clean = False
        if r.returncode != 0:
            return False, False, "".join(outputs)
    return True, clean, "".join(outputs)


def choose_profile(mod, forced, profiles):
    """(profile, reason) or (None, error line), printing nothing. Forced: that
    one. Otherwise the default if the module compiles against it, else the
    newest that compiles without an incompatible-pointer warning, else the
    newest that compiles at all."""
    by_name = {p[0]: p for p in profiles}
    if forced:
        ok, _, out = compile_check(mod, by_name[forced])
        if not ok:
            return None, first_error(out, mod), out
        return by_name[forced], f"--profile {forced}", out
    default = next(p for p in profiles if p[3])
    ok, clean, out = compile_check(mod, default)
    if ok:
        return default, f"default; compiles against {default[0]}", out
    default_error, default_out = first_error(out, mod), out
    compiled = None
    rest = [p for p in profiles if p is not default]
    # Two compilers at a time (the machine's cores); the answer is read in order.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        checks = list(pool.map(lambda p: compile_check(mod, p), rest))
    for p, (ok, clean, out) in zip(rest, checks):
        if ok and clean:
            return p, f"does not compile against {default[0]}: {default_error}; compiles against {p[0]}", out
        if ok and compiled is None:
            compiled = (p, out)
    if compiled:
        p, out = compiled
        return p, (f"does not compile against {default[0]}: {default_error}; compiles against {p[0]}, "
                   "with incompatible-pointer warnings (no profile compiles without)"), out
    return None, default_error, default_out


# ---- building -------------------------------------------------------------------


def cmake_quote(s):
    return "[==[" + s + "]==]"


def write_modules_cmake(path, mods):
    """The libskb_add_module_fuzzer() calls fuzz/module/CMakeLists.txt
    includes (LIBSKB_FUZZ_MODULES_FILE)."""
    lines = ["# Written by scripts/fuzz: the modules it was asked to fuzz."]
    for m in mods:
        args = [m.key, "MODNAME", m.name, "PROFILE", m.profile[0], "SOURCES", *map(cmake_quote, m.sources)]
        if m.include_dirs or True:
            args += ["INCLUDE_DIRECTORIES", cmake_quote(m.dir), *map(cmake_quote, m.include_dirs)]
        if m.defines:
            args += ["DEFINITIONS", *map(cmake_quote, m.defines)]
        opts = []
        for o in m.options:
            opts += o.split(" ", 1) if o.startswith("-include ") else [o]
        if opts:
            args += ["COMPILE_OPTIONS", *map(cmake_quote, opts)]
        lines.append("libskb_add_module_fuzzer(" + " ".join(args) + ")")
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    old = open(path).read() if os.path.exists(path) else None
    if old != text:
        with open(path, "w") as f:
            f.write(text)


def configure(modules_file):
    run_quiet(["cmake", "--preset", "fuzz", "-B", BUILD, "-DLIBSKB_FUZZ_MODULES=",
               f"-DLIBSKB_FUZZ_MODULES_FILE={modules_file}"], "configuring the fuzz preset", cwd=ROOT)


def build_targets(targets, quiet_fail=False):
    """Builds targets; (ok, output)."""
    r = subprocess.run(["cmake", "--build", BUILD, "-j2", "--target", *targets], cwd=ROOT,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0 and not quiet_fail:
        sys.stderr.write(r.stdout)
        die(f"building failed: {' '.join(targets)}")
    return r.returncode == 0, r.stdout


def build_error(output, mod):
    for line in output.splitlines():
        if "undefined reference to" in line or ERROR_LINE.search(line):
            return shorten(line, mod)
    return "the build failed (see above)"

LITERAL = re.compile(r"(?<![\w.])(0[xX][0-9a-fA-F]+|[1-9][0-9]*)[uUlL]*(?![\w.])")


def module_literals(sources):
    """The integer literals of the module's source (comments stripped)."""
    values = []
    for src in sources:
        with open(src, errors="replace") as f:
            text = re.sub(r"/\*.*?\*/|//[^\n]*", " ", f.read(), flags=re.S)
        for lit in LITERAL.findall(text):
            v = int(lit, 0)
            if v <= 0xffffffff and v not in values:
                values.append(v)
    return values


def module_hints(sources):
    """LIBSKB_FUZZ_HINTS for the module fuzzer: literals that can be a port
    (> 255) or an IPv4 address or prefix; at most 64."""
    return ",".join([str(v) for v in module_literals(sources) if v > 255][:64])


def module_dict(sources, base_dict, out_path):
    """libFuzzer dictionary for a module: the harness's base entries plus the
    module's integer literals in wire order (big-endian, 2 or 4 bytes, and 1
    byte for small ones). libFuzzer learns 4- and 8-byte comparisons by
    itself but not 1- and 2-byte ones, which is where ports and protocol
    numbers live (`uh->dest != htons(PORT)`)."""
    entries = []
    if base_dict and os.path.exists(base_dict):
        with open(base_dict) as f:
            entries += [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    for v in module_literals(sources):
        n = 1 if v < 0x100 else 2 if v < 0x10000 else 4
        if n == 1 and v < 16:
            continue  # small counts and flags: every input has them already
        entries.append('"' + "".join(f"\\x{c:02x}" for c in v.to_bytes(n, "big")) + '"')
    with open(out_path, "w") as f:
        f.write("\n".join(entries) + "\n")
    return out_path


def find_binary(target):
    for d in ("fuzz/module", "fuzz"):
        p = os.path.join(BUILD, d, target)
        if os.path.exists(p):
            return p
    die(f"built {target} but cannot find its binary under {BUILD}")


class Run:
    """One fuzzer process: streams its log, keeps the latest figures."""

    PULSE = re.compile(r"^#(\d+)\s*:?\s+\w*\s*cov: (\d+)")
    OURS = re.compile(r"^#libskb progress: execs=(\d+) exec/s=(\d+)")
    FORK = re.compile(r"^#(\d+): cov: (\d+) .*exec/s: (\d+)")

    def __init__(self, cmd, env, log_path):
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     errors="replace")
        self.execs = 0
        self.rate = 0
        self.cov = 0
        self.lines = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for line in self.proc.stdout:
            self.log.write(line)
            self.lines.append(line.rstrip("\n"))
            m = self.OURS.match(line)
            if m:
                self.execs = max(self.execs, int(m.group(1)))
                self.rate = int(m.group(2))
                continue
            m = self.FORK.match(line)
            if m:
                self.execs = max(self.execs, int(m.group(1)))
                self.cov = int(m.group(2))
                self.rate = int(m.group(3))
                continue
            m = self.PULSE.match(line)
            if m:
                self.execs = max(self.execs, int(m.group(1)))
                self.cov = int(m.group(2))
            if line.startswith("libskb: fuzzing") or line.startswith("libskb: not fuzzing"):
                print("  " + line.rstrip(), flush=True)

    def wait(self):
        rc = self.proc.wait()
        self.thread.join()
        self.log.close()
        return rc


def report_block(lines):
    """The part of the log a person needs: the sanitizer's or libskb's
    report and the finding block, without libFuzzer's bookkeeping."""
    start = None
    for i, l in enumerate(lines):
        if ("ERROR: AddressSanitizer" in l or "runtime error:" in l or l.startswith("==== libskb: FOUND")
                or l.startswith("kernel BUG") or "------------[ cut here ]" in l):
            start = i
            break
    if start is None:
        return lines[-40:]
    out = []
    for l in lines[start:]:
        if l.startswith("==") and "ERROR: libFuzzer" in l:
            break
        if l.startswith("MS: ") or l.startswith("artifact_prefix=") or l.startswith("Test unit written"):
            break
        out.append(l)
    return out[:400]


# ---- fuzzing ----------------------------------------------------------------------

UNMODELLED = re.compile(r"^module called \S+ \(.*\), which libskb does not model$")


def fuzz_one(name, binary, env_extra, args, out_dir, dict_path, cmd_prefix=()):
    """Runs one fuzzer. Returns a result dict: status (found|clean|no-hooks|
    init-failed|unmodelled|error), execs, seconds, hooks, finding, error."""
    os.makedirs(out_dir, exist_ok=True)
    for f in glob.glob(os.path.join(out_dir, "finding-*")):
        os.remove(f)
    corpus = os.path.join(out_dir, "corpus")
    shutil.rmtree(corpus, ignore_errors=True)  # every run starts from an empty corpus
    os.makedirs(corpus)
    env = dict(os.environ)
    env.update(env_extra)
    env["LIBSKB_FUZZ_OUT"] = out_dir
    # Abort on the first error, keep the report symbolised and short.
    env.setdefault("ASAN_OPTIONS", "abort_on_error=0:detect_leaks=0:symbolize=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    cmd = [*cmd_prefix, binary, corpus, f"-max_total_time={args.time}", "-print_final_stats=1",
           f"-artifact_prefix={out_dir}/", "-timeout=10", "-rss_limit_mb=4096",
           "-detect_leaks=0"]  # the runner checks leaks itself; libFuzzer's per-input malloc tracing costs 8x
    if dict_path and os.path.exists(dict_path):
        cmd.append(f"-dict={dict_path}")
    if args.seed is not None:
        cmd.append(f"-seed={args.seed}")
    if args.jobs > 1:
        cmd.append(f"-fork={args.jobs}")
    profile = env_extra.get("LIBSKB_PROFILE", getattr(args, "profile", None) or "6.12")
    if not args.quiet:
        print(f"== {name}: fuzzing for up to {args.time} s (profile {profile}, {args.jobs} job(s)); "
              f"log {out_dir}/fuzz.log", flush=True)
    t0 = time.monotonic()
    run = Run(cmd, env, os.path.join(out_dir, "fuzz.log"))
    while run.proc.poll() is None:
        time.sleep(0.2)
        if time.monotonic() - t0 >= getattr(run, "next_progress", PROGRESS_EVERY):
            run.next_progress = time.monotonic() - t0 + PROGRESS_EVERY
            if not args.quiet:
                found = len(glob.glob(os.path.join(out_dir, "finding-*")))
                print(f"  [{name}] {time.monotonic() - t0:5.0f} s  execs {run.execs}  execs/s {run.rate}  "
                      f"cov {run.cov}  findings {found}", flush=True)
    rc = run.wait()
    elapsed = time.monotonic() - t0
    hooks = []
    for l in run.lines:
        if l.startswith("libskb: fuzzing "):
            h = l[len("libskb: fuzzing "):]
            if h not in hooks:
                hooks.append(h)
    result = {"execs": run.execs, "seconds": round(elapsed, 1), "hooks": hooks, "finding": None, "error": None}
    if hooks:
        print(f"  {name}: {len(hooks)} hook(s) registered and fuzzed: {'; '.join(hooks)}", flush=True)
    findings = sorted(glob.glob(os.path.join(out_dir, "finding-*")))
    if findings:
        info = {}
        with open(findings[0]) as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition("=")
                info[k] = v
        if not args.quiet:
            for l in report_block(run.lines):
                print(l)
        execs = max(int(info.get("execs", "0")), run.execs)
        print(f"FOUND {info.get('kind')} in {info.get('hook')} (profile {info.get('profile')}) after {execs} execs, "
              f"{elapsed:.1f} s; reproducer: {info.get('reproducer')}", flush=True)
        result.update(status="found", execs=execs,
                      finding={"kind": info.get("kind"), "hook": info.get("hook"), "reproducer": info.get("reproducer")})
        return result
    unmodelled = [l for l in run.lines if UNMODELLED.match(l.strip())]
    if unmodelled:
        # Ends the module's block: the call libskb cannot answer.
        print(unmodelled[0].strip(), flush=True)
        result.update(status="unmodelled", error=unmodelled[0].strip())
        return result
    errors = [l for l in run.lines if "libskb module fuzzer: error:" in l]
    if rc == 2 or errors:
        for l in run.lines[-20:]:
            print(l, file=sys.stderr)
        msg = errors[0].split("error:", 1)[1].strip() if errors else f"the fuzzer exited with status {rc}"
        status = "error"
        if "registered no IPv4/IPv6 netfilter hook" in msg:
            status = "no-hooks"
        elif msg.startswith("module_init of"):
            status = "init-failed"
        print(f"scripts/fuzz: error: {name}: {msg}", file=sys.stderr, flush=True)
        result.update(status=status, error=msg)
        return result
    crash = sorted(glob.glob(os.path.join(out_dir, "crash-*")) + glob.glob(os.path.join(out_dir, "timeout-*")) +
                   glob.glob(os.path.join(out_dir, "oom-*")) + glob.glob(os.path.join(out_dir, "leak-*")))
    if rc != 0 and crash:
        for l in report_block(run.lines):
            print(l)
        kind = os.path.basename(crash[0]).split("-")[0]
        print(f"FOUND libFuzzer {kind} in {name} (profile {profile}) after {run.execs} execs, {elapsed:.1f} s; "
              f"reproducer: {crash[0]}", flush=True)
        result.update(status="found", finding={"kind": f"libFuzzer {kind}", "hook": name, "reproducer": crash[0]})
        return result
    if rc != 0:
        for l in run.lines[-30:]:
            print(l, file=sys.stderr)
        msg = f"the fuzzer exited with status {rc} without a finding (log {out_dir}/fuzz.log)"
        print(f"scripts/fuzz: error: {name}: {msg}", file=sys.stderr, flush=True)
        result.update(status="error", error=msg)
        return result
    execs = run.execs
    for l in run.lines:
        m = re.match(r"stat::number_of_executed_units:\s*(\d+)", l)
        if m:
            execs = max(execs, int(m.group(1)))
    print(f"NO FINDINGS in {elapsed:.1f} s, {execs} execs", flush=True)
    result.update(status="clean", execs=execs)
    return result


def summary_entry(mod, result=None):
    e = {"module": mod.name, "dir": mod.dir, "sources": mod.sources, "compiled": mod.compiled,
         "error": mod.error, "profile": mod.profile[0] if mod.profile else None,
         "profile_reason": mod.profile_reason, "flags": mod.flags, "hooks": [], "execs": 0, "seconds": 0.0,
         "finding": None, "status": mod.status}
    if result:
        for k in ("hooks", "execs", "seconds", "finding", "status"):
            e[k] = result[k]
        if result.get("error"):
            e["error"] = result["error"]
    return e


def gather(paths):
    """The modules the command line names: the .c files together form one
    module (or several, see kbuild.group_files); each DIR gives its own."""
    files, mods, notes = [], [], []
    for p in paths:
        if os.path.isdir(p):
            found, n = kbuild.parse_dir(p)
            if not found:
                die(f"{p}: {'; '.join(n) or 'no module found'}")
            mods += found
        elif p.endswith(".c") or not os.path.exists(p):
            files.append(p)
        else:
            die(f"{p}: not a C source file (.c) or a module directory")
    if files:
        present = [f for f in files if os.path.isfile(f)]
        group = kbuild.group_files(present or files)
        for f in files:
            if not os.path.isfile(f):
                group[0].missing.append((f, f"{f}: No such file or directory"))
                if f in group[0].sources:
                    group[0].sources.remove(os.path.abspath(f))
        mods = group + mods
    return mods, notes


def main():
    ap = argparse.ArgumentParser(prog="scripts/fuzz", description=__doc__.split("\n\n")[0])
    ap.add_argument("modules", nargs="*", metavar="FILE.c|DIR")
    ap.add_argument("--profile", default=None, help="compile and run under this profile (default: chosen per module)")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                    help="module parameter, set before module_init (repeatable)")
    ap.add_argument("--time", type=int, default=60, help="seconds per module (default 60)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "fuzz-out"))
    ap.add_argument("--seed", type=int, default=None, help="libFuzzer -seed (default: random)")
    ap.add_argument("--summary", default=None, metavar="FILE.json", help="write a JSON summary, one object per module")
    ap.add_argument("--quiet", action="store_true", help="no progress lines")
    try:
        args = ap.parse_args()
    except SystemExit as e:
        sys.exit(2 if e.code else 0)
    if args.time <= 0:
        die(f"--time {args.time}: must be a positive number of seconds")
    if args.jobs <= 0:
        die(f"--jobs {args.jobs}: must be at least 1")
    for p in args.param:
        if "=" not in p or not p.split("=", 1)[0]:
            die(f"--param {p}: expected NAME=VALUE")
    profiles = api_profiles()
    if args.profile and args.profile not in {p[0] for p in profiles}:
        die(f"--profile {args.profile}: unknown (libskb/api_profiles.tsv has {', '.join(p[0] for p in profiles)})")
    default_profile = next(p for p in profiles if p[3])
    args.out = os.path.abspath(args.out)

    if not args.modules:
        return run_bundled(args)

    mods, _ = gather(args.modules)
    bundled_names = {n for n, _ in BUNDLED_MODULES}
    bundled_names |= {module_name(p) for p in glob.glob(os.path.join(ROOT, "examples", "modules", "*.c"))}
    bundled_paths = {os.path.realpath(os.path.join(ROOT, p)): n for n, p in BUNDLED_MODULES}
    for p in glob.glob(os.path.join(ROOT, "examples", "modules", "*.c")):
        bundled_paths.setdefault(os.path.realpath(p), module_name(p))
    keys = set()
    to_build = []
    for m in mods:
        m.compiled, m.error, m.profile, m.profile_reason, m.flags, m.status, m.key = (
            False, None, None, None, [], None, None)
        rel = [os.path.relpath(s) for s in m.sources] + [o for o, _ in m.missing]
        print(f"== {m.name}: module {m.name} ({m.origin}): {' '.join(rel)}", flush=True)
        for n in m.notes:
            print(f"  note: {n}", flush=True)
        if m.ignored_flags:
            print(f"  note: Makefile flags not applied: {' '.join(m.ignored_flags)}", flush=True)
        if m.missing:
            m.error = f"error: {m.missing[0][1]} (a source of module {m.name})"
            m.status = "compile-error"
            print(f"scripts/fuzz: {m.name}: {m.error}", file=sys.stderr, flush=True)
            continue
        profile, reason, out = choose_profile(m, args.profile, profiles)
        if profile is None:
            sys.stderr.write("\n".join(out.splitlines()[:40]) + "\n")
            m.error, m.status = reason, "compile-error"
            m.flags = module_flags(m, next(p for p in profiles if p[0] == (args.profile or default_profile[0])))
            print(f"scripts/fuzz: {m.name}: does not compile against libskb's kernel headers: {reason}",
                  file=sys.stderr, flush=True)
            continue
        m.profile, m.profile_reason, m.flags, m.compiled = profile, reason, module_flags(m, profile), True
        print(f"scripts/fuzz: {m.name}: profile {profile[0]} ({reason})", flush=True)
        print(f"  flags: {' '.join(m.flags)}", flush=True)
        if out.strip() and not args.quiet:
            print("  compiler warnings:\n" + "\n".join("    " + l for l in out.splitlines()[:20]), flush=True)
        real = [os.path.realpath(s) for s in m.sources]
        if (len(real) == 1 and real[0] in bundled_paths and profile is default_profile
                and bundled_paths[real[0]] == m.name):
            m.key = m.name  # the fuzz build has it already (fuzz/module/CMakeLists.txt)
        else:
            key = m.name
            i = 2
            while key in keys or key in bundled_names:
                key = f"{m.name}_{i}"
                i += 1
            m.key = key
            to_build.append(m)
        keys.add(m.key)

    ready = [m for m in mods if m.key]
    if ready:
        modules_file = os.path.join(BUILD, "libskb_fuzz_modules.cmake")
        write_modules_cmake(modules_file, to_build)
        configure(modules_file)
        print("scripts/fuzz: building skbtool and the module fuzzers (fuzz preset: libFuzzer + ASan + UBSan)",
              file=sys.stderr, flush=True)
        build_targets(["skbtool"])
    results = {}
    status = 0
    for m in ready:
        ok, out = build_targets([f"fuzz_module_{m.key}", f"module_so_{m.key}"], quiet_fail=True)
        if not ok:
            sys.stderr.write("\n".join(l for l in out.splitlines() if "error" in l or "undefined" in l
                                       or "libskb:" in l)[:4000] + "\n")
            m.compiled, m.error, m.status = False, build_error(out, m), "compile-error"
            print(f"scripts/fuzz: {m.name}: does not link: {m.error}", file=sys.stderr, flush=True)
            continue
        binary = find_binary(f"fuzz_module_{m.key}")
        so = os.path.join(BUILD, "fuzz", "module", f"{m.key}.so")
        env = {"LIBSKB_PROFILE": m.profile[0], "LIBSKB_FUZZ_MODULE_SO": so,
               "LIBSKB_FUZZ_HINTS": module_hints(m.sources)}
        if args.param:
            env["LIBSKB_MODULE_PARAMS"] = "\n".join(args.param)
        out_dir = os.path.join(args.out, m.key)
        os.makedirs(out_dir, exist_ok=True)
        d = module_dict(m.sources, binary + ".dict", os.path.join(out_dir, "module.dict"))
        results[m.name] = fuzz_one(m.name, binary, env, args, out_dir, d)
        m.status = results[m.name]["status"]
    entries = [summary_entry(m, results.get(m.name)) for m in mods]
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(entries, f, indent=1)
    statuses = [e["status"] for e in entries]
    if "found" in statuses:
        status = 1
    elif any(s != "clean" for s in statuses):
        status = 2
    sys.exit(status)


def run_bundled(args):
    """No module given: the bundled example bugs and the seed culprits."""
    modules = [(n, os.path.join(ROOT, p)) for n, p in BUNDLED_MODULES if os.path.exists(os.path.join(ROOT, p))]
    targets = ["skbtool"]
    for n, _ in modules:
        targets += [f"fuzz_module_{n}", f"module_so_{n}"]
    targets += [t for _, t, _ in BUNDLED_TARGETS]
    modules_file = os.path.join(BUILD, "libskb_fuzz_modules.cmake")
    write_modules_cmake(modules_file, [])
    configure(modules_file)
    print(f"scripts/fuzz: building {', '.join(targets)} (fuzz preset: libFuzzer + ASan + UBSan)", file=sys.stderr,
          flush=True)
    build_targets(targets)
    statuses, entries = [], []
    profile = args.profile or "6.12"
    for n, src in modules:
        binary = find_binary(f"fuzz_module_{n}")
        so = os.path.join(BUILD, "fuzz", "module", f"{n}.so")
        env = {"LIBSKB_PROFILE": profile, "LIBSKB_FUZZ_MODULE_SO": so, "LIBSKB_FUZZ_HINTS": module_hints([src])}
        os.makedirs(os.path.join(args.out, n), exist_ok=True)
        d = module_dict([src], binary + ".dict", os.path.join(args.out, n, "module.dict"))
        r = fuzz_one(n, binary, env, args, os.path.join(args.out, n), d)
        statuses.append(r["status"])
        entries.append({"module": n, "dir": os.path.dirname(src), "sources": [src], "compiled": True,
                        "error": r["error"], "profile": profile, "profile_reason": "bundled example",
                        "flags": [], **{k: r[k] for k in ("hooks", "execs", "seconds", "finding", "status")}})
    for display, target, tprofile in BUNDLED_TARGETS:
        binary = find_binary(target)
        env = {}
        if tprofile:
            env["LIBSKB_PROFILE"] = tprofile
        r = fuzz_one(display, binary, env, args, os.path.join(args.out, target), binary + ".dict")
        statuses.append(r["status"])
        entries.append({"module": display, "dir": None, "sources": [], "compiled": True, "error": r["error"],
                        "profile": tprofile or profile, "profile_reason": "bundled op target " + target,
                        "flags": [], **{k: r[k] for k in ("hooks", "execs", "seconds", "finding", "status")}})
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(entries, f, indent=1)
    sys.exit(1 if "found" in statuses else 2 if any(s != "clean" for s in statuses) else 0)


if __name__ == "__main__":
    main()
