#!/usr/bin/env python3
"""What a module's Kbuild or Makefile tells kbuild to build (scripts/fuzz DIR).

An out-of-tree module is built with `make -C <kernel> M=<dir> modules`: kbuild
reads <dir>/Kbuild if it exists, else <dir>/Makefile, with KERNELRELEASE set
(so the `ifneq ($(KERNELRELEASE),)` half of the classic two-part Makefile is
the one that counts) and takes from it (Documentation/kbuild/modules.rst,
makefiles.rst):

  obj-m += foo.o bar.o          one module per entry
  foo-objs := a.o sub/b.o       foo's objects (or foo-y); without them foo.c
  ccflags-y / EXTRA_CFLAGS      compiler flags of the directory (-I, -D, ...)
  CFLAGS_a.o                    flags of one object (applied to the module here)

This evaluates the make language far enough for that: variables (recursive,
simple, +=, ?=, !=), conditionals (ifeq/ifneq/ifdef/ifndef/else), define,
include, substitution references and the usual functions ($(shell pwd),
$(patsubst ...), $(wildcard ...), $(addprefix ...), $(foreach ...), $(if ...),
...). Recipes are skipped; shell commands are not run ($(shell pwd) and
$(shell uname -r) are answered, anything else expands to nothing and is
noted). $(PWD), $(CURDIR), $(M), $(src), $(obj), $(KBUILD_EXTMOD) are the
module directory.
"""
import glob
import os
import re
import shlex

KERNELRELEASE = "6.12.0-libskb"


class Module:
    """One module kbuild would build: its name, sources and compiler flags."""

    def __init__(self, name, directory, sources, origin):
        self.name = name                # KBUILD_MODNAME (kbuild turns '-' into '_')
        self.dir = directory
        self.sources = sources          # absolute paths of its .c files
        self.include_dirs = []          # absolute
        self.defines = []               # "NAME" or "NAME=VALUE"
        self.options = []               # other flags passed through (-U, -include, -Wno-..., -std=)
        self.ignored_flags = []         # flags of the Makefile not applied (optimisation, debug, -Werror)
        self.missing = []               # (object, what) that do not exist
        self.origin = origin            # "Makefile", "Kbuild", "command line", ...
        self.notes = []

    def __repr__(self):
        return f"Module({self.name!r}, {self.sources!r})"


def _split_args(s, n=None):
    """Splits function arguments at top-level commas."""
    out, depth, cur = [], 0, []
    for ch in s:
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        if ch == "," and depth == 0 and (n is None or len(out) < n - 1):
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


def _pattern_to_regex(pat):
    if "%" not in pat:
        return re.compile(re.escape(pat) + r"\Z"), False
    a, b = pat.split("%", 1)
    return re.compile(re.escape(a) + r"(.*)" + re.escape(b) + r"\Z"), True


def _patsubst(pat, rep, words):
    rx, has = _pattern_to_regex(pat)
    out = []
    for w in words:
        m = rx.match(w)
        if not m:
            out.append(w)
        elif has:
            out.append(rep.replace("%", m.group(1), 1) if "%" in rep else rep)
        else:
            out.append(rep)
    return out


