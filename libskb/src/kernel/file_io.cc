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
#include <linux/fs.h>
#include <linux/libskb_file_io.h>

#include <cstdint>
#include <string>
#include <unordered_map>

#include "internal.h"
#include "kernel/file_io_host.h"
#include "skb/file_io.h"
#include "skb/profile.h"

#ifdef _LIBSKB_LINUX_FS_H  // libskb's <linux/fs.h>, with struct file

namespace skb {
namespace {

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
  internal::HostStat st;
  if (internal::HostFstat(of.fd, &st) == 0) of.inode->i_size = st.size;
}

ssize_t RegularRead(struct file* file, char* buf, size_t count, loff_t* pos) {
  OpenFile* of = Lookup(file);
  if (of == nullptr) return -EBADF;
  if (*pos < 0) return -EINVAL;
  int64_t n = internal::HostPread(of->fd, buf, count, *pos);
  if (n < 0) return n;
  *pos += n;
  return n;
}

ssize_t RegularWrite(struct file* file, const char* buf, size_t count, loff_t* pos) {
  OpenFile* of = Lookup(file);
  if (of == nullptr) return -EBADF;
  loff_t at = *pos;
  if (file->f_flags & O_APPEND) {
    // generic_write_checks(): an O_APPEND write starts at the end of file.
    internal::HostStat st;
    int err = internal::HostFstat(of->fd, &st);
    if (err != 0) return err;
    at = st.size;
  }
  if (at < 0) return -EINVAL;
  int64_t n = internal::HostPwrite(of->fd, buf, count, at);
  if (n < 0) return n;
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
  int fd = skb::internal::HostOpen(filename, flags, mode);
  if (fd < 0) return skb::ErrFile(fd);
  skb::internal::HostStat st;
  int err = skb::internal::HostFstat(fd, &st);
  if (err != 0) {
    skb::internal::HostClose(fd);
    return skb::ErrFile(err);
  }
  auto* inode = new struct inode();
  inode->i_mode = static_cast<umode_t>(st.mode);
  inode->i_ino = static_cast<unsigned long>(st.ino);
  inode->i_size = st.size;
  auto* file = new struct file();
  file->f_inode = inode;
  file->f_op = skb::RegularFileOps();
  // do_dentry_open() drops the open-time-only flags; 64-bit kernels force
  // O_LARGEFILE (force_o_largefile()).
  file->f_flags = static_cast<unsigned>((flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC)) | O_LARGEFILE);
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
  skb::internal::HostClose(of->fd);
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
  return skb::internal::HostSync(of->fd, datasync != 0);
}

}  // extern "C"

#else  // !_LIBSKB_LINUX_FS_H

namespace skb {
int OpenModuleFiles() { return 0; }
}  // namespace skb

#endif  // _LIBSKB_LINUX_FS_H
