// Loads api_3_16 (tests/modules/api_3_16/: the 3.13 - 4.0 (Debian 8's 3.16) hook API) and runs
// packets through the receive and transmit paths under profile 3.16.
#include <gtest/gtest.h>

#include "../../nf_api_module_test.h"

LIBSKB_DECLARE_MODULE(api_3_16);

extern "C" {
extern unsigned int api_3_16_pre_hooknum, api_3_16_out_hooknum;
extern const struct net_device *api_3_16_pre_in, *api_3_16_pre_out, *api_3_16_out_in, *api_3_16_out_out;
extern int api_3_16_pre_calls, api_3_16_out_calls, api_3_16_stolen;
int api_3_16_reinject(void);
}

namespace {

api_test::ModuleVars Vars() {
  return api_test::ModuleVars{&api_3_16_pre_hooknum, &api_3_16_out_hooknum, &api_3_16_pre_in, &api_3_16_pre_out,
                              &api_3_16_out_in, &api_3_16_out_out, &api_3_16_pre_calls, &api_3_16_out_calls,
                              &api_3_16_stolen, api_3_16_reinject};
}

class Api316Test : public api_test::ApiModuleTest {
 protected:
  Api316Test()
      : ApiModuleTest("3.16", "api_3_16", LIBSKB_MODULE_INIT(api_3_16), LIBSKB_MODULE_EXIT(api_3_16), Vars()) {}
};

TEST_F(Api316Test, RegistersItsThreeHooks) { CheckRegistered(); }
TEST_F(Api316Test, PreRoutingSeesHooknumAndDevices) { CheckPreRouting(); }
TEST_F(Api316Test, PreRoutingDropTakesEffect) { CheckDrop(); }
TEST_F(Api316Test, StolenSkbContinuesThroughOkfn) { CheckStealAndOkfn(); }
TEST_F(Api316Test, LocalOutSeesOutDeviceAndItsChangeLeaves) { CheckLocalOut(); }

}  // namespace
