#!/usr/bin/env python3
"""Stubs for the kernel functions a module calls that libskb does not model.

Run at build time by libskb_add_kernel_module (cmake/KernelModule.cmake) over
the module's compiled objects:

  1. the functions the objects call (a call relocation to an undefined symbol)
     that neither the module's own objects, libskb (the static library), an
     allow-list of C library functions whose implementation has the kernel's
     semantics (mem*/str*, byte order), nor the compiler's and sanitizers'
     runtimes define, are the module's unmodelled functions;
  2. each object is copied with its references to those functions renamed to
     __libskb_unmodelled_<function> (objcopy --redefine-sym), so the stub never
     replaces a C library function for the rest of the program;
  3. a C file defines one weak stub per function, which ends the run with
       module called <function> (<file>:<line>), which libskb does not model
     and exit status 2 (libskb_unmodelled_call, libskb/src/kernel/unmodelled.cc).

Symbols the module reads as data (or whose address only its code takes)
cannot be stubbed loudly: they stay undefined, a warning names them here, and
the link fails naming them. A function whose address sits in the module's
initialised data (`.read = seq_read` in a file_operations) gets a stub.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

# C library functions a kernel module may reach through libskb's headers
# whose C library implementation behaves as the kernel's function does
# (lib/string.c and the byte order helpers). Everything else the C library
# defines (printf, malloc, strtol, ...) is not what the kernel offers a
# module: a call to it is reported as unmodelled.
KERNEL_SEMANTICS_LIBC = {
    "memcpy", "memmove", "memset", "memcmp", "memchr", "memscan", "bcmp",
    "strlen", "strnlen", "strcmp", "strncmp", "strcasecmp", "strncasecmp",
    "strcpy", "strncpy", "strcat", "strncat", "strchr", "strrchr", "strnchr",
    "strstr", "strnstr", "strspn", "strcspn", "strpbrk", "strsep",
    "htons", "htonl", "ntohs", "ntohl",
}

# Runtime support the compiler or a sanitizer emits calls to.
RUNTIME_PREFIXES = (
    "__asan", "__ubsan", "__sanitizer", "__sancov", "__msan", "__tsan", "__lsan", "__hwasan", "__dfsan",
    "__llvm", "__gcov", "__stack_chk", "__cxa", "_Unwind", "__udiv", "__umod", "__div", "__mod",
    "__mul", "__popcount", "__builtin", "_GLOBAL_OFFSET_TABLE_", "__fentry__", "mcount", "__libskb_unmodelled_",
)

CALL_ONLY_RELOCS = re.compile(r"R_X86_64_PLT32|R_AARCH64_CALL26|R_AARCH64_JUMP26|R_386_PLT32")


def nm(tool, path, extra=()):
    """(defined, undefined) global symbol names of an object or archive."""
    out = subprocess.run([tool, "-P", "-g", *extra, path], check=True, capture_output=True, text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2 or line.endswith(":"):
            continue
        name, kind = parts[0], parts[1]
        if kind in ("U",):
            undefined.add(name)
        elif kind not in ("w", "v"):
            defined.add(name)
    return defined, undefined


def called(readelf, path):
    """Symbols an object uses as functions: a call relocation against them,
    or their address stored in initialised data (an ops table such as
    `.read = seq_read`). Kernel variables are read from code, never stored
    by address in a module's tables."""
    out = subprocess.run([readelf, "-rW", path], check=True, capture_output=True, text=True).stdout
    calls = set()
    section = ""
    for line in out.splitlines():
        m = re.match(r"Relocation section '([^']+)'", line)
        if m:
            section = m.group(1)
            continue
        fields = line.split()
        if len(fields) < 5:
            continue
        in_data = not section.startswith((".rela.text", ".rel.text")) and "debug" not in section \
            and "eh_frame" not in section
        if CALL_ONLY_RELOCS.search(line) or (in_data and re.search(r"R_X86_64_64|R_AARCH64_ABS64", line)):
            # Offset Info Type Symbol-value Symbol-name + addend
            calls.add(fields[4].split("@")[0])
    return calls


def unmodelled(objects, libskb, nm_tool, readelf):
    defined, undefined, calls = set(), set(), set()
    for o in objects:
        d, u = nm(nm_tool, o)
        defined |= d
        undefined |= u
        calls |= called(readelf, o)
    skb_defined, _ = nm(nm_tool, libskb, ("--defined-only",))
    missing = {s for s in undefined - defined - skb_defined - KERNEL_SEMANTICS_LIBC
               if not s.startswith(RUNTIME_PREFIXES)}
    functions = sorted(s for s in missing if s in calls)
    data = sorted(s for s in missing if s not in calls)
    return functions, data


STUB = """
__attribute__((weak, noinline, used)) void __libskb_unmodelled_{name}(void)
{{
	libskb_unmodelled_call("{name}", __builtin_return_address(0));
}}
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--module", required=True)
    ap.add_argument("--nm", default="nm")
    ap.add_argument("--readelf", default="readelf")
    ap.add_argument("--objcopy", default="objcopy")
    ap.add_argument("--libskb", required=True)
    ap.add_argument("--stubs", required=True)
    ap.add_argument("--objects", nargs="+", required=True)
    ap.add_argument("--outputs", nargs="+", required=True)
    args = ap.parse_args()
    if len(args.objects) != len(args.outputs):
        sys.exit(f"unmodelled_stubs.py: {len(args.objects)} objects but {len(args.outputs)} outputs")

    functions, data = unmodelled(args.objects, args.libskb, args.nm, args.readelf)
    for s in data:
        print(f"libskb: module {args.module} uses '{s}' as data (or its code only takes its address); libskb does not define "
              f"it and a data symbol cannot be stubbed: the link will fail naming it", file=sys.stderr)
    renames = [f"--redefine-sym={f}=__libskb_unmodelled_{f}" for f in functions]
    for src, dst in zip(args.objects, args.outputs):
        os.makedirs(os.path.dirname(dst) or ".", exist_ok=True)
        if renames:
            subprocess.run([args.objcopy, *renames, src, dst], check=True)
        else:
            shutil.copyfile(src, dst)

    text = [f"/* Generated by cmake/unmodelled_stubs.py: the kernel functions module {args.module} calls",
            " * that libskb does not model. Each ends the run naming itself and the call site. */",
            "extern void libskb_unmodelled_call(const char *function, const void *return_address)",
            "\t__attribute__((noreturn));",
            "/* The module calls none: keep the translation unit non-empty. */" if not functions else ""]
    if not functions:
        text.append(f"extern int __libskb_unmodelled_none_{args.module};")
    for f in functions:
        text.append(STUB.format(name=f))
    new = "\n".join(text) + "\n"
    old = open(args.stubs).read() if os.path.exists(args.stubs) else None
    if old != new:
        with open(args.stubs, "w") as f:
            f.write(new)
    else:
        os.utime(args.stubs)


if __name__ == "__main__":
    main()
