// libskb: char device numbers and cdevs (<linux/fs.h>, <linux/cdev.h>,
// fs/char_dev.c), classes and devices (<linux/device.h>,
// drivers/base/class.c, drivers/base/core.c) and misc devices
// (<linux/miscdevice.h>, drivers/char/misc.c).
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/miscdevice.h>

#include <errno.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "internal.h"
#include "kernel/kernel_env_internal.h"
#include "skb/kernel_env.h"


namespace skb {
namespace internal {

FileIoResult CharDeviceIo(const file_operations* fops, cdev* cd, dev_t rdev, void* private_data, bool write,
                          std::string_view text, size_t chunk);

namespace {

struct Region {
  unsigned major, baseminor, count;
  std::string name;
  const file_operations* fops;  // register_chrdev(): the whole region opens with these
  std::string module;
};

struct DeviceRec {
  device* dev;
  libskb_class* cls;
};

std::vector<Region>& Regions() {
  static auto* v = new std::vector<Region>();
  return *v;
}
std::vector<cdev*>& Cdevs() {
  static auto* v = new std::vector<cdev*>();
  return *v;
}
std::vector<miscdevice*>& Miscs() {
  static auto* v = new std::vector<miscdevice*>();
  return *v;
}
std::vector<libskb_class*>& Classes() {
  static auto* v = new std::vector<libskb_class*>();
  return *v;
}
std::vector<device*>& Devices() {
  static auto* v = new std::vector<device*>();
  return *v;
}

bool Overlaps(unsigned major, unsigned baseminor, unsigned count) {
  for (const Region& r : Regions()) {
    if (r.major == major && baseminor < r.baseminor + r.count && r.baseminor < baseminor + count) return true;
  }
  return false;
}

bool MajorUsed(unsigned major) {
  for (const Region& r : Regions()) {
    if (r.major == major) return true;
  }
  return false;
}

// find_dynamic_major() (fs/char_dev.c, v4.14+).
int DynamicMajor() {
  for (int i = 254; i >= CHRDEV_MAJOR_DYN_END; --i) {
    if (!MajorUsed(static_cast<unsigned>(i))) return i;
  }
  for (int i = CHRDEV_MAJOR_DYN_EXT_START; i >= CHRDEV_MAJOR_DYN_EXT_END; --i) {
    if (!MajorUsed(static_cast<unsigned>(i))) return i;
  }
  return -EBUSY;
}

// __register_chrdev_region(): the major (dynamic for 0) or a negative errno.
int RegisterRegion(unsigned major, unsigned baseminor, unsigned count, const char* name,
                   const file_operations* fops) {
  if (major >= CHRDEV_MAJOR_MAX) {
    std::fprintf(stderr, "<3>CHRDEV \"%s\" major requested (%u) is greater than the maximum (%d)\n", name, major,
                 CHRDEV_MAJOR_MAX - 1);
    return -EINVAL;
  }
  if (major == 0) {
    const int m = DynamicMajor();
    if (m < 0) {
      std::fprintf(stderr, "<3>CHRDEV \"%s\" dynamic allocation region is full\n", name);
      return m;
    }
    major = static_cast<unsigned>(m);
  }
  if (Overlaps(major, baseminor, count)) return -EBUSY;
  Region r{major, baseminor, count, name != nullptr ? name : "", fops, CurrentModuleName()};
  Regions().push_back(r);
  return static_cast<int>(major);
}

std::string RegionName(const Region& r) {
  return Format("%s (major %u, minors %u-%u)", r.name.c_str(), r.major, r.baseminor, r.baseminor + r.count - 1);
}

void UnregisterRegion(unsigned major, unsigned baseminor, unsigned count) {
  auto& v = Regions();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it->major == major && it->baseminor == baseminor && it->count == count) {
      v.erase(it);
      return;
    }
  }
}

const bool kRegistered = RegisterEnvPart(EnvPart{
    [](const std::string& module) {
      auto& v = Regions();
      for (auto it = v.begin(); it != v.end();) {
        if (it->module == module) {
          EnvWarn("libskb: module " + module + " left char device region " + RegionName(*it) +
                  " registered after its exit function (libskb unregistered it)");
          it = v.erase(it);
        } else {
          ++it;
        }
      }
    },
    [] {
      Regions().clear();
      Cdevs().clear();
      Miscs().clear();
      Classes().clear();
      Devices().clear();
    },
    [](std::vector<KernelRegistration>* out) {
      for (const Region& r : Regions()) out->push_back(KernelRegistration{"chrdev", RegionName(r), r.module});
    },
});

}  // namespace

