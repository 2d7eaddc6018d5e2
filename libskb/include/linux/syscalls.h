/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/syscalls.h> - the kernel's prototypes of the system call
 * entry points, which old modules called directly for file access
 * (sys_open(), sys_read(), ...; never exported to modules on modern kernels,
 * and ksys_*() in-kernel helpers from v4.17).
 *
 * Declarations only, for the file calls modules are seen to use: a call ends
 * the run naming the function (the build's "not modelled" stubs). Module
 * code wanting file I/O that libskb models uses filp_open()/vfs_read()/
 * vfs_write() (<linux/fs.h>).
 */
#ifndef _LIBSKB_LINUX_SYSCALLS_H
#define _LIBSKB_LINUX_SYSCALLS_H

#include <linux/compiler.h>
#include <linux/types.h>

#ifndef asmlinkage
#define asmlinkage
#endif

LIBSKB_EXTERN_C_BEGIN
asmlinkage long sys_open(const char __user *filename, int flags, unsigned short mode);
asmlinkage long sys_close(unsigned int fd);
asmlinkage long sys_read(unsigned int fd, char __user *buf, size_t count);
asmlinkage long sys_write(unsigned int fd, const char __user *buf, size_t count);
asmlinkage long sys_lseek(unsigned int fd, __kernel_off_t offset, unsigned int whence);
asmlinkage long sys_unlink(const char __user *pathname);
asmlinkage long sys_mkdir(const char __user *pathname, unsigned short mode);
asmlinkage long sys_sync(void);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_SYSCALLS_H */
