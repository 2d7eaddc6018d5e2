// libskb: module parameters (kernel/params.c): the standard kernel_param_ops,
// the registry module_param() constructors fill, and the harness side
// (<skb/module_params.h>).
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>

#include <climits>
#include <cstdarg>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "internal.h"
#include "kernel/kernel_internal.h"
#include "skb/module_params.h"

namespace skb::internal {
namespace {

struct ParamEntry {
  std::string module;
  const kernel_param* kp;
};

std::vector<ParamEntry>& Registry() {
  static auto* r = new std::vector<ParamEntry>();
  return *r;
}

// Copies of charp values (the kernel kmallocs them; they live as long as the module).
std::deque<std::unique_ptr<char[]>>& CharpStore() {
  static auto* s = new std::deque<std::unique_ptr<char[]>>();
  return *s;
}

// parameq(): '-' and '_' are the same character in parameter names.
bool ParamEq(std::string_view a, const char* b) {
  size_t i = 0;
  for (; i < a.size(); ++i) {
    char x = a[i] == '-' ? '_' : a[i];
    char y = b[i] == '-' ? '_' : b[i];
    if (y == '\0' || x != y) return false;
  }
  return b[i] == '\0';
}

std::string TypeName(const kernel_param* kp) {
  struct Known {
    const kernel_param_ops* ops;
    const char* name;
  };
  static const Known kKnown[] = {
      {&param_ops_byte, "byte"},   {&param_ops_short, "short"},   {&param_ops_ushort, "ushort"},
      {&param_ops_int, "int"},     {&param_ops_uint, "uint"},     {&param_ops_long, "long"},
      {&param_ops_ulong, "ulong"}, {&param_ops_ullong, "ullong"}, {&param_ops_hexint, "hexint"},
      {&param_ops_charp, "charp"}, {&param_ops_bool, "bool"},     {&param_ops_invbool, "invbool"},
      {&param_ops_bint, "bint"},   {&param_ops_string, "string"},
  };
  const kernel_param_ops* ops = kp->ops;
  std::string prefix;
  if (ops == &param_array_ops) {
    ops = kp->arr->ops;
    prefix = "array of ";
  }
  for (const Known& k : kKnown) {
    if (k.ops == ops) return prefix + k.name;
  }
  return prefix + "custom";
}

int CallSet(const char* val, const kernel_param* kp) {
  return kp->ops->set(val, const_cast<LIBSKB_KP_CONST kernel_param*>(kp));
}

int CallGet(char* buf, const kernel_param* kp) {
  return kp->ops->get(buf, const_cast<LIBSKB_KP_CONST kernel_param*>(kp));
}

}  // namespace
}  // namespace skb::internal

