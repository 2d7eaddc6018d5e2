// libskb: module parameters from the harness side (<linux/moduleparam.h> is
// the module side).
//
// Every module_param()/module_param_named()/module_param_array()/
// module_param_string()/module_param_cb() of a linked module registers its
// struct kernel_param at program start-up under the module's name
// (KBUILD_MODNAME). A harness sets values from text before it runs the
// module's init, as insmod's arguments are parsed by kernel/params.c:
//
//   skb::SetModuleParam("", "port", "8080");      // scripts/fuzz --param port=8080
//   skb::ScopedModule m(LIBSKB_MODULE_INIT(knock), LIBSKB_MODULE_EXIT(knock));
//
// Parameter names match with '-' and '_' equivalent (parameq()); a value in
// double quotes has them stripped, as next_arg() does.
#ifndef LIBSKB_SKB_MODULE_PARAMS_H_
#define LIBSKB_SKB_MODULE_PARAMS_H_

#include <string>
#include <string_view>
#include <vector>

namespace skb {

struct ModuleParamInfo {
  std::string module, name, type, value;
};

// Sets parameter `name` of `module` ("" = the only module that has it) from
// text, as kernel/params.c would at insmod time: 0, -ENOENT (no such
// parameter, or "" and several modules have one of that name), or the error
// of the parameter's set function: -EINVAL (bad value for the type; also
// -ERANGE for an out-of-range number and -ENOSPC for a string that does not
// fit, as the kernel's param_set_* return them, and insmod fails with).
// The kernel's message for a failure is printed ("<module>: `<value>'
// invalid for parameter `<name>'").
int SetModuleParam(std::string_view module, std::string_view name, std::string_view value);

// Every registered parameter with its current value, as the parameter's get
// function prints it (sysfs /sys/module/<m>/parameters/<name>, without the
// trailing newline). `type` is "int", "bool", "charp", "array of int",
// "string", or "custom" for module_param_cb()/module_param_call().
std::vector<ModuleParamInfo> ModuleParams();

}  // namespace skb

#endif  // LIBSKB_SKB_MODULE_PARAMS_H_
