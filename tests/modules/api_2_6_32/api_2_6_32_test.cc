// Loads api_2_6_32 (tests/modules/api_2_6_32/: the 2.6.32 (RHEL 6 era) hook API) and runs
// packets through the receive and transmit paths under profile 2.6.32.
#include <gtest/gtest.h>

#include "../../nf_api_module_test.h"

LIBSKB_DECLARE_MODULE(api_2_6_32);

extern "C" {
extern unsigned int api_2_6_32_pre_hooknum, api_2_6_32_out_hooknum;
extern const struct net_device *api_2_6_32_pre_in, *api_2_6_32_pre_out, *api_2_6_32_out_in, *api_2_6_32_out_out;
extern int api_2_6_32_pre_calls, api_2_6_32_out_calls, api_2_6_32_stolen;
int api_2_6_32_reinject(void);
}

namespace {

api_test::ModuleVars Vars() {
  return api_test::ModuleVars{&api_2_6_32_pre_hooknum, &api_2_6_32_out_hooknum, &api_2_6_32_pre_in, &api_2_6_32_pre_out,
                              &api_2_6_32_out_in, &api_2_6_32_out_out, &api_2_6_32_pre_calls, &api_2_6_32_out_calls,
                              &api_2_6_32_stolen, api_2_6_32_reinject};
}

class Api2632Test : public api_test::ApiModuleTest {
 protected:
  Api2632Test()
      : ApiModuleTest("2.6.32", "api_2_6_32", LIBSKB_MODULE_INIT(api_2_6_32), LIBSKB_MODULE_EXIT(api_2_6_32), Vars()) {}
};

TEST_F(Api2632Test, RegistersItsThreeHooks) { CheckRegistered(); }
TEST_F(Api2632Test, PreRoutingSeesHooknumAndDevices) { CheckPreRouting(); }
TEST_F(Api2632Test, PreRoutingDropTakesEffect) { CheckDrop(); }
TEST_F(Api2632Test, StolenSkbContinuesThroughOkfn) { CheckStealAndOkfn(); }
TEST_F(Api2632Test, LocalOutSeesOutDeviceAndItsChangeLeaves) { CheckLocalOut(); }

}  // namespace
