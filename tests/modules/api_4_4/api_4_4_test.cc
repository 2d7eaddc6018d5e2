// Loads api_4_4 (tests/modules/api_4_4/: the 4.4 - 4.12 (nf_register_hook still) hook API) and runs
// packets through the receive and transmit paths under profile 4.4.
#include <gtest/gtest.h>

#include "../../nf_api_module_test.h"

LIBSKB_DECLARE_MODULE(api_4_4);

extern "C" {
extern unsigned int api_4_4_pre_hooknum, api_4_4_out_hooknum;
extern const struct net_device *api_4_4_pre_in, *api_4_4_pre_out, *api_4_4_out_in, *api_4_4_out_out;
extern int api_4_4_pre_calls, api_4_4_out_calls, api_4_4_stolen;
int api_4_4_reinject(void);
}

namespace {

api_test::ModuleVars Vars() {
  return api_test::ModuleVars{&api_4_4_pre_hooknum, &api_4_4_out_hooknum, &api_4_4_pre_in, &api_4_4_pre_out,
                              &api_4_4_out_in, &api_4_4_out_out, &api_4_4_pre_calls, &api_4_4_out_calls,
                              &api_4_4_stolen, api_4_4_reinject};
}

class Api44Test : public api_test::ApiModuleTest {
 protected:
  Api44Test()
      : ApiModuleTest("4.4", "api_4_4", LIBSKB_MODULE_INIT(api_4_4), LIBSKB_MODULE_EXIT(api_4_4), Vars()) {}
};

TEST_F(Api44Test, RegistersItsThreeHooks) { CheckRegistered(); }
TEST_F(Api44Test, PreRoutingSeesHooknumAndDevices) { CheckPreRouting(); }
TEST_F(Api44Test, PreRoutingDropTakesEffect) { CheckDrop(); }
TEST_F(Api44Test, StolenSkbContinuesThroughOkfn) { CheckStealAndOkfn(); }
TEST_F(Api44Test, LocalOutSeesOutDeviceAndItsChangeLeaves) { CheckLocalOut(); }

}  // namespace