namespace skb {

int SetModuleParam(std::string_view module, std::string_view name, std::string_view value) {
  const internal::ParamEntry* found = nullptr;
  int matches = 0;
  for (const auto& e : internal::Registry()) {
    if (!module.empty() && e.module != module) continue;
    if (!internal::ParamEq(name, e.kp->name)) continue;
    if (found == nullptr || found->module != e.module) ++matches;
    found = &e;
  }
  if (found == nullptr || matches > 1) {
    if (matches > 1) {
      std::fprintf(stderr, "libskb: parameter `%.*s' exists in several modules; name the module\n",
                   static_cast<int>(name.size()), name.data());
    } else {
      // parse_args(): "Unknown parameter" (kernel/params.c).
      std::fprintf(stderr, "<4>%.*s: Unknown parameter `%.*s'\n", static_cast<int>(module.size()), module.data(),
                   static_cast<int>(name.size()), name.data());
    }
    return -ENOENT;
  }
  // next_arg(): a value in double quotes loses them.
  std::string v(value);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  // parse_one(): set, under kernel_param_lock in the kernel.
  const kernel_param* kp = found->kp;
  int err = internal::CallSet(v.c_str(), kp);
  if (err == -ENOSPC) {
    std::fprintf(stderr, "<3>%s: `%s' too large for parameter `%s'\n", found->module.c_str(), v.c_str(), kp->name);
  } else if (err < 0) {
    std::fprintf(stderr, "<3>%s: `%s' invalid for parameter `%s'\n", found->module.c_str(), v.c_str(), kp->name);
  }
  return err < 0 ? err : 0;
}

std::vector<ModuleParamInfo> ModuleParams() {
  std::vector<ModuleParamInfo> out;
  for (const auto& e : internal::Registry()) {
    ModuleParamInfo info;
    info.module = e.module;
    info.name = e.kp->name;
    info.type = internal::TypeName(e.kp);
    if (e.kp->ops->get != nullptr) {
      std::vector<char> buf(4096, '\0');
      int n = internal::CallGet(buf.data(), e.kp);
      if (n > 0) info.value.assign(buf.data(), std::min<size_t>(static_cast<size_t>(n), buf.size() - 1));
      if (!info.value.empty() && info.value.back() == '\n') info.value.pop_back();
    }
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace skb

using skb::internal::CharpStore;

namespace {

// What param_get_* may write: one page (sysfs).
constexpr size_t kPage = 4096;

int Get(char* buffer, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
int Get(char* buffer, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vscnprintf(buffer, kPage, fmt, ap);
  va_end(ap);
  return n;
}

}  // namespace

extern "C" {

void libskb_module_param_register(const char* module, const char* file, const struct kernel_param* kp) {
  skb::internal::Registry().push_back({skb::internal::ModuleName(module, file), kp});
}

// STANDARD_PARAM_DEF (kernel/params.c): kstrto<type>(val, 0, arg); get
// prints "<fmt>\n" (the newline since 5.x's sysfs_emit conversion).
#define LIBSKB_STD_PARAM_DEF(name, type, format, strtolfn)                              \
  int param_set_##name(const char* val, LIBSKB_KP_CONST struct kernel_param* kp) {      \
    return strtolfn(val, 0, static_cast<type*>(kp->arg));                               \
  }                                                                                     \
  int param_get_##name(char* buffer, LIBSKB_KP_CONST struct kernel_param* kp) {         \
    return Get(buffer, format "\n", *static_cast<type*>(kp->arg));                      \
  }                                                                                     \
  const struct kernel_param_ops param_ops_##name = {0, param_set_##name, param_get_##name, nullptr};

LIBSKB_STD_PARAM_DEF(byte, unsigned char, "%hhu", kstrtou8)
LIBSKB_STD_PARAM_DEF(short, short, "%hi", kstrtos16)
LIBSKB_STD_PARAM_DEF(ushort, unsigned short, "%hu", kstrtou16)
LIBSKB_STD_PARAM_DEF(int, int, "%i", kstrtoint)
LIBSKB_STD_PARAM_DEF(uint, unsigned int, "%u", kstrtouint)
LIBSKB_STD_PARAM_DEF(long, long, "%li", kstrtol)
LIBSKB_STD_PARAM_DEF(ulong, unsigned long, "%lu", kstrtoul)
LIBSKB_STD_PARAM_DEF(ullong, unsigned long long, "%llu", kstrtoull)
#undef LIBSKB_STD_PARAM_DEF

// Models param_set_hexint()/param_get_hexint() (5.11+): any base in, "0x%x" out.
int param_set_hexint(const char* val, LIBSKB_KP_CONST struct kernel_param* kp) {
  return kstrtouint(val, 0, static_cast<unsigned int*>(kp->arg));
}
int param_get_hexint(char* buffer, LIBSKB_KP_CONST struct kernel_param* kp) {
  return Get(buffer, "%#08x\n", *static_cast<unsigned int*>(kp->arg));
}
const struct kernel_param_ops param_ops_hexint = {0, param_set_hexint, param_get_hexint, nullptr};

// Models param_set_charp(): a copy of the text (-ENOSPC from 1024 characters).
int param_set_charp(const char* val, LIBSKB_KP_CONST struct kernel_param* kp) {
  if (strnlen(val, 1024) == 1024) {
    printk(KERN_ERR "%s: string parameter too long\n", kp->name);
    return -ENOSPC;
  }
  size_t len = std::strlen(val) + 1;
  auto copy = std::make_unique<char[]>(len);
  std::memcpy(copy.get(), val, len);
  *static_cast<char**>(kp->arg) = copy.get();
  CharpStore().push_back(std::move(copy));
  return 0;
}
int param_get_charp(char* buffer, LIBSKB_KP_CONST struct kernel_param* kp) {
  const char* s = *static_cast<char**>(kp->arg);
  return Get(buffer, "%s\n", s ? s : "(null)");
}
// Models param_free_charp(): the copies live until the program ends.
void param_free_charp(void* arg) { (void)arg; }
const struct kernel_param_ops param_ops_charp = {0, param_set_charp, param_get_charp, param_free_charp};

// Models param_set_bool(): no value means true; kstrtobool otherwise.
int param_set_bool(const char* val, LIBSKB_KP_CONST struct kernel_param* kp) {
  if (val == nullptr) val = "1";
  return kstrtobool(val, static_cast<bool*>(kp->arg));
}
int param_get_bool(char* buffer, LIBSKB_KP_CONST struct kernel_param* kp) {
  return Get(buffer, "%c\n", *static_cast<bool*>(kp->arg) ? 'Y' : 'N');
}
const struct kernel_param_ops param_ops_bool = {KERNEL_PARAM_OPS_FL_NOARG, param_set_bool, param_get_bool, nullptr};

// Models param_set_invbool(): the variable holds the negation.
int param_set_invbool(const char* val, LIBSKB_KP_CONST struct kernel_param* kp) {
  bool boolval;
  struct kernel_param dummy = *kp;
  dummy.arg = &boolval;
  int ret = param_set_bool(val, &dummy);
  if (ret == 0) *static_cast<bool*>(kp->arg) = !boolval;
  return ret;
}
int param_get_invbool(char* buffer, LIBSKB_KP_CONST struct kernel_param* kp) {
  return Get(buffer, "%c\n", *static_cast<bool*>(kp->arg) ? 'N' : 'Y');
}
const struct kernel_param_ops param_ops_invbool = {0, param_set_invbool, param_get_invbool, nullptr};

// Models param_set_bint(): a bool parsed into an int.
int param_set_bint(const char* val, LIBSKB_KP_CONST struct kernel_param* kp) {
  bool v;
  int ret = kstrtobool(val != nullptr ? val : "1", &v);
  if (ret == 0) *static_cast<int*>(kp->arg) = v;
  return ret;
}
const struct kernel_param_ops param_ops_bint = {KERNEL_PARAM_OPS_FL_NOARG, param_set_bint, param_get_int, nullptr};

// Models param_set_copystring(): -ENOSPC if it does not fit.
int param_set_copystring(const char* val, LIBSKB_KP_CONST struct kernel_param* kp) {
  const struct kparam_string* kps = kp->str;
  if (std::strlen(val) + 1 > kps->maxlen) {
    printk(KERN_ERR "%s: string doesn't fit in %u chars.\n", kp->name, kps->maxlen - 1);
    return -ENOSPC;
  }
  std::strcpy(kps->string, val);
  return 0;
}
int param_get_string(char* buffer, LIBSKB_KP_CONST struct kernel_param* kp) {
  return Get(buffer, "%s\n", kp->str->string);
}
const struct kernel_param_ops param_ops_string = {0, param_set_copystring, param_get_string, nullptr};

// Models param_array_set() -> param_array() (kernel/params.c): comma-separated
// values, each through the element's ops; *num is the count parsed so far,
// -EINVAL for more than max (or fewer than 1) values.
static int param_array_set(const char* val, LIBSKB_KP_CONST struct kernel_param* kp) {
  const struct kparam_array* arr = kp->arr;
  unsigned int temp_num;
  unsigned int* num = arr->num != nullptr ? arr->num : &temp_num;
  std::string copy(val != nullptr ? val : "");
  char* v = copy.data();
  struct kernel_param elem = *kp;
  elem.ops = arr->ops;
  elem.arg = arr->elem;
  *num = 0;
  char save;
  do {
    if (*num == arr->max) {
      printk(KERN_ERR "%s: can only take %i arguments\n", kp->name, arr->max);
      return -EINVAL;
    }
    size_t len = std::strcspn(v, ",");
    save = v[len];
    v[len] = '\0';
    int ret = arr->ops->set(v, &elem);
    if (ret != 0) return ret;
    elem.arg = static_cast<char*>(elem.arg) + arr->elemsize;
    v += len + 1;
    (*num)++;
  } while (save == ',');
  return 0;
}

// Models param_array_get(): the elements joined with ','.
static int param_array_get(char* buffer, LIBSKB_KP_CONST struct kernel_param* kp) {
  const struct kparam_array* arr = kp->arr;
  const unsigned int n = arr->num != nullptr ? *arr->num : arr->max;
  struct kernel_param elem = *kp;
  elem.ops = arr->ops;
  elem.arg = arr->elem;
  size_t off = 0;
  for (unsigned int i = 0; i < n; ++i) {
    if (i) buffer[off++] = ',';
    elem.arg = static_cast<char*>(arr->elem) + static_cast<size_t>(arr->elemsize) * i;
    int ret = arr->ops->get(buffer + off, &elem);
    if (ret < 0) return ret;
    off += static_cast<size_t>(ret);
    if (off > 0 && buffer[off - 1] == '\n') off--;  // each element's newline
  }
  buffer[off++] = '\n';
  buffer[off] = '\0';
  return static_cast<int>(off);
}

const struct kernel_param_ops param_array_ops = {0, param_array_set, param_array_get, nullptr};

}  // extern "C"
