// Loads api_6_12 (tests/modules/api_6_12/: the 5.3 - 6.12 (net hooks, skb_ensure_writable) hook API) and runs
// packets through the receive and transmit paths under profile 6.12.
#include <gtest/gtest.h>

#include "../../nf_api_module_test.h"

LIBSKB_DECLARE_MODULE(api_6_12);

extern "C" {
extern unsigned int api_6_12_pre_hooknum, api_6_12_out_hooknum;
extern const struct net_device *api_6_12_pre_in, *api_6_12_pre_out, *api_6_12_out_in, *api_6_12_out_out;
extern int api_6_12_pre_calls, api_6_12_out_calls, api_6_12_stolen;
int api_6_12_reinject(void);
}

namespace {

api_test::ModuleVars Vars() {
  return api_test::ModuleVars{&api_6_12_pre_hooknum, &api_6_12_out_hooknum, &api_6_12_pre_in, &api_6_12_pre_out,
                              &api_6_12_out_in, &api_6_12_out_out, &api_6_12_pre_calls, &api_6_12_out_calls,
                              &api_6_12_stolen, api_6_12_reinject};
}

class Api612Test : public api_test::ApiModuleTest {
 protected:
  Api612Test()
      : ApiModuleTest("6.12", "api_6_12", LIBSKB_MODULE_INIT(api_6_12), LIBSKB_MODULE_EXIT(api_6_12), Vars()) {}
};

TEST_F(Api612Test, RegistersItsThreeHooks) { CheckRegistered(); }
TEST_F(Api612Test, PreRoutingSeesHooknumAndDevices) { CheckPreRouting(); }
TEST_F(Api612Test, PreRoutingDropTakesEffect) { CheckDrop(); }
TEST_F(Api612Test, StolenSkbContinuesThroughOkfn) { CheckStealAndOkfn(); }
TEST_F(Api612Test, LocalOutSeesOutDeviceAndItsChangeLeaves) { CheckLocalOut(); }

}  // namespace
