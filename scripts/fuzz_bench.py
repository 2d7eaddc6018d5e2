#!/usr/bin/env python3
"""The body of scripts/fuzz-bench: time to bug and fuzzer throughput.

Time to bug: every bundled example bug (scripts/fuzz's list) is fuzzed from an
empty corpus, pinned to one core, --trials times with libFuzzer seeds
1..trials; the seconds to the first finding are recorded per trial and the
median reported (a trial that finds nothing within --cap seconds counts as
not found). Target: every bug found, median under 30 s.

Throughput: every fuzz target (the op targets and the module fuzzers of the
correct example modules) runs --throughput-time seconds over a copy of its
seed corpus, in the fuzz preset (ASan + UBSan) and in fuzz-nosan (libFuzzer
alone); execs/s = libFuzzer's executed units / wall seconds.

Writes build/fuzz-bench/results.json and the table between the fuzz-bench
markers of docs/fuzzing.md.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzz_modules as fm  # noqa: E402

ROOT = fm.ROOT
OUT = os.path.join(ROOT, "build", "fuzz-bench")
DOC = os.path.join(ROOT, "docs", "fuzzing.md")
BEGIN, END = "<!-- fuzz-bench:begin -->", "<!-- fuzz-bench:end -->"
OP_TARGETS = ["fuzz_skb_ops", "fuzz_skb_queue", "fuzz_tcp_write_queue", "fuzz_nf_writable"]
CORRECT_MODULES = [("nf_ttl_clamp", "examples/modules/nf_ttl_clamp.c"),
                   ("nf_udp_portmap", "examples/modules/nf_udp_portmap.c")]


# Build directories (LIBSKB_FUZZ_BUILD_DIR / LIBSKB_FUZZ_NOSAN_BUILD_DIR move them).
DIRS = {"fuzz": fm.BUILD,
        "fuzz-nosan": os.environ.get("LIBSKB_FUZZ_NOSAN_BUILD_DIR", os.path.join(ROOT, "build", "fuzz-nosan"))}


def build(preset, targets):
    fm.run_quiet(["cmake", "--preset", preset, "-B", DIRS[preset]], f"configuring {preset}", cwd=ROOT)
    fm.run_quiet(["cmake", "--build", DIRS[preset], "-j2", "--target", *targets], f"building {preset}", cwd=ROOT)


def binary(preset, target):
    for d in ("fuzz/module", "fuzz"):
        p = os.path.join(DIRS[preset], d, target)
        if os.path.exists(p):
            return p
    fm.die(f"no {target} in build/{preset}")


def one_trial(name, exe, env_extra, seed, cap, out_dir, dict_path):
    """Seconds to the first finding, or None."""
    args = argparse.Namespace(time=cap, seed=seed, jobs=1, profile=env_extra.get("LIBSKB_PROFILE", "6.12"),
                              quiet=True)
    prefix = ("taskset", "-c", "0") if shutil.which("taskset") else ()  # one core, as the target says
    r = fm.fuzz_one(name, exe, env_extra, args, out_dir, dict_path, cmd_prefix=prefix)
    return r["seconds"] if r["status"] == "found" else None


def throughput(exe, corpus, seconds, env_extra):
    work = tempfile.mkdtemp(prefix="fuzz-bench-")
    try:
        if corpus and os.path.isdir(corpus):
            shutil.copytree(corpus, os.path.join(work, "corpus"))
        else:
            os.makedirs(os.path.join(work, "corpus"))
        env = dict(os.environ)
        env.update(env_extra)
        env["LIBSKB_FUZZ_OUT"] = work
        cmd = ["taskset", "-c", "0"] if shutil.which("taskset") else []
        # As scripts/fuzz runs them: libFuzzer's per-input leak tracing off
        # (the runner checks leaks per program itself).
        cmd += [exe, os.path.join(work, "corpus"), f"-max_total_time={seconds}", "-print_final_stats=1",
                f"-artifact_prefix={work}/", "-detect_leaks=0"]
        t0 = time.monotonic()
        r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           errors="replace")
        wall = time.monotonic() - t0
        m = re.search(r"stat::number_of_executed_units:\s*(\d+)", r.stdout)
        units = int(m.group(1)) if m else 0
        return {"execs": units, "seconds": round(wall, 2), "execs_per_s": round(units / wall, 1) if wall else 0,
                "exit": r.returncode}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_doc(res):
    lines = [BEGIN, "",
             f"Measured by `scripts/fuzz-bench` on {res['host']} ({res['date']}), {res['trials']} trials per bug, "
             f"cap {res['cap']} s, pinned to one core.", "",
             "| bundled bug | found | median s | trials (s) |", "|---|---|---|---|"]
    for b in res["time_to_bug"]:
        trials = ", ".join("-" if t is None else f"{t:.1f}" for t in b["trials"])
        med = "-" if b["median"] is None else f"{b['median']:.1f}"
        lines.append(f"| {b['name']} | {b['found']}/{len(b['trials'])} | {med} | {trials} |")
    lines += ["", "| fuzz target | execs/s ASan+UBSan | execs/s no sanitizer |", "|---|---|---|"]
    for t in res["throughput"]:
        lines.append(f"| {t['target']} | {t['asan_ubsan']['execs_per_s']} | {t['nosan']['execs_per_s']} |")
    lines += ["", END]
    doc = open(DOC).read() if os.path.exists(DOC) else ""
    block = "\n".join(lines)
    if BEGIN in doc and END in doc:
        doc = doc[:doc.index(BEGIN)] + block + doc[doc.index(END) + len(END):]
    else:
        doc += "\n## Measured: time to bug and throughput\n\n" + block + "\n"
    with open(DOC, "w") as f:
        f.write(doc)


def main():
    ap = argparse.ArgumentParser(prog="scripts/fuzz-bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--cap", type=int, default=120, help="seconds per trial before it counts as not found")
    ap.add_argument("--throughput-time", type=int, default=20)
    ap.add_argument("--only", default=None, help="only the bugs/targets whose name contains this")
    args = ap.parse_args()
    if args.trials <= 0 or args.cap <= 0 or args.throughput_time <= 0:
        fm.die("--trials, --cap and --throughput-time must be positive")

    bugs = [(n, f"fuzz_module_{n}", {"LIBSKB_PROFILE": "6.12",
                                      "LIBSKB_FUZZ_HINTS": fm.module_hints([os.path.join(ROOT, p)])})
            for n, p in fm.BUNDLED_MODULES if os.path.exists(os.path.join(ROOT, p))]
    bugs += [(d, t, {"LIBSKB_PROFILE": p} if p else {}) for d, t, p in fm.BUNDLED_TARGETS]
    correct = [(n, p) for n, p in CORRECT_MODULES if os.path.exists(os.path.join(ROOT, p))]
    tput = [(t, os.path.join(ROOT, "corpus", t)) for t in OP_TARGETS]
    tput += [(f"fuzz_module_{n}", None) for n, _ in correct]
    if args.only:
        bugs = [b for b in bugs if args.only in b[0] or args.only in b[1]]
        tput = [t for t in tput if args.only in t[0]]

    targets = sorted({b[1] for b in bugs} | {t[0] for t in tput})
    print(f"fuzz-bench: building {len(targets)} targets in the fuzz and fuzz-nosan presets", flush=True)
    build("fuzz", targets)
    build("fuzz-nosan", [t[0] for t in tput])

    res = {"host": os.uname().nodename, "date": time.strftime("%Y-%m-%d"), "trials": args.trials, "cap": args.cap,
           "time_to_bug": [], "throughput": []}
    for name, target, env in bugs:
        exe = binary("fuzz", target)
        times = []
        for seed in range(1, args.trials + 1):
            out = os.path.join(OUT, name.replace(" ", "_"), f"seed{seed}")
            os.makedirs(out, exist_ok=True)
            src = dict((n, p) for n, p in fm.BUNDLED_MODULES).get(name)
            d = fm.module_dict([os.path.join(ROOT, src)], exe + ".dict", os.path.join(out, "module.dict")) if src \
                else exe + ".dict"
            t = one_trial(name, exe, env, seed, args.cap, out, d)
            times.append(t)
            print(f"  {name} seed {seed}: {'not found' if t is None else f'{t:.1f} s'}", flush=True)
        found = [t for t in times if t is not None]
        med = statistics.median(found) if len(found) == len(times) else None
        res["time_to_bug"].append({"name": name, "target": target, "trials": times, "found": len(found),
                                   "median": med})
        print(f"{name}: found {len(found)}/{len(times)}, median {'-' if med is None else f'{med:.1f} s'}", flush=True)
    for target, corpus in tput:
        row = {"target": target}
        for preset, key in (("fuzz", "asan_ubsan"), ("fuzz-nosan", "nosan")):
            row[key] = throughput(binary(preset, target), corpus, args.throughput_time, {})
        res["throughput"].append(row)
        print(f"{target}: {row['asan_ubsan']['execs_per_s']} execs/s (ASan+UBSan), "
              f"{row['nosan']['execs_per_s']} execs/s (no sanitizer)", flush=True)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(res, f, indent=2)
    write_doc(res)
    ok = all(b["median"] is not None and b["median"] < 30 for b in res["time_to_bug"])
    print(f"fuzz-bench: {'every bug found, median < 30 s' if ok else 'target missed'}; "
          f"results in {OUT}/results.json and docs/fuzzing.md", flush=True)


if __name__ == "__main__":
    main()