class Makefile:
    def __init__(self, directory, overrides=None):
        self.dir = os.path.abspath(directory)
        self.vars = {}   # name -> (flavor, value): flavor "simple" (expanded) or "recursive" (raw)
        self.notes = []
        for k in ("PWD", "CURDIR", "M", "src", "obj", "KBUILD_EXTMOD", "SUBDIRS", "KBUILD_SRC"):
            self.vars[k] = ("simple", self.dir)
        self.vars["KERNELRELEASE"] = ("simple", KERNELRELEASE)
        self.vars["MAKE"] = ("simple", "make")
        self.vars["CC"] = ("simple", "cc")
        self.vars["ARCH"] = ("simple", "x86")
        self.vars["SRCARCH"] = ("simple", "x86")
        for k, v in (overrides or {}).items():
            self.vars[k] = ("simple", v)
        # Variables the module's make run cannot change (kbuild passes them on
        # the command line or they name the module directory).
        self.fixed = {"KERNELRELEASE", "M", "src", "obj", "KBUILD_EXTMOD", "CURDIR"}

    # ---- expansion -----------------------------------------------------------

    def get(self, name, depth=0):
        v = self.vars.get(name)
        if v is None:
            return ""
        flavor, value = v
        return value if flavor == "simple" else self.expand(value, depth + 1)

    def defined(self, name):
        return name in self.vars and self.vars[name][1] != ""

    def expand(self, text, depth=0):
        if depth > 50 or "$" not in text:
            return text
        out, i, n = [], 0, len(text)
        while i < n:
            c = text[i]
            if c != "$":
                out.append(c)
                i += 1
                continue
            if i + 1 >= n:
                break
            d = text[i + 1]
            if d == "$":
                out.append("$")
                i += 2
            elif d in "({":
                close = ")" if d == "(" else "}"
                depth_p, j = 1, i + 2
                while j < n and depth_p:
                    if text[j] in "({":
                        depth_p += 1
                    elif text[j] in ")}":
                        depth_p -= 1
                    j += 1
                inner = text[i + 2:j - 1] if depth_p == 0 else text[i + 2:]
                out.append(self._reference(inner, depth))
                i = j
            else:
                out.append(self.get(d, depth))  # $X, $@, ...: automatic variables expand to nothing here
                i += 2
        return "".join(out)

    def _reference(self, inner, depth):
        m = re.match(r"([a-z-]+)[ \t]+(.*)\Z", inner, re.S)
        if m and m.group(1) in self.FUNCS:
            return self.FUNCS[m.group(1)](self, m.group(2), depth)
        # Substitution reference: $(VAR:a=b) or $(VAR:%.c=%.o)
        sm = re.match(r"([^:=]+):([^=]*)=(.*)\Z", inner, re.S)
        if sm:
            words = self.get(self.expand(sm.group(1), depth).strip(), depth).split()
            a, b = self.expand(sm.group(2), depth), self.expand(sm.group(3), depth)
            if "%" not in a:
                a, b = "%" + a, "%" + b
            return " ".join(_patsubst(a, b, words))
        return self.get(self.expand(inner, depth).strip(), depth)

    # ---- functions -----------------------------------------------------------

    def _args(self, s, depth, n=None):
        return [self.expand(a, depth + 1) for a in _split_args(s, n)]

    def f_shell(self, s, depth):
        cmd = self.expand(s, depth + 1).strip()
        if cmd in ("pwd", "/bin/pwd"):
            return self.dir
        if cmd in ("uname -r", "/bin/uname -r"):
            return KERNELRELEASE
        if cmd == "uname -m":
            return "x86_64"
        self.notes.append(f"$(shell {cmd}) not run (expanded to nothing)")
        return ""

    def f_wildcard(self, s, depth):
        out = []
        for pat in self.expand(s, depth + 1).split():
            full = pat if os.path.isabs(pat) else os.path.join(self.dir, pat)
            for p in sorted(glob.glob(full)):
                out.append(p if os.path.isabs(pat) else os.path.relpath(p, self.dir))
        return " ".join(out)

    def f_patsubst(self, s, depth):
        a, b, t = (self._args(s, depth, 3) + ["", "", ""])[:3]
        return " ".join(_patsubst(a.strip(), b.strip(), t.split()))

    def f_subst(self, s, depth):
        a, b, t = (self._args(s, depth, 3) + ["", "", ""])[:3]
        return t.replace(a, b) if a else t

    def f_foreach(self, s, depth):
        parts = _split_args(s, 3)
        if len(parts) < 3:
            return ""
        var = self.expand(parts[0], depth + 1).strip()
        saved = self.vars.get(var)
        out = []
        for w in self.expand(parts[1], depth + 1).split():
            self.vars[var] = ("simple", w)
            out.append(self.expand(parts[2], depth + 1))
        if saved is None:
            self.vars.pop(var, None)
        else:
            self.vars[var] = saved
        return " ".join(x for x in out if x.strip())

    def f_if(self, s, depth):
        parts = _split_args(s, 3)
        cond = self.expand(parts[0], depth + 1).strip()
        if cond:
            return self.expand(parts[1], depth + 1) if len(parts) > 1 else ""
        return self.expand(parts[2], depth + 1) if len(parts) > 2 else ""

    def f_word(self, s, depth):
        n, t = (self._args(s, depth, 2) + [""])[:2]
        w = t.split()
        try:
            k = int(n.strip())
        except ValueError:
            return ""
        return w[k - 1] if 0 < k <= len(w) else ""

    def f_filter(self, s, depth, keep=True):
        pats, t = (self._args(s, depth, 2) + [""])[:2]
        rxs = [_pattern_to_regex(p)[0] for p in pats.split()]
        return " ".join(w for w in t.split() if any(r.match(w) for r in rxs) == keep)

    FUNCS = {
        "shell": f_shell,
        "wildcard": f_wildcard,
        "patsubst": f_patsubst,
        "subst": f_subst,
        "foreach": f_foreach,
        "if": f_if,
        "word": f_word,
        "filter": lambda self, s, d: self.f_filter(s, d, True),
        "filter-out": lambda self, s, d: self.f_filter(s, d, False),
        "strip": lambda self, s, d: " ".join(self.expand(s, d + 1).split()),
        "words": lambda self, s, d: str(len(self.expand(s, d + 1).split())),
        "firstword": lambda self, s, d: (self.expand(s, d + 1).split() or [""])[0],
        "lastword": lambda self, s, d: (self.expand(s, d + 1).split() or [""])[-1],
        "sort": lambda self, s, d: " ".join(sorted(set(self.expand(s, d + 1).split()))),
        "addprefix": lambda self, s, d: " ".join(
            a[0] + w for a in [self._args(s, d, 2) + [""]] for w in a[1].split()),
        "addsuffix": lambda self, s, d: " ".join(
            w + a[0] for a in [self._args(s, d, 2) + [""]] for w in a[1].split()),
        "notdir": lambda self, s, d: " ".join(os.path.basename(w) for w in self.expand(s, d + 1).split()),
        "dir": lambda self, s, d: " ".join((os.path.dirname(w) or ".") + "/" for w in self.expand(s, d + 1).split()),
        "basename": lambda self, s, d: " ".join(os.path.splitext(w)[0] for w in self.expand(s, d + 1).split()),
        "suffix": lambda self, s, d: " ".join(os.path.splitext(w)[1] for w in self.expand(s, d + 1).split()
                                              if os.path.splitext(w)[1]),
        "abspath": lambda self, s, d: " ".join(os.path.normpath(os.path.join(self.dir, w))
                                               for w in self.expand(s, d + 1).split()),
        "realpath": lambda self, s, d: " ".join(os.path.realpath(os.path.join(self.dir, w))
                                                for w in self.expand(s, d + 1).split()),
        "origin": lambda self, s, d: "file" if self.expand(s, d + 1).strip() in self.vars else "undefined",
        "info": lambda self, s, d: "",
        "warning": lambda self, s, d: "",
        "error": lambda self, s, d: "",
        "call": lambda self, s, d: self._call(s, d),
    }

    def _call(self, s, depth):
        args = self._args(s, depth)
        saved = {}
        for i, a in enumerate(args[1:], 1):
            saved[str(i)] = self.vars.get(str(i))
            self.vars[str(i)] = ("simple", a)
        out = self.get(args[0].strip(), depth)
        for k, v in saved.items():
            if v is None:
                self.vars.pop(k, None)
            else:
                self.vars[k] = v
        return out

    # ---- reading -------------------------------------------------------------

    def _lines(self, path):
        with open(path, errors="replace") as f:
            raw = f.read().split("\n")
        lines, cur = [], None
        for line in raw:
            if cur is not None:
                cur = cur + " " + line.lstrip()
            else:
                cur = line
            if cur.endswith("\\") and not cur.endswith("\\\\"):
                cur = cur[:-1]
                continue
            lines.append(cur)
            cur = None
        if cur is not None:
            lines.append(cur)
        return lines

    @staticmethod
    def _strip_comment(line):
        out, i = [], 0
        while i < len(line):
            if line[i] == "\\" and i + 1 < len(line) and line[i + 1] == "#":
                out.append("#")
                i += 2
                continue
            if line[i] == "#":
                break
            out.append(line[i])
            i += 1
        return "".join(out)

    def _assignment(self, line):
        """(name, op, value) when the line is a variable assignment."""
        depth, i, n = 0, 0, len(line)
        while i < n:
            c = line[i]
            if c in "({":
                depth += 1
            elif c in ")}":
                depth -= 1
            elif depth == 0:
                for op in ("::=", ":::=", ":=", "+=", "?=", "!=", "="):
                    if line.startswith(op, i):
                        name = line[:i].strip()
                        if not name or re.search(r"\s", self.expand(name).strip()):
                            return None
                        return name, op, line[i + len(op):].lstrip()
                if c == ":":
                    return None  # a rule
            i += 1
        return None

    def _condition(self, kind, rest):
        rest = rest.strip()
        if kind in ("ifdef", "ifndef"):
            d = self.defined(self.expand(rest).strip())
            return d if kind == "ifdef" else not d
        if rest.startswith("("):
            inner = rest[1:rest.rfind(")")] if ")" in rest else rest[1:]
            a, b = (_split_args(inner, 2) + [""])[:2]
        else:
            q = re.findall(r"\"([^\"]*)\"|'([^']*)'", rest)
            vals = [x or y for x, y in q] + ["", ""]
            a, b = vals[0], vals[1]
        eq = self.expand(a).strip() == self.expand(b).strip()
        return eq if kind == "ifeq" else not eq

    def read(self, name):
        path = os.path.join(self.dir, name)
        self._read(path, 0)
        return self

    def _read(self, path, level):
        if level > 5:
            return
        stack = []  # (parent_active, taken_any, active)
        active = True
        in_rule = False
        define = None  # (name, op, [lines])
        for line in self._lines(path):
            if define is not None:
                if re.match(r"\s*endef\b", line):
                    if active:
                        self._assign(define[0], define[1], "\n".join(define[2]))
                    define = None
                else:
                    define[2].append(line)
                continue
            if line.startswith("\t") and in_rule:
                continue  # a recipe
            text = self._strip_comment(line).strip()
            if not text:
                continue
            word = text.split(None, 1)[0]
            rest = text[len(word):]
            if word in ("ifeq", "ifneq", "ifdef", "ifndef"):
                cond = active and self._condition(word, rest)
                stack.append((active, cond))
                active = cond
                continue
            if word == "else":
                if not stack:
                    continue
                parent, taken = stack[-1]
                more = rest.strip()
                if more and more.split(None, 1)[0] in ("ifeq", "ifneq", "ifdef", "ifndef"):
                    k = more.split(None, 1)[0]
                    cond = parent and not taken and self._condition(k, more[len(k):])
                else:
                    cond = parent and not taken
                stack[-1] = (parent, taken or cond)
                active = cond
                continue
            if word == "endif":
                if stack:
                    active = stack.pop()[0]
                continue
            if not active:
                continue
            in_rule = False
            if word == "define":
                m = re.match(r"define\s+(\S+)\s*(=|:=|::=|\+=|\?=)?", text)
                define = (m.group(1) if m else "", (m.group(2) if m else None) or "=", [])
                continue
            if word in ("include", "-include", "sinclude"):
                for inc in self.expand(rest).split():
                    p = inc if os.path.isabs(inc) else os.path.join(self.dir, inc)
                    if os.path.isfile(p):
                        self._read(p, level + 1)
                    elif word == "include":
                        self.notes.append(f"include {inc}: not found (skipped)")
                continue
            if word in ("export", "unexport", "override", "private"):
                if rest.strip() and self._assignment(rest.strip()):
                    text = rest.strip()
                else:
                    continue
            if word in ("vpath", ".PHONY", "undefine"):
                continue
            a = self._assignment(text)
            if a:
                self._assign(*a)
                continue
            in_rule = True  # a rule line: the tab-indented lines after it are its recipe

    def _assign(self, name_raw, op, value):
        name = self.expand(name_raw).strip()
        if name in self.fixed:
            return
        if op in (":=", "::=", ":::="):
            self.vars[name] = ("simple", self.expand(value))
        elif op == "=":
            self.vars[name] = ("recursive", value)
        elif op == "?=":
            if name not in self.vars:
                self.vars[name] = ("recursive", value)
        elif op == "!=":
            self.vars[name] = ("simple", self.f_shell(value, 0))
        elif op == "+=":
            if name in self.vars:
                flavor, old = self.vars[name]
                new = self.expand(value) if flavor == "simple" else value
                self.vars[name] = (flavor, (old + " " + new) if old else new)
            else:
                self.vars[name] = ("recursive", value)


