#!/usr/bin/env python3
"""What the real modules of the corpus still fail on: writes a GAPS report.

  scripts/compat_gaps.py [--include DIR] [--manifest TSV] [--out GAPS.md] MODULES_DIR

For every module of tests/compat/manifest.tsv found under MODULES_DIR it finds
the sources its Kbuild/Makefile builds (GNU make evaluates the file the way
kbuild would read it: KERNELRELEASE set, obj-m, <mod>-objs/<mod>-y,
ccflags-y/EXTRA_CFLAGS), then runs a syntax-only compile of each against
libskb's headers with the kbuild error flags and the API personality of the
kernel the module targets (manifest column `target`):

  clang -fsyntax-only -std=gnu11 -Werror=implicit-function-declaration
        -Werror=implicit-int -I<include> -DKBUILD_MODNAME=... -D__KBUILD_MODNAME=...
        -DLIBSKB_API_VERSION_CODE=<target>

A missing header stops clang at the first one, so the tool repeats the
compile with an empty stand-in for each missing header (in a temp dir) until
no header is missing, and records every one: the ranking of missing headers
is complete; the errors after a stand-in are indicative only. Errors are
classed (missing header, undeclared function, undeclared identifier, missing
struct member, unknown type, hook/function prototype mismatch, other) and
ranked by how many modules need each item. It is an analysis aid for the
helpers extending the headers, not the measurement (scripts/compat is).
"""

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

PRINT_MK = r"""
__compat_print:
	@echo 'OBJM $(strip $(obj-m) $(obj-y))'
	@$(foreach o,$(strip $(obj-m) $(obj-y)),echo 'OBJS $(o) $(strip $($(o:.o=-objs)) $($(o:.o=-y)))';)
	@echo 'FLAGS $(strip $(ccflags-y) $(EXTRA_CFLAGS) $(ccflags-m) $(subdir-ccflags-y))'
"""


def version_code(target):
    parts = [int(x) for x in target.split(".")] + [0, 0]
    return (parts[0] << 16) + (parts[1] << 8) + min(parts[2], 255)