// Opens the char device dev (a cdev, a register_chrdev region, a misc device).
FileIoResult CharIo(unsigned major, unsigned minor, bool write, std::string_view text, size_t chunk) {
  const dev_t d = MKDEV(major, minor);
  for (cdev* c : Cdevs()) {
    if (d >= c->dev && d < c->dev + c->count) return CharDeviceIo(c->ops, c, d, nullptr, write, text, chunk);
  }
  if (major == MISC_MAJOR) {
    for (miscdevice* m : Miscs()) {
      if (static_cast<unsigned>(m->minor) == minor) return CharDeviceIo(m->fops, nullptr, d, m, write, text, chunk);
    }
  }
  for (const Region& r : Regions()) {
    if (r.fops != nullptr && r.major == major && minor >= r.baseminor && minor < r.baseminor + r.count) {
      return CharDeviceIo(r.fops, nullptr, d, nullptr, write, text, chunk);
    }
  }
  return FileIoResult{-ENXIO, "", 0};  // chrdev_open(): no cdev for the number
}

}  // namespace internal

FileIoResult ReadCharDevice(unsigned major, unsigned minor, size_t chunk) {
  return internal::CharIo(major, minor, false, {}, chunk);
}
FileIoResult WriteCharDevice(unsigned major, unsigned minor, std::string_view text) {
  return internal::CharIo(major, minor, true, text, 0);
}

}  // namespace skb

using namespace skb::internal;

extern "C" {

// Models __register_chrdev() (fs/char_dev.c).
int __register_chrdev(unsigned int major, unsigned int baseminor, unsigned int count, const char* name,
                      const struct file_operations* fops) {
  const int r = RegisterRegion(major, baseminor, count, name, fops);
  if (r < 0) return r;
  return major == 0 ? r : 0;
}

void __unregister_chrdev(unsigned int major, unsigned int baseminor, unsigned int count, const char* name) {
  (void)name;
  UnregisterRegion(major, baseminor, count);
}

// Models register_chrdev_region().
int register_chrdev_region(dev_t from, unsigned count, const char* name) {
  if (MAJOR(from) == 0) return -EINVAL;  // the kernel would allocate dynamically; callers mean a fixed major
  const int r = RegisterRegion(MAJOR(from), MINOR(from), count, name, nullptr);
  return r < 0 ? r : 0;
}

// Models alloc_chrdev_region().
int libskb_alloc_chrdev_region(__u32* dev, unsigned baseminor, unsigned count, const char* name) {
  const int r = RegisterRegion(0, baseminor, count, name, nullptr);
  if (r < 0) return r;
  *dev = MKDEV(static_cast<unsigned>(r), baseminor);
  return 0;
}

void unregister_chrdev_region(dev_t from, unsigned count) { UnregisterRegion(MAJOR(from), MINOR(from), count); }

// Models cdev_init().
void cdev_init(struct cdev* cdev, const struct file_operations* fops) {
  std::memset(cdev, 0, sizeof(*cdev));
  cdev->ops = fops;
}

// Models cdev_alloc().
struct cdev* cdev_alloc(void) {
  if (!AllocationAllowed()) return nullptr;
  auto* p = static_cast<struct cdev*>(std::calloc(1, sizeof(struct cdev)));
  if (p != nullptr) p->__libskb_allocated = 1;
  return p;
}

// Models cdev_add(): kobj_map() of the numbers.
int cdev_add(struct cdev* p, dev_t dev, unsigned count) {
  if (count == 0) return -EINVAL;  // v4.20+: WARN_ON(!count) ... -EINVAL before too for the map
  for (cdev* c : Cdevs()) {
    if (dev < c->dev + c->count && c->dev < dev + count) return -EBUSY;
  }
  p->dev = dev;
  p->count = count;
  Cdevs().push_back(p);
  AddRegistration(p, "cdev", Format("cdev %u:%u (%u minor%s)", MAJOR(dev), MINOR(dev), count, count == 1 ? "" : "s"),
                  CurrentModuleName());
  return 0;
}

// Models cdev_del().
void cdev_del(struct cdev* p) {
  auto& v = Cdevs();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (*it == p) {
      v.erase(it);
      break;
    }
  }
  RemoveRegistration(p, "cdev");
  if (p->__libskb_allocated) std::free(p);
}

