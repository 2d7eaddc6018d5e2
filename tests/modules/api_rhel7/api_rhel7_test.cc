// Loads api_rhel7 (tests/modules/api_rhel7/: the RHEL 7.2+ (CentOS 7, 3.10.0-327) hook API) and runs
// packets through the receive and transmit paths under profile rhel7.
#include <gtest/gtest.h>

#include "../../nf_api_module_test.h"

LIBSKB_DECLARE_MODULE(api_rhel7);

extern "C" {
extern unsigned int api_rhel7_pre_hooknum, api_rhel7_out_hooknum;
extern const struct net_device *api_rhel7_pre_in, *api_rhel7_pre_out, *api_rhel7_out_in, *api_rhel7_out_out;
extern int api_rhel7_pre_calls, api_rhel7_out_calls, api_rhel7_stolen;
int api_rhel7_reinject(void);
}

namespace {

api_test::ModuleVars Vars() {
  return api_test::ModuleVars{&api_rhel7_pre_hooknum, &api_rhel7_out_hooknum, &api_rhel7_pre_in, &api_rhel7_pre_out,
                              &api_rhel7_out_in, &api_rhel7_out_out, &api_rhel7_pre_calls, &api_rhel7_out_calls,
                              &api_rhel7_stolen, api_rhel7_reinject};
}

class ApiRhel7Test : public api_test::ApiModuleTest {
 protected:
  ApiRhel7Test()
      : ApiModuleTest("rhel7", "api_rhel7", LIBSKB_MODULE_INIT(api_rhel7), LIBSKB_MODULE_EXIT(api_rhel7), Vars()) {}
};

TEST_F(ApiRhel7Test, RegistersItsThreeHooks) { CheckRegistered(); }
TEST_F(ApiRhel7Test, PreRoutingSeesHooknumAndDevices) { CheckPreRouting(); }
TEST_F(ApiRhel7Test, PreRoutingDropTakesEffect) { CheckDrop(); }
TEST_F(ApiRhel7Test, StolenSkbContinuesThroughOkfn) { CheckStealAndOkfn(); }
TEST_F(ApiRhel7Test, LocalOutSeesOutDeviceAndItsChangeLeaves) { CheckLocalOut(); }

}  // namespace
