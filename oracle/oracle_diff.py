#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Diff the kernel's and libskb's answers to the oracle programs.

  oracle_diff.py compare KERNEL USER [--json OUT]
      KERNEL, USER: outputs of the KUnit suite (console log; lines after
      "skb_oracle: ") and of skb_oracle_user. Prints agreement per field class
      and the first diverging operation of the first diverging program.
      Exit 0 iff logical agreement is 100% and both sides ran every program.

  oracle_diff.py --replay BIN --expected FILE [--programs N]
      The ctest: runs BIN (skb_oracle_user) twice over the first N programs of
      FILE (a recorded kernel output), checks the two runs are identical, that
      no WARN/BUG was reported, and that every logical answer matches the
      kernel's. Allocator-dependent differences are reported, not failed.

Field classes (docs/oracle.md):
  logical    everything left of " | " in a trace line: op, return value,
             len, data_len, headlen, headroom, frags, frag_list, clone flags,
             dataref, users, ip_summed, byte hashes, page refcounts;
             per program: the first hash of the P line.
  allocator  second part: tailroom, truesize, end, head_frag (kmalloc size
             classes, page-fragment heads); the second hash.
  arch       third part: the unfolded 32-bit sum skb_checksum returns (arch
             csum_partial; the folded sum is logical); the third hash.