def read_manifest(path):
    import importlib.machinery
    import importlib.util
    loader = importlib.machinery.SourceFileLoader("compat", os.path.join(ROOT, "scripts", "compat"))
    spec = importlib.util.spec_from_loader("compat", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod.read_manifest(path)


def kbuild_view(mod_dir):
    """(sources, cflags, note) of the module as kbuild would build it."""
    kfile = None
    for n in ("Kbuild", "Makefile", "makefile", "GNUmakefile"):
        if os.path.isfile(os.path.join(mod_dir, n)):
            kfile = n
            break
    if kfile is None:
        srcs = sorted(n for n in os.listdir(mod_dir) if n.endswith(".c"))
        return srcs, [], "no Makefile: all .c files"
    text = open(os.path.join(mod_dir, kfile), encoding="utf-8", errors="replace").read()
    configs = set(re.findall(r"obj-[\$]?[({](CONFIG_\w+)[)}]", text))
    with tempfile.NamedTemporaryFile("w", suffix=".mk", delete=False) as f:
        f.write(PRINT_MK)
        print_mk = f.name
    cmd = ["make", "--no-print-directory", "-s", "-C", mod_dir, "-f", kfile, "-f", print_mk,
           "KERNELRELEASE=6.12.0", f"KBUILD_EXTMOD={mod_dir}", f"M={mod_dir}",
           f"src={mod_dir}", f"obj={mod_dir}", f"PWD={mod_dir}", "__compat_print"]
    cmd += [f"{c}=m" for c in configs]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    os.unlink(print_mk)
    objm, objs, flags = [], {}, []
    for line in proc.stdout.splitlines():
        if line.startswith("OBJM "):
            objm = line.split()[1:]
        elif line.startswith("OBJS "):
            p = line.split()
            objs[p[1]] = p[2:]
        elif line.startswith("FLAGS "):
            flags = line.split()[1:]
    if not objm:
        return [], [], f"{kfile}: no obj-m found ({proc.stderr.strip()[:200]})"
    srcs = []
    for o in objm:
        parts = objs.get(o) or [o]
        for p in parts:
            p = os.path.normpath(p)
            srcs.append(p[:-2] + ".c" if p.endswith(".o") else p)
    keep = []
    i = 0
    while i < len(flags):
        fl = flags[i]
        if fl in ("-I", "-D") and i + 1 < len(flags):
            fl = fl + flags[i + 1]
            i += 1
        if fl.startswith("-I") or fl.startswith("-D") or fl.startswith("-U") or fl.startswith("-include"):
            if fl.startswith("-I") and not os.path.isabs(fl[2:]):
                fl = "-I" + os.path.join(mod_dir, fl[2:])
            keep.append(fl)
        i += 1
    note = f"{kfile}: obj-m {' '.join(objm)}" + (f" ({', '.join(sorted(configs))}=m)" if configs else "")
    return srcs, keep, note


# Facts found by reading the corpus that a ranking cannot show (kept with the tool).
NOTES = """
## Notes from reading the corpus (not derivable from the ranking)

- `NF_IP_PRE_ROUTING` ... `NF_IP_NUMHOOKS` are userspace-only in every kernel the profiles cover
  (`#ifndef __KERNEL__` in `uapi/linux/netfilter_ipv4.h`, since the NF_INET_* conversion in 2.6.25).
  `geek0x0_hook` declares its own `enum { NF_IP_PRE_ROUTING, ... }` and so fails ("expected
  identifier") while libskb's `<linux/netfilter_ipv4.h>` `#include_next`s the installed uapi copy, which
  defines them unconditionally. Kernel-mode personalities must not define them.
- Kernel headers that libskb lacks are silently taken from /usr/include (the installed uapi copies):
  see the "system uapi header used instead" table. `wj_firewall` fails on that (`<linux/time.h>` from
  /usr/include redefines `struct timeval`); others compile against userspace declarations by accident.
- Hook prototypes: hooknum-first modules assign `unsigned (*)(unsigned, skb, in, out, okfn)` to `.hook`;
  some cast it (`(nf_hookfn *)hook_func`), which compiles under every personality but calls with the
  wrong arguments unless the harness calls with the personality's prototype. kbuild has
  `-Werror=incompatible-pointer-types` (v4.8+), so uncast mismatches are errors there.
- `.owner` in `struct nf_hook_ops` exists up to 4.3 (removed in 4.4); several 2.6/3.x modules set it.
  `netfilter_ivi` initialises `nf_hook_ops` positionally from `list : { NULL, NULL }` (2.6-era `.list`).
- The C99 names are the kernel's: `uint64_t` is `__u64` (unsigned long long on x86_64), not glibc's
  unsigned long. `nst_tunnel` declares `bool nst_replay_check(u64, u64)` and defines it with
  `uint64_t`: fine in the kernel, "conflicting types" wherever glibc's `<stdint.h>` wins.
- Transitive includes matter: many modules call `kmalloc`/`kfree` having included only
  `<linux/module.h>`, `<linux/netfilter.h>` or `<linux/skbuff.h>`; in the kernel these reach
  `<linux/slab.h>` indirectly (as `<linux/skbuff.h>` does through `<linux/netdevice.h>`/`<net/sock.h>`
  paths), so the personality's headers should include what the kernel's include.
- Corpus criteria: hook modules written for 2.6.25 or later (`struct sk_buff *` hooks, NF_INET_* names);
  modules whose own Makefile does not match their sources, or that need a generated header
  (key, host table), were left out, as were xtables targets without nf_hook_ops.
"""

CLASSES = [
    ("missing header", re.compile(r"fatal error: '([^']+)' file not found")),
    ("undeclared function", re.compile(r"(?:call to undeclared function|implicit declaration of function) '([^']+)'")),
    ("undeclared identifier", re.compile(r"use of undeclared identifier '([^']+)'")),
    ("missing struct member", re.compile(r"no member named '([^']+)' in '([^']+)'")),
    ("missing struct member", re.compile(r"field designator '([^']+)' does not refer to any field in type '([^']+)'")),
    ("unknown type", re.compile(r"unknown type name '([^']+)'")),
    ("incomplete type", re.compile(r"(?:variable has incomplete type|incomplete definition of type|field has incomplete type|invalid application of 'sizeof' to an incomplete type) '([^']+)'")),
    ("prototype mismatch", re.compile(r"incompatible (?:function )?pointer types? (?:initializing|assigning to|passing) '([^']+)'.* with an expression of type '([^']+)'")),
]
ERROR_RE = re.compile(r"^(.*?):(\d+):(\d+): (?:fatal )?error: (.*)$")
# clang -H: ". /usr/include/linux/time.h" for a kernel header that libskb lacks.
HDR_RE = re.compile(r"^(\.+) (\S+)$")
WARN_RE = re.compile(r"^(.*?):(\d+):(\d+): warning: (incompatible .*)$")


def classify(msg):
    for cls, rx in CLASSES:
        m = rx.search(msg if cls != "missing header" else "fatal error: " + msg)
        if m:
            g = [x for x in m.groups() if x]
            if cls == "missing struct member" and len(g) == 2:
                return cls, f"{g[1]}.{g[0]}"
            if cls == "prototype mismatch" and len(g) == 2:
                return cls, f"{g[1]}  ->  {g[0]}"
            return cls, (g[0] if g else msg)
    return "other", msg


def compile_module(mod_dir, name, srcs, flags, include, code, stubs_root):
    """Runs the syntax check; returns (first_error, [(class, item, msg, file)])."""
    stub_dir = os.path.join(stubs_root, name)
    shutil.rmtree(stub_dir, ignore_errors=True)
    os.makedirs(stub_dir)
    base = ["clang", "-fsyntax-only", "-std=gnu11", "-ferror-limit=0",
            "-Werror=implicit-function-declaration", "-Werror=implicit-int",
            f"-I{include}", f"-DKBUILD_MODNAME=\"{name}\"", f"-D__KBUILD_MODNAME=kmod_{name}",
            f"-DLIBSKB_API_VERSION_CODE={hex(code)}", "-Wno-everything",
            # kbuild's -Werror=incompatible-pointer-types (v4.8+): shows hook prototypes
            # that do not match the personality's nf_hookfn (reported, not counted as errors).
            "-Wincompatible-pointer-types", "-Wincompatible-function-pointer-types",
            "-Werror=implicit-function-declaration", "-Werror=implicit-int"]
    issues, first = [], None
    for src in srcs:
        path = os.path.join(mod_dir, src)
        if not os.path.isfile(path):
            msg = f"{src}: source named by the Makefile does not exist"
            issues.append(("missing source", src, msg, src))
            first = first or msg
            continue
        seen_hdr, sys_hdrs = set(), set()
        for _ in range(40):
            cmd = base + flags + ["-H", f"-I{mod_dir}", f"-idirafter{stub_dir}", path]
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=mod_dir, timeout=120)
            errs = []
            stack = [path]  # stack[d] = file at include depth d (clang -H)
            for line in proc.stderr.splitlines():
                hm = HDR_RE.match(line)
                if hm:
                    depth = len(hm.group(1))
                    hdr = hm.group(2)
                    del stack[depth:]
                    includer = stack[-1] if stack else path
                    stack.append(hdr)
                    # Only headers a module file includes itself: a kernel header libskb
                    # lacks, silently taken from the system's uapi copy.
                    m2 = re.match(r"/usr/include/((?:linux|asm|asm-generic|net|uapi)/.*\.h)$", hdr)
                    if (m2 and os.path.abspath(includer).startswith(mod_dir + os.sep)
                            and not os.path.exists(os.path.join(include, m2.group(1)))
                            and m2.group(1) not in sys_hdrs):
                        sysrel = m2.group(1)
                        sys_hdrs.add(sysrel)
                        issues.append(("system uapi header used instead (no libskb header)", sysrel,
                                       f"<{sysrel}> resolved to /usr/include/{sysrel}", src))
                    continue
                m = ERROR_RE.match(line)
                if m:
                    errs.append((m.group(1), int(m.group(2)), m.group(4)))
            missing = None
            for f, ln, msg in errs:
                m = re.match(r"'([^']+)' file not found", msg)
                if m:
                    missing = m.group(1)
                    break
            if missing and missing not in seen_hdr:
                seen_hdr.add(missing)
                rel = os.path.relpath(f, mod_dir) if f.startswith(mod_dir) else f
                text = f"{rel}:{ln}: '{missing}' file not found"
                issues.append(("missing header", missing, text, src))
                first = first or text
                stub = os.path.join(stub_dir, missing)
                os.makedirs(os.path.dirname(stub), exist_ok=True)
                open(stub, "w").close()
                continue
            for line in proc.stderr.splitlines():
                m = WARN_RE.match(line)
                if m and "nf_hookfn" in m.group(4):
                    cls, item = classify(m.group(4))
                    rel = os.path.relpath(m.group(1), mod_dir) if m.group(1).startswith(mod_dir) else m.group(1)
                    issues.append(("hook prototype (warning)", item, f"{rel}:{m.group(2)}: {m.group(4)}", src))
            for f, ln, msg in errs:
                cls, item = classify(msg)
                rel = os.path.relpath(f, mod_dir) if f.startswith(mod_dir) else f
                text = f"{rel}:{ln}: {msg}"
                issues.append((cls, item, text, src))
                if first is None and not seen_hdr:
                    first = text
            break
    return first, issues


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("modules_dir")
    ap.add_argument("--include", default=os.path.join(ROOT, "libskb", "include"))
    ap.add_argument("--manifest", default=os.path.join(ROOT, "tests", "compat", "manifest.tsv"))
    ap.add_argument("--out", default="-")
    ap.add_argument("--only", nargs="*", help="module names")
    args = ap.parse_args()
    rows = read_manifest(args.manifest)
    stubs_root = tempfile.mkdtemp(prefix="compat-gaps-")
    per_module = {}
    ranking = collections.defaultdict(lambda: collections.defaultdict(set))
    for row in rows:
        name = row["name"]
        if args.only and name not in args.only:
            continue
        mod_dir = os.path.join(os.path.abspath(args.modules_dir), name)
        if not os.path.isdir(mod_dir):
            per_module[name] = (row, "-", "module dir missing (scripts/compat --restore-from-mirror)", [], "")
            continue
        srcs, flags, note = kbuild_view(mod_dir)
        code = version_code(row["target"])
        first, issues = compile_module(mod_dir, name, srcs, flags, args.include, code, stubs_root)
        per_module[name] = (row, srcs, first, issues, note)
        for cls, item, _, _ in issues:
            ranking[cls][item].add(name)
    shutil.rmtree(stubs_root, ignore_errors=True)

    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    total = len(per_module)
    ok = sum(1 for v in per_module.values() if v[2] is None)
    w = lambda s="": print(s, file=out)
    w("# GAPS: what the real modules of the compatibility corpus fail on")
    w()
    w(f"Generated by `scripts/compat_gaps.py` (branch h-corpus) against `{args.include}`.")
    w("Each module is syntax-checked (clang -fsyntax-only -std=gnu11 -Werror=implicit-function-declaration")
    w("-Werror=implicit-int, KBUILD_MODNAME, LIBSKB_API_VERSION_CODE of the kernel it targets) with the sources")
    w("its Kbuild/Makefile builds. Missing headers are all found (an empty stand-in replaces each one and the")
    w("compile is repeated); errors reported after a stand-in are indicative only, they may vanish or change")
    w("once the real header exists. Module sources: /work/compat/modules/<name>/ (scripts/compat")
    w("--restore-from-mirror re-creates them). Manifest: tests/compat/manifest.tsv.")
    w()
    w(f"**Syntax check passes: {ok}/{total} modules.**")
    w()
    w(NOTES.strip())
    w()
    order = ["missing source", "missing header", "system uapi header used instead (no libskb header)",
             "prototype mismatch", "hook prototype (warning)", "undeclared function",
             "undeclared identifier", "missing struct member", "unknown type", "incomplete type", "other"]
    for cls in order:
        items = ranking.get(cls)
        if not items:
            continue
        w(f"## {cls} (ranked by modules needing it)")
        w()
        w("| modules | item | which |")
        w("| ---: | --- | --- |")
        for item, mods in sorted(items.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            shown = str(item).replace("|", "\\|")
            if len(shown) > 140:
                shown = shown[:137] + "..."
            w(f"| {len(mods)} | `{shown}` | {', '.join(sorted(mods))} |")
        w()
    w("## Per module: first error")
    w()
    w("| module | target API | sources | first error |")
    w("| --- | --- | --- | --- |")
    for name, (row, srcs, first, issues, note) in per_module.items():
        s = srcs if isinstance(srcs, str) else f"{len(srcs)} ({', '.join(srcs)})"
        fe = (first or "OK (syntax check passes)").replace("|", "\\|")
        w(f"| {name} | {row['target']} ({row['api']}) | {s} | `{fe}` |")
    w()
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
