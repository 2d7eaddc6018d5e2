#!/usr/bin/env python3
"""scripts/fuzz's reading of module directories (scripts/kbuild.py) and its
profile choice, on the fixtures of tests/fixtures/kbuild/. Run by ctest
(kbuild_parser); no build needed."""
import os
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import fuzz_modules  # noqa: E402
import kbuild  # noqa: E402

FIX = os.path.join(ROOT, "tests", "fixtures", "kbuild")


def rel(mod, paths):
    return [os.path.relpath(p, mod.dir) for p in paths]


class KbuildTest(unittest.TestCase):
    def parse(self, name):
        mods, notes = kbuild.parse_dir(os.path.join(FIX, name))
        return mods, notes

    def test_single_file_two_part_makefile(self):
        mods, _ = self.parse("single")
        self.assertEqual([m.name for m in mods], ["single"])  # the KERNELRELEASE half, not the else part
        self.assertEqual(rel(mods[0], mods[0].sources), ["single.c"])
        self.assertEqual(mods[0].origin, "Makefile")

    def test_objs_with_ccflags_include_and_define(self):
        (m,), _ = self.parse("multi_objs")
        self.assertEqual(m.name, "portcount")
        self.assertEqual(rel(m, m.sources), ["main.c", "count.c"])
        self.assertEqual(rel(m, m.include_dirs), ["include"])
        self.assertEqual(m.defines, ["PORTCOUNT_PORT=5353"])
        self.assertEqual(m.ignored_flags, ["-O2"])

    def test_kbuild_file_wins_and_y_lists(self):
        (m,), _ = self.parse("multi_y")
        self.assertEqual(m.origin, "Kbuild")
        self.assertEqual(m.name, "yfoo")
        self.assertEqual(rel(m, m.sources), ["a.c", "sub/b.c"])
        self.assertEqual(m.defines, ["YFOO=1", 'YNAME="yfoo"'])

    def test_subdir_objects_pwd_and_substitution_reference(self):
        (m,), _ = self.parse("subdir")
        self.assertEqual(m.name, "deep")
        self.assertEqual(rel(m, m.sources), ["src/core/deep.c", "src/util.c"])
        self.assertEqual(rel(m, m.include_dirs), ["inc", "src"])
        self.assertEqual(m.defines, [])  # ccflags-$(CONFIG_DEEP_DEBUG) with the option unset

    def test_several_obj_m_modules(self):
        mods, _ = self.parse("two_modules")
        self.assertEqual([m.name for m in mods], ["first", "second"])
        self.assertEqual(rel(mods[1], mods[1].sources), ["second_main.c", "second_lib.c"])

    def test_missing_source_is_named(self):
        (m,), _ = self.parse("missing")
        self.assertEqual(rel(m, m.sources), ["here.c"])
        self.assertEqual(m.missing, [("absent.o", "absent.c: No such file or directory")])

    def test_in_tree_config_style_and_functions(self):
        mods, notes = self.parse("config")
        self.assertEqual([m.name for m in mods], ["cfg_one", "cfg_two"])  # '-' becomes '_' as in kbuild
        self.assertEqual(rel(mods[1], mods[1].sources), ["cfg-two.c"])
        self.assertEqual(mods[0].defines, ["AS_MODULE", "KBUILD_PASS"])
        self.assertTrue(any("CONFIG_" in n for n in notes))

    def test_files_form_one_module_named_after_module_init(self):
        d = os.path.join(FIX, "multi_objs")
        mods = kbuild.group_files([os.path.join(d, "count.c"), os.path.join(d, "main.c")])
        self.assertEqual(len(mods), 1)
        self.assertEqual(mods[0].name, "main")
        self.assertEqual(rel(mods[0], mods[0].sources), ["count.c", "main.c"])

    def test_make_expansion(self):
        mk = kbuild.Makefile(FIX)
        mk.vars["L"] = ("simple", "a.c b.c sub/c.c")
        self.assertEqual(mk.expand("$(patsubst %.c,%.o,$(L))"), "a.o b.o sub/c.o")
        self.assertEqual(mk.expand("$(L:.c=.o)"), "a.o b.o sub/c.o")
        self.assertEqual(mk.expand("$(notdir $(L))"), "a.c b.c c.c")
        self.assertEqual(mk.expand("$(if $(KERNELRELEASE),m,y)"), "m")
        self.assertEqual(mk.expand("$(foreach f,x y,$(f).o)"), "x.o y.o")
        self.assertEqual(mk.expand("$(shell pwd)"), FIX)
        self.assertEqual(mk.expand("$(word 2,$(subst ., ,3.10.0))"), "10")


class ProfileChoiceTest(unittest.TestCase):
    def test_default_when_it_compiles(self):
        (m,), _ = kbuild.parse_dir(os.path.join(FIX, "multi_objs"))
        profiles = fuzz_modules.api_profiles()
        p, reason, _ = fuzz_modules.choose_profile(m, None, profiles)
        default = next(x for x in profiles if x[3])
        self.assertEqual(p, default)
        self.assertEqual(reason, f"default; compiles against {default[0]}")

    def test_newest_that_compiles(self):
        mods = kbuild.group_files([os.path.join(FIX, "profile_old", "old_api.c")])
        profiles = fuzz_modules.api_profiles()
        p, reason, _ = fuzz_modules.choose_profile(mods[0], None, profiles)
        want = next(x for x in profiles if x[1] < fuzz_modules.KV(5, 0))
        default = next(x for x in profiles if x[3])
        self.assertEqual(p, want)
        self.assertRegex(reason, rf"^does not compile against {default[0]}: old_api.c:7:2: error: "
                                 rf"\"old_api needs a kernel before 5.0\"; compiles against {want[0]}$")

    def test_forced_profile_that_does_not_compile(self):
        mods = kbuild.group_files([os.path.join(FIX, "profile_old", "old_api.c")])
        p, err, _ = fuzz_modules.choose_profile(mods[0], "6.12", fuzz_modules.api_profiles())
        self.assertIsNone(p)
        self.assertIn("old_api needs a kernel before 5.0", err)


if __name__ == "__main__":
    unittest.main()
