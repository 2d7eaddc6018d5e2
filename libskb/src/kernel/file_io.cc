// libskb: in-kernel file I/O (filp_open/vfs_read/vfs_write/kernel_read/
// kernel_write/vfs_llseek/filp_close, <linux/libskb_file_io.h>) on a scratch
// directory of the host, so that a module's log and configuration files work
// as they do in the kernel without touching the host's own files.
//
// struct file and its f_op come from <linux/fs.h> (the kernel environment's
// file-system interface). Until that header is part of libskb this file
// compiles to the C++ API alone and the C functions stay undefined, so that
// a module calling them links against the "not modelled" stubs and fails
// loudly instead.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

// After <fcntl.h>: libskb's O_* names are the kernel's, which on x86-64 are
// glibc's too (checked below).
#include <linux/fs.h>
#include <linux/libskb_file_io.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "internal.h"
#include "skb/file_io.h"
#include "skb/profile.h"

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
  std::string partial;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    partial = dir.substr(0, pos);
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

}  // namespace skb

#ifdef _LIBSKB_LINUX_FS_H  // libskb's <linux/fs.h>, with struct file

static_assert(O_CREAT == 0100 && O_EXCL == 0200 && O_TRUNC == 01000 && O_APPEND == 02000 &&
                  O_DIRECTORY == 0200000 && O_NOFOLLOW == 0400000 && O_ACCMODE == 3,
              "the kernel's x86 open flags are the host's");

namespace skb {
namespace {

constexpr int kKernelOLargefile = 0100000;  // O_LARGEFILE of x86-64 kernels (0 in glibc)

struct OpenFile {
  int fd;
  struct inode* inode;
};

std::unordered_map<const struct file*, OpenFile>& Files() {
  static auto* m = new std::unordered_map<const struct file*, OpenFile>();
  return *m;
}

// ERR_PTR() (include/linux/err.h).
struct file* ErrFile(long err) { return reinterpret_cast<struct file*>(static_cast<intptr_t>(err)); }

bool IsErrOrNull(const void* p) {
  auto v = reinterpret_cast<uintptr_t>(p);
  return v < 4096 || v >= static_cast<uintptr_t>(-4095);
}

// A module passed a NULL or ERR_PTR file: the kernel faults reading it.
[[noreturn]] void BadFile(const char* function, const struct file* file, size_t field, const void* caller) {
  auto v = reinterpret_cast<uintptr_t>(file);
  if (v < 4096) {
    internal::NullDeref(v + field, false, function, nullptr,
                        internal::Format("libskb: %s() called with a NULL struct file\n", function), caller);
  }
  internal::BugAt(Site::kModuleBug, "fs/read_write.c", function, nullptr,
                  internal::Format("BUG: unable to handle page fault for address: %016lx\nlibskb: %s() called with "
                                   "ERR_PTR(%ld) as the struct file (an unchecked filp_open() failure?)\n",
                                   static_cast<unsigned long>(v + field), function, static_cast<long>(v)),
                  caller);
}

OpenFile* Lookup(const struct file* file) {
  auto it = Files().find(file);
  return it == Files().end() ? nullptr : &it->second;
}

void RefreshSize(const OpenFile& of) {
  struct stat st;
  if (fstat(of.fd, &st) == 0) of.inode->i_size = st.st_size;
}

ssize_t RegularRead(struct file* file, char* buf, size_t count, loff_t* pos) {
  OpenFile* of = Lookup(file);
  if (of == nullptr) return -EBADF;
  if (*pos < 0) return -EINVAL;
  ssize_t n = pread(of->fd, buf, count, *pos);
  if (n < 0) return -errno;
  *pos += n;
  return n;
}

ssize_t RegularWrite(struct file* file, const char* buf, size_t count, loff_t* pos) {
  OpenFile* of = Lookup(file);
  if (of == nullptr) return -EBADF;
  loff_t at = *pos;
  if (file->f_flags & O_APPEND) {
    // generic_write_checks(): an O_APPEND write starts at the end of file.
    struct stat st;
    if (fstat(of->fd, &st) != 0) return -errno;
    at = st.st_size;
  }
  if (at < 0) return -EINVAL;
  ssize_t n = pwrite(of->fd, buf, count, at);
  if (n < 0) return -errno;
  *pos = at + n;
  RefreshSize(*of);
  return n;
}

loff_t RegularLlseek(struct file* file, loff_t offset, int whence) {
  OpenFile* of = Lookup(file);
  if (of == nullptr) return -EBADF;
  RefreshSize(*of);
  loff_t base;
  switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = file->f_pos; break;
    case SEEK_END: base = of->inode->i_size; break;
    default: return -EINVAL;
  }
  loff_t next = base + offset;
  if (next < 0) return -EINVAL;
  file->f_pos = next;
  return next;
}

// ext4_file_operations (fs/ext4/file.c): ->read/->write up to v4.0
// (do_sync_read, new_sync_read from v3.16), only the _iter forms from v4.1.
const struct file_operations* RegularFileOps() {
  static const struct file_operations with_read = [] {
    struct file_operations ops = {};
    ops.llseek = RegularLlseek;
    ops.read = RegularRead;
    ops.write = RegularWrite;
    return ops;
  }();
  static const struct file_operations iter_only = [] {
    struct file_operations ops = {};
    ops.llseek = RegularLlseek;
    return ops;
  }();
  return Active().AtLeast(4, 1) ? &iter_only : &with_read;
}

}  // namespace