def kbuild_file(directory):
    """The file kbuild reads in an external module's directory."""
    for n in ("Kbuild", "Makefile", "makefile", "GNUmakefile"):
        if os.path.isfile(os.path.join(directory, n)):
            return n
    return None


def _module_name(stem):
    return os.path.basename(stem).replace("-", "_")


def apply_flags(mod, flags_text):
    """Sorts a Makefile's compiler flags into the module's include dirs,
    definitions and pass-through options."""
    try:
        toks = shlex.split(flags_text)
    except ValueError:
        toks = flags_text.split()
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t in ("-I", "-D", "-U", "-include", "-isystem", "-iquote") and nxt is not None:
            t, i = t + ("" if t in ("-I", "-D", "-U") else " ") + nxt, i + 1
        if t.startswith("-I") or t.startswith("-isystem ") or t.startswith("-iquote "):
            d = t.split(" ", 1)[1] if " " in t else t[2:]
            full = os.path.normpath(d if os.path.isabs(d) else os.path.join(mod.dir, d))
            if os.path.isdir(full):
                if full not in mod.include_dirs:
                    mod.include_dirs.append(full)
            else:
                mod.ignored_flags.append(t)
                mod.notes.append(f"{t}: no such directory (kernel tree include?), not used")
        elif t.startswith("-D"):
            mod.defines.append(t[2:])
        elif t.startswith("-U") or t.startswith("-include ") or t.startswith("-Wno-") or t.startswith("-std="):
            if t.startswith("-include "):
                f = t.split(" ", 1)[1]
                t = "-include " + (f if os.path.isabs(f) else os.path.join(mod.dir, f))
            mod.options.append(t)
        else:
            mod.ignored_flags.append(t)
        i += 1


