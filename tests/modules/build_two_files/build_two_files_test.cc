// The build of tests/modules/<name>/: a module made of two .c files is one
// module, named after its directory, and its hook registers.
#include <gtest/gtest.h>
#include <linux/init.h>

#include <string>

#include "skb/netfilter.h"

LIBSKB_DECLARE_MODULE(build_two_files);

namespace {

TEST(BuildTwoFiles, OneModuleFromTwoFiles) {
  bool found = false;
  for (const skb::ModuleInfo& m : skb::Modules()) found |= m.name == "build_two_files";
  EXPECT_TRUE(found);
}

TEST(BuildTwoFiles, HookRegisters) {
  skb::ScopedModule mod(LIBSKB_MODULE_INIT(build_two_files), LIBSKB_MODULE_EXIT(build_two_files));
  ASSERT_EQ(mod.init_result(), 0);
  const std::vector<skb::HookInfo> hooks = skb::AllHooks();
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(hooks[0].function, "two_files_hook");
  EXPECT_EQ(hooks[0].hooknum, static_cast<unsigned>(NF_INET_LOCAL_IN));
  EXPECT_EQ(hooks[0].module, "build_two_files");
}

}  // namespace
