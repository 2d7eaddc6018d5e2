#!/usr/bin/env python3
"""Tests of scripts/compat (the compatibility benchmark driver) and of the corpus manifest.

Runs without the corpus and without scripts/fuzz: a fake fuzz script writes
the --summary JSON that scripts/fuzz writes, and a throw-away git repository
stands in for a fetched mirror. Run: python3 tests/compat/compat_test.py
"""

import importlib.machinery
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest
from contextlib import redirect_stdout

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COMPAT = os.path.join(ROOT, "scripts", "compat")
MANIFEST = os.path.join(ROOT, "tests", "compat", "manifest.tsv")


def load_compat():
    loader = importlib.machinery.SourceFileLoader("compat_under_test", COMPAT)
    spec = importlib.util.spec_from_loader("compat_under_test", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


compat = load_compat()

# A stand-in for scripts/fuzz: checks the arguments scripts/compat passes and
# writes the summary the module's directory name asks for.
FAKE_FUZZ = textwrap.dedent(r'''
    #!/usr/bin/env python3
    import json, os, sys
    args = sys.argv[1:]
    mod = args[0]
    assert args[1:3] == ["--time", "2"], args
    assert "--quiet" in args, args
    out = args[args.index("--summary") + 1]
    assert args[args.index("--out") + 1].endswith("/out/" + os.path.basename(mod)), args
    with open(out + ".env", "w") as f:
        f.write(os.environ.get("LIBSKB_FUZZ_BUILD_DIR", "-"))
    name = os.path.basename(mod)
    base = {"module": name, "dir": mod, "sources": ["a.c"], "flags": ["-DLIBSKB_API_VERSION_CODE=0x30a00"],
            "profile": "3.10", "profile_reason": "default 6.12 failed: nf_register_hook",
            "hooks": ["NF_INET_PRE_ROUTING/ipv4/prio -2147483648"], "execs": 1234, "seconds": 2.0}
    if name.startswith("found"):
        s = dict(base, compiled=True, error=None, status="found",
                 finding={"kind": "heap-buffer-overflow", "hook": "NF_INET_PRE_ROUTING",
                          "reproducer": "/tmp/crash-1"})
    elif name.startswith("clean"):
        s = dict(base, compiled=True, error=None, status="clean", finding=None)
    elif name.startswith("broken"):
        s = {"module": name, "dir": mod, "sources": ["a.c"], "compiled": False,
             "error": "a.c:3:10: fatal error: 'linux/foo.h' file not found\nmore", "profile": None,
             "profile_reason": None, "flags": [], "hooks": [], "execs": 0, "seconds": 0.1,
             "finding": None, "status": "compile-error"}
    elif name.startswith("nohook"):
        s = dict(base, compiled=True, hooks=[], execs=0, error="module registered no hook",
                 status="no-hooks", finding=None)
    else:  # crash: no summary at all
        sys.stderr.write("fake fuzz died\n")
        sys.exit(3)
    with open(out, "w") as f:
        json.dump([s], f)  # scripts/fuzz writes a list: one object per module
    sys.exit(1 if s["status"] == "found" else 0)
''').lstrip()


class CompatRunTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="compat-test-")
        self.fuzz = os.path.join(self.tmp, "fake_fuzz")
        with open(self.fuzz, "w") as f:
            f.write(FAKE_FUZZ)
        os.chmod(self.fuzz, 0o755)
        self.mods = os.path.join(self.tmp, "modules")
        for name in ("found_a", "clean_b", "broken_c", "nohook_d", "crash_e"):
            d = os.path.join(self.mods, name)
            os.makedirs(d)
            with open(os.path.join(d, "Makefile"), "w") as f:
                f.write("obj-m += a.o\n")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_compat(self, *argv):
        out = io.StringIO()
        with redirect_stdout(out):
            rc = compat.main(list(argv) + ["--fuzz", self.fuzz])
        return rc, out.getvalue()

    def test_parent_dir_runs_every_module_and_totals(self):
        summaries = os.path.join(self.tmp, "summaries")
        rc, out = self.run_compat("--time", "2", "--jobs", "2", "--summaries", summaries, self.mods)
        self.assertEqual(rc, 0, out)
        self.assertIn("compiled+fuzzed: 2/5 (40.0%)", out)
        self.assertIn("compiled: 3/5", out)
        self.assertIn("totals: found 1, clean 1, compile-error 1, no-hooks 1, error 1", out)
        lines = {l.split()[0]: l for l in out.splitlines()
                 if l and l.split()[0] in ("found_a", "clean_b", "broken_c", "nohook_d", "crash_e")}
        self.assertIn("finding heap-buffer-overflow in NF_INET_PRE_ROUTING (/tmp/crash-1)", lines["found_a"])
        self.assertIn("profile 3.10", lines["found_a"])
        self.assertIn("execs 1234", lines["found_a"])
        self.assertIn("hooks 1", lines["clean_b"])
        self.assertIn("no finding", lines["clean_b"])
        # Only the first line of a compiler error.
        self.assertIn("not compiled: a.c:3:10: fatal error: 'linux/foo.h' file not found", lines["broken_c"])
        self.assertNotIn("more", lines["broken_c"])
        self.assertIn("hooks 0", lines["nohook_d"])
        self.assertIn("no summary written (fake fuzz died)", lines["crash_e"])
        self.assertTrue(os.path.isfile(os.path.join(summaries, "found_a.json")))
        # Two workers: one on scripts/fuzz's default build dir, one on its own.
        dirs = set()
        for n in ("found_a", "clean_b", "broken_c", "nohook_d", "crash_e"):
            with open(os.path.join(summaries, n + ".json.env")) as f:
                dirs.add(f.read())
        self.assertTrue(dirs <= {os.environ.get("LIBSKB_FUZZ_BUILD_DIR", "-"),
                                 os.path.join(compat.ROOT, "build", "fuzz-compat1")}, dirs)

    def test_single_module_dir(self):
        rc, out = self.run_compat("--time", "2", os.path.join(self.mods, "clean_b"))
        self.assertEqual(rc, 0)
        self.assertIn("compiled+fuzzed: 1/1 (100.0%)", out)

    def test_report_mode_reads_existing_summaries(self):
        path = os.path.join(self.tmp, "x.json")
        with open(path, "w") as f:
            json.dump({"module": "x", "compiled": True, "status": "clean", "profile": "6.12",
                       "hooks": ["h"], "execs": 5, "finding": None}, f)  # a lone object is accepted
        rc, out = self.run_compat("--report", path, os.path.join(self.tmp, "missing.json"))
        self.assertEqual(rc, 0)
        self.assertIn("compiled+fuzzed: 1/2 (50.0%)", out)
        self.assertIn("unreadable summary", out)

    def test_bad_arguments(self):
        self.assertEqual(self.run_compat()[0], 2)
        self.assertEqual(self.run_compat(os.path.join(self.tmp, "nope"))[0], 2)
        empty = os.path.join(self.tmp, "empty")
        os.makedirs(os.path.join(empty, "sub"))
        self.assertEqual(self.run_compat(empty)[0], 2)

    def test_repositories_and_table(self):
        rc, out = self.run_compat("--repositories")
        self.assertEqual(rc, 0)
        repos = out.split()
        self.assertTrue(all(r.startswith("github:") for r in repos), repos)
        self.assertEqual(len(repos), len(set(repos)))
        rc, out = self.run_compat("--manifest-table")
        self.assertEqual(rc, 0)
        self.assertEqual(len([l for l in out.splitlines() if re.match(r"^\| \d+ \|", l)]),
                         len(compat.read_manifest(MANIFEST)))

    def test_unknown_status_counts_as_error(self):
        s = {"module": "m", "compiled": True, "status": "weird"}
        out = io.StringIO()
        fuzzed, total = compat.report([s], out=out)
        self.assertEqual((fuzzed, total), (0, 1))
        self.assertIn("error 1", out.getvalue())


class RestoreFromMirrorTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="compat-restore-")
        self.mirror_root = os.path.join(self.tmp, "mirror")
        work = os.path.join(self.tmp, "work")
        os.makedirs(os.path.join(work, "mod", "sub"))
        files = {"mod/Makefile": "obj-m += m.o\nm-objs := a.o sub/b.o\n",
                 "mod/a.c": "int a;\n", "mod/sub/b.c": "int b;\n", "other.c": "int o;\n",
                 "single.c": "int s;\n"}
        for p, text in files.items():
            with open(os.path.join(work, p), "w") as f:
                f.write(text)
        git = lambda *a: subprocess.run(["git", "-C", work, *a], check=True, capture_output=True)
        git("init", "-q")
        git("add", ".")
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x")
        self.commit = subprocess.run(["git", "-C", work, "rev-parse", "HEAD"], check=True,
                                     capture_output=True, text=True).stdout.strip()
        # The layout fetch leaves: /work/.mirror/<owner>+<name>/repo (bare or with .git).
        bare = os.path.join(self.mirror_root, "someone+thing", "repo")
        subprocess.run(["git", "clone", "-q", "--bare", work, bare], check=True)
        self.manifest = os.path.join(self.tmp, "manifest.tsv")
        header = "name\trepository\tcommit\troot\tfiles\tlicence\tapi\ttarget\tkind\tdescription\n"
        with open(self.manifest, "w") as f:
            f.write("# comment\n" + header)
            f.write(f"dirmod\tsomeone/thing\t{self.commit}\tmod\t*\tGPL\tnet_hook\t5.10\tread-only, multi-file\td\n")
            f.write(f"filemod\tsomeone/thing\t{self.commit}\t.\tsingle.c\tGPL\thooknum\t3.10\tread-only, single\td\n")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_restore(self):
        dest = os.path.join(self.tmp, "modules")
        out = io.StringIO()
        with redirect_stdout(out):
            rc = compat.main(["--restore-from-mirror", dest, "--mirror-root", self.mirror_root,
                              "--manifest", self.manifest])
        self.assertEqual(rc, 0, out.getvalue())
        self.assertEqual(sorted(os.listdir(os.path.join(dest, "dirmod"))), ["Makefile", "a.c", "sub"])
        self.assertTrue(os.path.isfile(os.path.join(dest, "dirmod", "sub", "b.c")))
        self.assertEqual(os.listdir(os.path.join(dest, "filemod")), ["single.c"])
        self.assertIn("restored 2/2", out.getvalue())

    def test_missing_mirror_is_reported(self):
        dest = os.path.join(self.tmp, "modules")
        err = io.StringIO()
        out = io.StringIO()
        old = sys.stderr
        sys.stderr = err
        try:
            with redirect_stdout(out):
                rc = compat.main(["--restore-from-mirror", dest, "--mirror-root",
                                  os.path.join(self.tmp, "none"), "--manifest", self.manifest])
        finally:
            sys.stderr = old
        self.assertEqual(rc, 2)
        self.assertIn("fetch github:someone/thing", err.getvalue())


