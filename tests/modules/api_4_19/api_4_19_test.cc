// Loads api_4_19 (tests/modules/api_4_19/: the 4.13 - 5.2 (net hooks, skb_make_writable) hook API) and runs
// packets through the receive and transmit paths under profile 4.19.
#include <gtest/gtest.h>

#include "../../nf_api_module_test.h"

LIBSKB_DECLARE_MODULE(api_4_19);

extern "C" {
extern unsigned int api_4_19_pre_hooknum, api_4_19_out_hooknum;
extern const struct net_device *api_4_19_pre_in, *api_4_19_pre_out, *api_4_19_out_in, *api_4_19_out_out;
extern int api_4_19_pre_calls, api_4_19_out_calls, api_4_19_stolen;
int api_4_19_reinject(void);
}

namespace {

api_test::ModuleVars Vars() {
  return api_test::ModuleVars{&api_4_19_pre_hooknum, &api_4_19_out_hooknum, &api_4_19_pre_in, &api_4_19_pre_out,
                              &api_4_19_out_in, &api_4_19_out_out, &api_4_19_pre_calls, &api_4_19_out_calls,
                              &api_4_19_stolen, api_4_19_reinject};
}

class Api419Test : public api_test::ApiModuleTest {
 protected:
  Api419Test()
      : ApiModuleTest("4.19", "api_4_19", LIBSKB_MODULE_INIT(api_4_19), LIBSKB_MODULE_EXIT(api_4_19), Vars()) {}
};

TEST_F(Api419Test, RegistersItsThreeHooks) { CheckRegistered(); }
TEST_F(Api419Test, PreRoutingSeesHooknumAndDevices) { CheckPreRouting(); }
TEST_F(Api419Test, PreRoutingDropTakesEffect) { CheckDrop(); }
TEST_F(Api419Test, StolenSkbContinuesThroughOkfn) { CheckStealAndOkfn(); }
TEST_F(Api419Test, LocalOutSeesOutDeviceAndItsChangeLeaves) { CheckLocalOut(); }

}  // namespace
