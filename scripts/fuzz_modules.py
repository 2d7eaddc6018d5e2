#!/usr/bin/env python3
"""The body of scripts/fuzz: build the module fuzzers, run them, report.

For each module (or, with none given, each bundled example bug) it builds
fuzz_module_<name> with the fuzz preset (libFuzzer + ASan + UBSan), runs it
from an empty corpus for at most --time seconds (stopping at the first
finding), shows progress every few seconds and ends the module's block with
one line:

  FOUND <kind> in <hook> (profile <name>) after <N> execs, <T> s; reproducer: <path>
  NO FINDINGS in <T> s, <N> execs

The last line of the output is the last module's line. Exit status: 1 if
anything was found, 0 if not, 2 for bad arguments, a module that does not
compile against libskb's headers or registers no netfilter hook.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import threading
import time

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


def syntax_check(path, name):
    """Compiles the module alone first, so a module that does not build
    against libskb's headers gets the compiler's message and exit 2."""
    cmd = ["clang", "-fsyntax-only", "-std=gnu11", "-Wall", "-fno-sanitize=alignment",
           "-I", os.path.join(ROOT, "libskb", "include"), "-I", os.path.dirname(path),
           f'-DKBUILD_MODNAME="{name}"', f"-D__KBUILD_MODNAME=kmod_{name}", path]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stdout)
        die(f"{path} does not compile against libskb's kernel headers (libskb/include); "
            "docs/fuzzing.md lists the headers and APIs that exist")


def build(user_modules, targets):
    modules = ";".join(user_modules)
    run_quiet(["cmake", "--preset", "fuzz", "-B", BUILD, f"-DLIBSKB_FUZZ_MODULES={modules}"],
              "configuring the fuzz preset", cwd=ROOT)
    print(f"scripts/fuzz: building {', '.join(targets)} (fuzz preset: libFuzzer + ASan + UBSan)", file=sys.stderr,
          flush=True)
    run_quiet(["cmake", "--build", BUILD, "-j2", "--target", *targets], "building", cwd=ROOT)


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


def fuzz_one(name, binary, env_extra, args, out_dir, dict_path, cmd_prefix=()):
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
    if not args.quiet:
        print(f"== {name}: fuzzing for up to {args.time} s (profile {args.profile}, {args.jobs} job(s)); "
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
        return 1, elapsed
    if rc == 2 or any("libskb module fuzzer: error:" in l for l in run.lines):
        for l in run.lines[-20:]:
            print(l, file=sys.stderr)
        die(f"{name}: the fuzzer could not start (see above)")
    crash = sorted(glob.glob(os.path.join(out_dir, "crash-*")) + glob.glob(os.path.join(out_dir, "timeout-*")) +
                   glob.glob(os.path.join(out_dir, "oom-*")) + glob.glob(os.path.join(out_dir, "leak-*")))
    if rc != 0 and crash:
        for l in report_block(run.lines):
            print(l)
        kind = os.path.basename(crash[0]).split("-")[0]
        print(f"FOUND libFuzzer {kind} in {name} (profile {args.profile}) after {run.execs} execs, {elapsed:.1f} s; "
              f"reproducer: {crash[0]}", flush=True)
        return 1, elapsed
    if rc != 0:
        for l in run.lines[-30:]:
            print(l, file=sys.stderr)
        die(f"{name}: the fuzzer exited with status {rc} without a finding (log {out_dir}/fuzz.log)")
    execs = run.execs
    for l in run.lines:
        m = re.match(r"stat::number_of_executed_units:\s*(\d+)", l)
        if m:
            execs = max(execs, int(m.group(1)))
    print(f"NO FINDINGS in {elapsed:.1f} s, {execs} execs", flush=True)
    return 0, elapsed


def main():
    ap = argparse.ArgumentParser(prog="scripts/fuzz", description=__doc__.split("\n\n")[0])
    ap.add_argument("modules", nargs="*", metavar="MODULE.c")
    ap.add_argument("--profile", default="6.12")
    ap.add_argument("--time", type=int, default=60, help="seconds per module (default 60)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "fuzz-out"))
    ap.add_argument("--seed", type=int, default=None, help="libFuzzer -seed (default: random)")
    ap.add_argument("--quiet", action="store_true", help="no progress lines")
    try:
        args = ap.parse_args()
    except SystemExit as e:
        sys.exit(2 if e.code else 0)
    if args.time <= 0:
        die(f"--time {args.time}: must be a positive number of seconds")
    if args.jobs <= 0:
        die(f"--jobs {args.jobs}: must be at least 1")
    args.out = os.path.abspath(args.out)

    # Modules the fuzz build always has (fuzz/module/CMakeLists.txt): the
    # bundled bugs and every examples/modules/*.c.
    bundled = {os.path.realpath(os.path.join(ROOT, p)): n for n, p in BUNDLED_MODULES}
    for p in glob.glob(os.path.join(ROOT, "examples", "modules", "*.c")):
        bundled.setdefault(os.path.realpath(p), module_name(p))
    modules, user = [], []
    for m in args.modules:
        if not os.path.isfile(m):
            die(f"{m}: no such file")
        if not m.endswith(".c"):
            die(f"{m}: not a C source file (.c)")
        real = os.path.realpath(m)
        name = bundled.get(real) or module_name(m)
        if real not in bundled:
            syntax_check(real, name)
            user.append(real)
        modules.append((name, real))
    targets_run = []
    if not args.modules:
        modules = [(n, os.path.join(ROOT, p)) for n, p in BUNDLED_MODULES if os.path.exists(os.path.join(ROOT, p))]
        targets_run = BUNDLED_TARGETS

    build_targets = ["skbtool"]
    for n, _ in modules:
        build_targets += [f"fuzz_module_{n}", f"module_so_{n}"]
    build_targets += [t for _, t, _ in targets_run]
    build(user, build_targets)

    status = 0
    for n, src in modules:
        binary = find_binary(f"fuzz_module_{n}")
        so = os.path.join(BUILD, "fuzz", "module", f"{n}.so")
        env = {"LIBSKB_PROFILE": args.profile, "LIBSKB_FUZZ_MODULE_SO": so, "LIBSKB_FUZZ_HINTS": module_hints([src])}
        os.makedirs(os.path.join(args.out, n), exist_ok=True)
        d = module_dict([src], binary + ".dict", os.path.join(args.out, n, "module.dict"))
        found, _ = fuzz_one(n, binary, env, args, os.path.join(args.out, n), d)
        status = max(status, found)
    for display, target, profile in targets_run:
        binary = find_binary(target)
        env = {}
        if profile:
            env["LIBSKB_PROFILE"] = profile
        found, _ = fuzz_one(display, binary, env, args, os.path.join(args.out, target), binary + ".dict")
        status = max(status, found)
    sys.exit(status)


if __name__ == "__main__":
    main()