"""
import argparse
import collections
import json
import re
import subprocess
import sys

PREFIX = re.compile(r"^.*?skb_oracle: ")


def parse(lines):
    """-> (summaries {idx: (hl, ha, hx, ops)}, traces {idx: [line]}, warns, done,
    reproducers {name: line})"""
    summ, traces, warns, done = {}, collections.defaultdict(list), [], None
    repros = {}
    lines = list(lines)
    # Kernel logs: only what happens inside the suite counts (UML's own boot
    # warnings do not).
    start = next((n for n, l in enumerate(lines) if "Subtest: skb_oracle" in l), 0)
    for pos, raw in enumerate(lines):
        raw = raw.rstrip("\n")
        if "skb_oracle: " in raw:
            line = PREFIX.sub("", raw)
        else:
            line = raw
        if line.startswith("P "):
            _, i, hl, ha, hx, ops = line.split()
            summ[int(i)] = (hl, ha, hx, int(ops))
        elif line.startswith("T "):
            _, i, rest = line.split(" ", 2)
            traces[int(i)].append(rest)
        elif line.startswith("R "):
            _, name, rest = line.split(" ", 2)
            repros[name] = rest
        elif line.startswith("W "):
            warns.append(line)
        elif line.startswith("DONE "):
            done = int(line.split()[1])
        elif pos >= start and re.search(r"WARNING:|kernel BUG|BUG:|Oops|refcount_t:", raw):
            warns.append(raw)
    return summ, traces, warns, done, repros


CLASSES = ("logical", "allocator", "arch")


def split_line(t):
    parts = [x.strip() for x in t.split(" | ")]
    return tuple((parts + ["", "", ""])[:3])


def fields(part):
    """'s0 len=1 dl=0 ...' -> ('s0', {'len': '1', ...}); op lines keep the op."""
    toks = part.split()
    head = toks[0] if toks and "=" not in toks[0] else ""
    d = {}
    for j, t in enumerate(toks[1:] if head else toks):
        k, eq, v = t.partition("=")
        d[k if eq else "arg%d" % j] = v if eq else t
    return head, d


def op_of(trace, upto):
    for j in range(upto, -1, -1):
        l = split_line(trace[j])[0]
        if re.match(r"^o\d+ |^end|^freed", l):
            return j
    return 0


def first_divergence(kt, ut, cls):
    """First line index where the class part differs."""
    for j in range(max(len(kt), len(ut))):
        if j >= len(kt) or j >= len(ut):
            return j
        c = CLASSES.index(cls)
        if split_line(kt[j])[c] != split_line(ut[j])[c]:
            return j
    return None


def field_stats(ktr, utr, idxs):
    """Per-field agreement over traced programs (lines compared positionally
    up to the first logical divergence, where the programs part ways)."""
    stats = collections.defaultdict(lambda: [0, 0])
    for i in idxs:
        kt, ut = ktr[i], utr[i]
        stop = first_divergence(kt, ut, "logical")
        n = len(kt) if stop is None else stop + 1
        for j in range(min(n, len(kt), len(ut))):
            for cls, kp, up in zip(CLASSES, split_line(kt[j]), split_line(ut[j])):
                kh, kd = fields(kp)
                uh, ud = fields(up)
                if cls == "logical" and re.match(r"^o\d+$", kh):
                    key = "op:" + kp.split()[1]
                    stats[(cls, key)][0] += kp == up
                    stats[(cls, key)][1] += 1
                    continue
                for k in set(kd) | set(ud):
                    if k.startswith("arg"):
                        continue
                    stats[(cls, k)][0] += kd.get(k) == ud.get(k)
                    stats[(cls, k)][1] += 1
    return stats


def show_divergence(i, kt, ut, cls, out):
    j = first_divergence(kt, ut, cls)
    if j is None:
        out.append("  (traces identical for this class)")
        return
    o = op_of(kt, min(j, len(kt) - 1))
    out.append("  first diverging operation (program %d, trace line %d):" % (i, j))
    for name, t in (("kernel", kt), ("libskb", ut)):
        out.append("  --- %s" % name)
        for line in t[o:j + 1]:
            out.append("    " + line)


def compare(kfile, ufile, json_out=None):
    with open(kfile, errors="replace") as f:
        ks, ktr, kw, kdone, kr = parse(f)
    with open(ufile, errors="replace") as f:
        us, utr, uw, udone, ur = parse(f)
    common = sorted(set(ks) & set(us))
    n = len(common)
    lag = sum(ks[i][0] == us[i][0] for i in common)
    aag = sum(ks[i][1] == us[i][1] for i in common)
    xag = sum(ks[i][2] == us[i][2] for i in common)
    both = sum(ks[i][:3] == us[i][:3] for i in common)
    ops = sum(ks[i][3] for i in common)
    out = []
    out.append("programs: kernel %d, libskb %d, compared %d (%d operations)" % (len(ks), len(us), n, ops))
    if n:
        out.append("logical agreement:            %d/%d programs (%.4f%%)" % (lag, n, 100.0 * lag / n))
        out.append("allocator-dependent agreement: %d/%d programs (%.4f%%)" % (aag, n, 100.0 * aag / n))
        out.append("arch (unfolded csum) agreement: %d/%d programs (%.4f%%)" % (xag, n, 100.0 * xag / n))
        out.append("full agreement:               %d/%d programs (%.4f%%)" % (both, n, 100.0 * both / n))
    if kw:
        out.append("kernel WARN/BUG lines: %d (first: %s)" % (len(kw), kw[0]))
    if uw:
        out.append("libskb WARN/BUG reports: %d (first: %s)" % (len(uw), uw[0]))
    traced = sorted(set(ktr) & set(utr))
    result = {"programs": n, "logical": lag, "allocator": aag, "arch": xag, "full": both, "operations": ops,
              "traced": len(traced)}
    if traced:
        st = field_stats(ktr, utr, traced)
        out.append("per-field agreement over %d traced programs (values compared):" % len(traced))
        for cls in CLASSES:
            bad = [(k, v) for (c, k), v in sorted(st.items()) if c == cls and v[0] != v[1]]
            tot = sum(v[1] for (c, k), v in st.items() if c == cls)
            ok = sum(v[0] for (c, k), v in st.items() if c == cls)
            out.append("  %-9s %d/%d values agree%s" % (cls, ok, tot, "" if not bad else "; differing fields:"))
            for k, v in bad:
                out.append("      %-24s %d/%d" % (k, v[0], v[1]))
        # which op first diverges, per class
        for cls in CLASSES:
            hist = collections.Counter()
            for i in traced:
                j = first_divergence(ktr[i], utr[i], cls)
                if j is not None and j < len(ktr[i]):
                    o = op_of(ktr[i], j)
                    l = split_line(ktr[i][o])[0]
                    hist[l.split()[1] if re.match(r"^o\d+ ", l) else l.split()[0]] += 1
            if hist:
                out.append("  first %s divergence by operation: %s" % (cls, ", ".join("%s %d" % kv for kv in hist.most_common())))
            result["first_" + cls] = dict(hist)
        # Logical divergences that follow an allocator divergence in the same
        # program: the kernel itself branches on tailroom (skb_condense,
        # __pskb_pull_tail's eat, pskb_expand_head), so these are expected
        # consequences of the allocator difference, not separate bugs.
        lbad = [i for i in traced if first_divergence(ktr[i], utr[i], "logical") is not None]
        after = [i for i in lbad
                 if (first_divergence(ktr[i], utr[i], "allocator") or 1 << 30)
                 < first_divergence(ktr[i], utr[i], "logical")]
        if lbad:
            out.append("  logical divergences preceded by an allocator divergence: %d/%d (programs %s)"
                       % (len(after), len(lbad), " ".join(map(str, lbad[:20]))))
        result["logical_after_allocator"] = [len(after), len(lbad)]
    if kr or ur:
        out.append("reproducers of known divergences (docs/oracle.md), logical | allocator | arch:")
        for name in sorted(set(kr) | set(ur)):
            same = kr.get(name) == ur.get(name)
            out.append("  %-46s %s" % (name, "agree" if same else "DIFFER"))
            if not same:
                out.append("      kernel: %s" % kr.get(name))
                out.append("      libskb: %s" % ur.get(name))
    for idx, cls in enumerate(CLASSES):
        bad = [i for i in common if ks[i][idx] != us[i][idx]]
        result["first_bad_" + cls] = bad[0] if bad else None
        if bad:
            i = bad[0]
            out.append("first %s divergence: program %d (%d diverging)" % (cls, i, len(bad)))
            if i in ktr and i in utr:
                show_divergence(i, ktr[i], utr[i], cls, out)
            else:
                out.append("  (not traced: rerun both sides with trace_first=%d trace_count=1)" % i)
    print("\n".join(out))
    if json_out:
        with open(json_out, "w") as f:
            json.dump(result, f, indent=1)
    ok = n > 0 and lag == n and len(ks) == len(us) and not kw and not uw
    return 0 if ok else 1


def replay(binary, expected, programs):
    with open(expected, errors="replace") as f:
        es, etr, _, _, er = parse(f)
    idxs = sorted(i for i in es if i < programs)
    if not idxs:
        print("no recorded programs in %s" % expected)
        return 1
    tcount = max([i + 1 for i in etr if i < programs] or [0])
    cmd = [binary, "--repro", "--programs", str(programs), "--trace-first", "0", "--trace-count", str(tcount)]
    runs = []
    for _ in range(2):
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            print("skb_oracle_user failed (%d):\n%s" % (p.returncode, p.stderr[-4000:]))
            return 1
        runs.append(p.stdout)
    if runs[0] != runs[1]:
        print("skb_oracle_user is not deterministic")
        return 1
    us, utr, uw, done, ur = parse(runs[0].splitlines())
    if uw or done != programs:
        print("libskb reported WARN/BUG or did not finish: %s" % (uw[:3],))
        return 1
    lbad = [i for i in idxs if es[i][0] != us[i][0]]
    abad = [i for i in idxs if es[i][1] != us[i][1]]
    xbad = [i for i in idxs if es[i][2] != us[i][2]]
    print("replayed %d recorded kernel programs: logical %d/%d agree, allocator-dependent %d/%d, "
          "arch %d/%d" % (len(idxs), len(idxs) - len(lbad), len(idxs), len(idxs) - len(abad), len(idxs),
                          len(idxs) - len(xbad), len(idxs)))
    out = []
    for cls, bad in (("logical", lbad), ("allocator", abad), ("arch", xbad)):
        if bad:
            i = bad[0]
            out.append("first %s divergence: program %d" % (cls, i))
            if i in etr and i in utr:
                show_divergence(i, etr[i], utr[i], cls, out)
    rbad = []
    for name in sorted(er):
        k, u = er[name], ur.get(name)
        if k != u:
            logical = u is None or split_line(k)[0] != split_line(u)[0]
            rbad += [name] if logical else []
            out.append("reproducer %s (%s):\n  kernel: %s\n  libskb: %s"
                       % (name, "LOGICAL" if logical else "allocator/arch", k, u))
    print("\n".join(out))
    return 1 if lbad or rbad else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "compare":
        ap = argparse.ArgumentParser(prog="oracle_diff.py compare")
        ap.add_argument("kernel")
        ap.add_argument("user")
        ap.add_argument("--json")
        a = ap.parse_args(sys.argv[2:])
        return compare(a.kernel, a.user, a.json)
    ap = argparse.ArgumentParser()
    ap.add_argument("--replay", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("--programs", type=int, default=200)
    a = ap.parse_args()
    return replay(a.replay, a.expected, a.programs)


if __name__ == "__main__":
    sys.exit(main())