def parse_dir(directory):
    """The modules a module directory builds: from its Kbuild/Makefile, or,
    without one, its .c files as one module named after the directory."""
    directory = os.path.abspath(directory)
    fname = kbuild_file(directory)
    if fname is None:
        srcs = sorted(glob.glob(os.path.join(directory, "*.c")))
        if not srcs:
            return [], [f"{directory}: no Kbuild, Makefile or .c file"]
        return group_files(srcs, origin=f"{os.path.basename(directory)}/*.c (no Kbuild or Makefile)"), []
    mk = Makefile(directory).read(fname)
    notes = list(mk.notes)
    objm = mk.get("obj-m").split()
    if not objm and mk.get("obj-").split():
        # In-tree style obj-$(CONFIG_FOO) += foo.o with CONFIG_FOO unset: what
        # `make ... CONFIG_FOO=m` builds.
        objm = mk.get("obj-").split()
        notes.append(f"{fname}: obj-$(CONFIG_...) with the option unset: built as obj-m "
                     "(as `make M=... CONFIG_...=m` would)")
    if not objm:
        # No obj-m: kbuild would build nothing. A composite object list
        # (foo-objs / foo-y) still says what the module is.
        for k in sorted(mk.vars):
            m = re.match(r"(.+)-(objs|y)\Z", k)
            if m and m.group(1) not in ("obj", "ccflags", "subdir-ccflags", "asflags", "ldflags") and mk.get(k).strip():
                objm.append(m.group(1) + ".o")
        if objm:
            notes.append(f"{fname} sets no obj-m; taking {' '.join(objm)} from its -objs/-y lists")
    modules = []
    common = " ".join(mk.get(v) for v in ("ccflags-y", "EXTRA_CFLAGS", "subdir-ccflags-y"))
    for entry in objm:
        if entry.endswith("/"):
            sub = os.path.join(directory, entry)
            if os.path.isdir(sub):
                subs, subnotes = parse_dir(sub)
                modules += subs
                notes += subnotes
            continue
        if not entry.endswith(".o"):
            notes.append(f"obj-m entry {entry}: not an object (skipped)")
            continue
        stem = entry[:-2]
        objs = (mk.get(stem + "-objs") + " " + mk.get(stem + "-y")).split()
        if not objs:
            objs = [entry]
        mod = Module(_module_name(stem), directory, [], fname)
        seen = set()
        for o in objs:
            if o in seen:
                continue
            seen.add(o)
            if o.endswith("/"):
                mod.notes.append(f"{o}: sub-directory objects of a composite are not supported")
                continue
            base = o[:-2] if o.endswith(".o") else o
            c = os.path.normpath(os.path.join(directory, base + ".c"))
            if os.path.isfile(c):
                mod.sources.append(c)
            elif os.path.isfile(os.path.join(directory, base + ".S")):
                mod.missing.append((o, f"{base}.S: assembly sources are not supported"))
            else:
                mod.missing.append((o, f"{os.path.relpath(c, directory)}: No such file or directory"))
        per_obj = " ".join(mk.get(f"CFLAGS_{os.path.basename(o)}") + " " + mk.get(f"CFLAGS_{o}") for o in objs)
        apply_flags(mod, common + " " + per_obj)
        mod.notes += notes
        modules.append(mod)
    if not modules:
        notes.append(f"{fname}: no module (obj-m) found")
    return modules, notes


def has_module_init(path):
    try:
        with open(path, errors="replace") as f:
            text = re.sub(r"/\*.*?\*/|//[^\n]*", " ", f.read(), flags=re.S)
    except OSError:
        return False
    return re.search(r"\bmodule_init\s*\(", text) is not None


def group_files(paths, origin="command line"):
    """Several .c files form one module (named after the one with
    module_init, kbuild's `<name>-objs`); when more than one defines
    module_init, each of those is its own module."""
    paths = [os.path.abspath(p) for p in paths]
    inits = [p for p in paths if has_module_init(p)]
    if len(inits) > 1:
        rest = [p for p in paths if p not in inits]
        mods = [Module(_module_name(os.path.splitext(p)[0]), os.path.dirname(p), [p] + rest, origin) for p in inits]
        if rest:
            for m in mods:
                m.notes.append(f"several files define module_init: {', '.join(map(os.path.basename, rest))} "
                               "linked into each of their modules")
        return mods
    main = inits[0] if inits else paths[0]
    return [Module(_module_name(os.path.splitext(main)[0]), os.path.dirname(main), paths, origin)]
