// Loads api_4_1 (tests/modules/api_4_1/: the 4.1 - 4.3 hook API) and runs
// packets through the receive and transmit paths under profile 4.1.
#include <gtest/gtest.h>

#include "../../nf_api_module_test.h"

LIBSKB_DECLARE_MODULE(api_4_1);

extern "C" {
extern unsigned int api_4_1_pre_hooknum, api_4_1_out_hooknum;
extern const struct net_device *api_4_1_pre_in, *api_4_1_pre_out, *api_4_1_out_in, *api_4_1_out_out;
extern int api_4_1_pre_calls, api_4_1_out_calls, api_4_1_stolen;
int api_4_1_reinject(void);
}

namespace {

api_test::ModuleVars Vars() {
  return api_test::ModuleVars{&api_4_1_pre_hooknum, &api_4_1_out_hooknum, &api_4_1_pre_in, &api_4_1_pre_out,
                              &api_4_1_out_in, &api_4_1_out_out, &api_4_1_pre_calls, &api_4_1_out_calls,
                              &api_4_1_stolen, api_4_1_reinject};
}

class Api41Test : public api_test::ApiModuleTest {
 protected:
  Api41Test()
      : ApiModuleTest("4.1", "api_4_1", LIBSKB_MODULE_INIT(api_4_1), LIBSKB_MODULE_EXIT(api_4_1), Vars()) {}
};

TEST_F(Api41Test, RegistersItsThreeHooks) { CheckRegistered(); }
TEST_F(Api41Test, PreRoutingSeesHooknumAndDevices) { CheckPreRouting(); }
TEST_F(Api41Test, PreRoutingDropTakesEffect) { CheckDrop(); }
TEST_F(Api41Test, StolenSkbContinuesThroughOkfn) { CheckStealAndOkfn(); }
TEST_F(Api41Test, LocalOutSeesOutDeviceAndItsChangeLeaves) { CheckLocalOut(); }

}  // namespace
