// libskb: the host side of module file I/O - the scratch root a module's
// paths resolve under (<skb/file_io.h>) and the system calls on it.
#include "kernel/file_io_host.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "skb/file_io.h"

namespace skb {
namespace {

// The directories a usual system has, which module code writes into
// without creating them (/var/log above all).
constexpr const char* kSkeleton[] = {"/etc", "/tmp", "/var", "/var/log", "/var/tmp", "/root", "/home", "/usr"};

std::string& RootSetting() {
  static auto* s = new std::string();
  return *s;
}
std::string& ActiveRoot() {
  static auto* s = new std::string();
  return *s;
}

void MakeDirs(const std::string& dir) {
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    std::string partial = dir.substr(0, pos);
    if (!partial.empty()) mkdir(partial.c_str(), 0755);
  }
}

// Splits `path` into components and resolves "." and ".." as the kernel
// does for a task whose root is "/": ".." at the root stays there.
std::vector<std::string> Components(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string c = path.substr(start, end - start);
    if (c == "..") {
      if (!out.empty()) out.pop_back();
    } else if (!c.empty() && c != ".") {
      out.push_back(std::move(c));
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string ModuleFsRoot() {
  std::string& root = ActiveRoot();
  if (!root.empty()) return root;
  std::string dir = RootSetting();
  if (dir.empty()) {
    const char* env = getenv("LIBSKB_FS_ROOT");
    if (env != nullptr && *env != '\0') dir = env;
  }
  if (dir.empty()) {
    char templ[] = "/tmp/libskb-fs.XXXXXX";
    if (mkdtemp(templ) == nullptr) {
      fprintf(stderr, "libskb: cannot create the scratch root for module file I/O: %s\n", strerror(errno));
      abort();
    }
    dir = templ;
  }
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  MakeDirs(dir);
  for (const char* sub : kSkeleton) mkdir((dir + sub).c_str(), 0755);
  root = dir;
  fprintf(stderr, "libskb: module file I/O (filp_open) lives under %s\n", root.c_str());
  return root;
}

std::string ModuleFsPath(const std::string& path) {
  std::string host = ModuleFsRoot();
  for (const std::string& c : Components(path)) host += "/" + c;
  return host;
}

void SetModuleFsRoot(const std::string& dir) {
  RootSetting() = dir;
  ActiveRoot().clear();
}

namespace internal {

// The kernel's x86 open flags (include/uapi/asm-generic/fcntl.h) are the
// host's on x86-64 Linux, except O_LARGEFILE (0 in glibc, which 64-bit
// kernels force on anyway).
static_assert(O_ACCMODE == 03 && O_CREAT == 0100 && O_EXCL == 0200 && O_TRUNC == 01000 && O_APPEND == 02000 &&
                  O_DIRECTORY == 0200000 && O_NOFOLLOW == 0400000,
              "the kernel's x86 open flags are the host's");

int HostOpen(const std::string& path, int kflags, unsigned mode) {
  int flags = kflags & (O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_DIRECTORY | O_NOFOLLOW);
  int fd = open(ModuleFsPath(path).c_str(), flags | O_CLOEXEC, static_cast<mode_t>(mode));
  return fd < 0 ? -errno : fd;
}

int HostFstat(int fd, HostStat* st) {
  struct stat s;
  if (fstat(fd, &s) != 0) return -errno;
  st->mode = s.st_mode;
  st->ino = s.st_ino;
  st->size = s.st_size;
  return 0;
}

int64_t HostPread(int fd, void* buf, size_t count, int64_t offset) {
  ssize_t n = pread(fd, buf, count, offset);
  return n < 0 ? -errno : n;
}

int64_t HostPwrite(int fd, const void* buf, size_t count, int64_t offset) {
  ssize_t n = pwrite(fd, buf, count, offset);
  return n < 0 ? -errno : n;
}

int HostSync(int fd, bool datasync) { return (datasync ? fdatasync(fd) : fsync(fd)) == 0 ? 0 : -errno; }

void HostClose(int fd) { close(fd); }

}  // namespace internal
}  // namespace skb