// Models class_create() (drivers/base/class.c).
struct libskb_class* libskb_class_create(const char* name) {
  for (libskb_class* c : Classes()) {
    if (std::strcmp(c->name, name) == 0) return reinterpret_cast<struct libskb_class*>(static_cast<intptr_t>(-EEXIST));
  }
  if (!AllocationAllowed()) return reinterpret_cast<struct libskb_class*>(static_cast<intptr_t>(-ENOMEM));
  auto* c = static_cast<struct libskb_class*>(std::calloc(1, sizeof(struct libskb_class)));
  c->name = name;
  c->__libskb_allocated = 1;
  Classes().push_back(c);
  AddRegistration(c, "class", name, CurrentModuleName());
  return c;
}

int class_register(struct libskb_class* cls) {
  for (libskb_class* c : Classes()) {
    if (std::strcmp(c->name, cls->name) == 0) return -EEXIST;
  }
  Classes().push_back(cls);
  AddRegistration(cls, "class", cls->name, CurrentModuleName());
  return 0;
}

void class_unregister(struct libskb_class* cls) {
  auto& v = Classes();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (*it == cls) {
      v.erase(it);
      break;
    }
  }
  RemoveRegistration(cls, "class");
}

void class_destroy(struct libskb_class* cls) {
  if (cls == nullptr || reinterpret_cast<uintptr_t>(cls) >= static_cast<uintptr_t>(-4095)) return;
  class_unregister(cls);
  if (cls->__libskb_allocated) std::free(cls);
}

// Models device_create() (drivers/base/core.c).
struct device* device_create(struct libskb_class* cls, struct device* parent, dev_t devt, void* drvdata, const char* fmt,
                             ...) {
  if (cls == nullptr || reinterpret_cast<uintptr_t>(cls) >= static_cast<uintptr_t>(-4095)) {
    return reinterpret_cast<struct device*>(static_cast<intptr_t>(-EINVAL));
  }
  if (!AllocationAllowed()) return reinterpret_cast<struct device*>(static_cast<intptr_t>(-ENOMEM));
  auto* d = static_cast<struct device*>(std::calloc(1, sizeof(struct device)));
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(d->__libskb_name, sizeof(d->__libskb_name), fmt, ap);
  va_end(ap);
  d->libskb_class = cls;
  d->parent = parent;
  d->devt = devt;
  d->driver_data = drvdata;
  Devices().push_back(d);
  AddRegistration(d, "device", Format("%s (%u:%u, class %s)", d->__libskb_name, MAJOR(devt), MINOR(devt), cls->name),
                  CurrentModuleName());
  return d;
}

// Models device_destroy(): class_find_device_by_devt() + device_unregister().
void device_destroy(struct libskb_class* cls, dev_t devt) {
  auto& v = Devices();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if ((*it)->libskb_class == cls && (*it)->devt == devt) {
      device* d = *it;
      v.erase(it);
      RemoveRegistration(d, "device");
      std::free(d);
      return;
    }
  }
}

const char* dev_name(const struct device* dev) {
  return dev->init_name != nullptr && dev->__libskb_name[0] == '\0' ? dev->init_name : dev->__libskb_name;
}

// Models misc_register() (drivers/char/misc.c, 6.2+ minor allocation).
int misc_register(struct miscdevice* misc) {
  int minor = misc->minor;
  if (minor == MISC_DYNAMIC_MINOR) {
    minor = -1;
    for (int m = 127; m >= 0; --m) {
      bool used = false;
      for (miscdevice* x : Miscs()) used = used || x->minor == m;
      if (!used) {
        minor = m;
        break;
      }
    }
    if (minor < 0) return -EBUSY;
  } else {
    for (miscdevice* x : Miscs()) {
      if (x->minor == minor) return -EBUSY;
    }
  }
  misc->minor = minor;
  Miscs().push_back(misc);
  AddRegistration(misc, "misc", Format("%s (10:%d)", misc->name != nullptr ? misc->name : "?", minor),
                  CurrentModuleName());
  return 0;
}

// Models misc_deregister(): a dynamic minor goes back to MISC_DYNAMIC_MINOR.
void misc_deregister(struct miscdevice* misc) {
  auto& v = Miscs();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (*it == misc) {
      v.erase(it);
      break;
    }
  }
  RemoveRegistration(misc, "misc");
}

}  // extern "C"