class ManifestTest(unittest.TestCase):
    """The committed corpus manifest is well-formed and spread as docs/compat.md says."""

    def test_manifest(self):
        rows = compat.read_manifest(MANIFEST)
        self.assertGreaterEqual(len(rows), 40)
        names = [r["name"] for r in rows]
        self.assertEqual(len(names), len(set(names)), "duplicate module names")
        for r in rows:
            self.assertRegex(r["name"], r"^[a-z0-9_]+$")
            self.assertRegex(r["repository"], r"^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$")
            self.assertRegex(r["commit"], r"^[0-9a-f]{40}$")
            self.assertIn(r["target"], ("2.6.32", "3.10", "3.13", "4.1", "4.4", "4.9", "5.10", "6.12"))
            self.assertRegex(r["kind"], r"^(read-only|modifying), (single|multi-file)$")
            self.assertTrue(r["licence"].startswith("MODULE_LICENSE("), r["licence"])
            self.assertTrue(r["description"])
            self.assertFalse(os.path.isabs(r["root"]) or ".." in r["root"].split("/"))
        kinds = [r["kind"] for r in rows]
        self.assertGreaterEqual(sum(k.startswith("modifying") for k in kinds), 12)
        self.assertGreaterEqual(sum(k.endswith("multi-file") for k in kinds), 12)
        eras = {r["target"] for r in rows}
        self.assertTrue({"3.10", "3.13", "4.9", "5.10", "6.12"} <= eras, eras)
        # Third-party code stays out of the repository: nothing but the manifest and this test here.
        here = sorted(os.listdir(os.path.dirname(MANIFEST)))
        self.assertTrue(all(re.match(r"^(manifest\.tsv|compat_test\.py|__pycache__)$", n) for n in here), here)


if __name__ == "__main__":
    unittest.main(verbosity=2)