int OpenModuleFiles() { return static_cast<int>(Files().size()); }

}  // namespace skb

extern "C" {

// Models filp_open() (fs/open.c, every profile) on the scratch root.
struct file* filp_open(const char* filename, int flags, umode_t mode) {
  using skb::OpenFile;
  if (filename == nullptr) return skb::ErrFile(-EFAULT);  // getname() faults
  if (*filename == '\0') return skb::ErrFile(-ENOENT);
  std::string host = skb::ModuleFsPath(filename);
  int hflags = flags & (O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_DIRECTORY | O_NOFOLLOW);
  int fd = open(host.c_str(), hflags | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) return skb::ErrFile((-errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int err = errno;
    close(fd);
    return skb::ErrFile((-err));
  }
  auto* inode = new struct inode();
  inode->i_mode = static_cast<umode_t>(st.st_mode);
  inode->i_ino = st.st_ino;
  inode->i_size = st.st_size;
  auto* file = new struct file();
  file->f_inode = inode;
  file->f_op = skb::RegularFileOps();
  // do_dentry_open() drops the open-time-only flags; 64-bit kernels force
  // O_LARGEFILE (force_o_largefile()).
  file->f_flags = static_cast<unsigned>((flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC)) | skb::kKernelOLargefile);
  fmode_t fmode = FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
  if ((flags & O_ACCMODE) != O_WRONLY) fmode |= FMODE_READ;
  if ((flags & O_ACCMODE) != O_RDONLY) fmode |= FMODE_WRITE;
  file->f_mode = fmode;
  file->f_pos = 0;
  skb::Files()[file] = OpenFile{fd, inode};
  return file;
}

// Models filp_close(): the descriptor is closed and the struct file freed
// (in the kernel by the last fput()); using it afterwards is a
// use-after-free that AddressSanitizer reports.
int filp_close(struct file* filp, fl_owner_t /*id*/) {
  if (skb::IsErrOrNull(filp)) skb::BadFile("filp_close", filp, offsetof(struct file, f_mode), LIBSKB_CALLER());
  skb::OpenFile* of = skb::Lookup(filp);
  if (of == nullptr) {
    // Not (or no longer) a filp_open() file: touch it as the kernel's
    // fput() would, so a closed one is reported as a use-after-free.
    volatile fmode_t touch = filp->f_mode;
    (void)touch;
    skb::internal::BugAt(skb::Site::kModuleBug, "fs/open.c", "filp_close", nullptr,
                         "libskb: filp_close() of a struct file that filp_open() did not return or that is closed\n",
                         LIBSKB_CALLER());
  }
  close(of->fd);
  delete of->inode;
  skb::Files().erase(filp);
  delete filp;
  return 0;
}

// Models vfs_read() (fs/read_write.c): FMODE_READ, then ->read (or the
// regular file's read_iter path).
ssize_t vfs_read(struct file* file, char __user* buf, size_t count, loff_t* pos) {
  if (skb::IsErrOrNull(file)) skb::BadFile("vfs_read", file, offsetof(struct file, f_mode), LIBSKB_CALLER());
  if (!(file->f_mode & FMODE_READ)) return -EBADF;
  if (count == 0) return 0;
  if (skb::Lookup(file) != nullptr) return skb::RegularRead(file, buf, count, pos);
  if (file->f_op == nullptr || file->f_op->read == nullptr) return -EINVAL;
  return file->f_op->read(file, buf, count, pos);
}

// Models vfs_write() (fs/read_write.c): FMODE_WRITE, then ->write (or the
// regular file's write_iter path).
ssize_t vfs_write(struct file* file, const char __user* buf, size_t count, loff_t* pos) {
  if (skb::IsErrOrNull(file)) skb::BadFile("vfs_write", file, offsetof(struct file, f_mode), LIBSKB_CALLER());
  if (!(file->f_mode & FMODE_WRITE)) return -EBADF;
  if (count == 0) return 0;
  if (skb::Lookup(file) != nullptr) return skb::RegularWrite(file, buf, count, pos);
  if (file->f_op == nullptr || file->f_op->write == nullptr) return -EINVAL;
  return file->f_op->write(file, buf, count, pos);
}

// Models kernel_read() (fs/read_write.c, v4.14+).
ssize_t kernel_read(struct file* file, void* buf, size_t count, loff_t* pos) {
  if (skb::IsErrOrNull(file)) skb::BadFile("kernel_read", file, offsetof(struct file, f_mode), LIBSKB_CALLER());
  return vfs_read(file, static_cast<char*>(buf), count, pos);
}

// Models kernel_write() (fs/read_write.c, v4.14+).
ssize_t kernel_write(struct file* file, const void* buf, size_t count, loff_t* pos) {
  if (skb::IsErrOrNull(file)) skb::BadFile("kernel_write", file, offsetof(struct file, f_mode), LIBSKB_CALLER());
  return vfs_write(file, static_cast<const char*>(buf), count, pos);
}

// Models vfs_llseek() (fs/read_write.c) over ->llseek.
loff_t vfs_llseek(struct file* file, loff_t offset, int whence) {
  if (skb::IsErrOrNull(file)) skb::BadFile("vfs_llseek", file, offsetof(struct file, f_mode), LIBSKB_CALLER());
  if (file->f_op == nullptr || file->f_op->llseek == nullptr) return -ESPIPE;
  return file->f_op->llseek(file, offset, whence);
}

// Models vfs_fsync(): the host file is synced.
int vfs_fsync(struct file* file, int datasync) {
  if (skb::IsErrOrNull(file)) skb::BadFile("vfs_fsync", file, offsetof(struct file, f_mode), LIBSKB_CALLER());
  skb::OpenFile* of = skb::Lookup(file);
  if (of == nullptr) return -EINVAL;
  return (datasync ? fdatasync(of->fd) : fsync(of->fd)) == 0 ? 0 : -errno;
}

}  // extern "C"

#else  // !_LIBSKB_LINUX_FS_H

namespace skb {
int OpenModuleFiles() { return 0; }
}  // namespace skb

#endif  // _LIBSKB_LINUX_FS_H
