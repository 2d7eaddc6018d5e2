// libskb internals: the host side of module file I/O (file_io_host.cc) -
// the scratch root and the system calls on it - kept apart from the kernel
// side (file_io.cc) because the C library's <fcntl.h> and <sys/types.h>
// define types and flags that clash with the kernel's (dev_t, O_LARGEFILE).
// Everything is in plain C++ types; errors are -errno.
#ifndef LIBSKB_SRC_KERNEL_FILE_IO_HOST_H_
#define LIBSKB_SRC_KERNEL_FILE_IO_HOST_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace skb::internal {

struct HostStat {
  unsigned mode;
  uint64_t ino;
  int64_t size;
};

// open(2) of the module path `path` under the scratch root, with the kernel's
// x86 open flags `kflags` (access mode, O_CREAT, O_EXCL, O_TRUNC,
// O_DIRECTORY, O_NOFOLLOW honoured; O_APPEND is applied by the writer).
// Returns the descriptor or -errno.
int HostOpen(const std::string& path, int kflags, unsigned mode);
int HostFstat(int fd, HostStat* st);
int64_t HostPread(int fd, void* buf, size_t count, int64_t offset);
int64_t HostPwrite(int fd, const void* buf, size_t count, int64_t offset);
int HostSync(int fd, bool datasync);
void HostClose(int fd);

}  // namespace skb::internal

#endif  // LIBSKB_SRC_KERNEL_FILE_IO_HOST_H_
