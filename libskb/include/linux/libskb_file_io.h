/* SPDX-License-Identifier: MIT */
/*
 * libskb: in-kernel file I/O as old modules do it - filp_open(), vfs_read(),
 * vfs_write(), kernel_read(), kernel_write(), vfs_llseek(), filp_close()
 * (fs/open.c, fs/read_write.c; declared by <linux/fs.h>, which includes this
 * header) - and the O_* open flags (<asm-generic/fcntl.h>).
 *
 * DOC: the scratch root
 *
 * A module's files never touch the host's: every path is resolved under a
 * scratch root - $LIBSKB_FS_ROOT if set, else a directory created once per
 * process (/tmp/libskb-fs.XXXXXX) and printed on stderr on first use, so that
 * what the module wrote can be read afterwards (skb::ModuleFsRoot() in
 * <skb/file_io.h>). The root is laid out like a small system: /etc, /tmp,
 * /var, /var/log, /var/tmp, /root, /home and /usr exist; anything else a test
 * puts there. Paths are resolved as the kernel resolves them for a task whose
 * root and working directory are "/": relative paths start at the root and
 * ".." stops there. O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY,
 * O_NOFOLLOW and the access mode are honoured (O_APPEND: each write goes to
 * the end of the file and moves the position there, as generic_write_checks
 * does); the other flags are accepted. Errors are the host's errno for the
 * same operation, returned as the kernel returns them: ERR_PTR(-errno) from
 * filp_open(), -errno from the others (-EBADF for a read of a file opened
 * write-only, and the converse).
 *
 * There is one address space in the model, so the "user" buffer of
 * vfs_read()/vfs_write() may be any memory, with or without set_fs(KERNEL_DS)
 * (<linux/uaccess.h> keeps get_fs()/set_fs() as documented no-ops).
 *
 * The file's f_op is that of a regular file on the active profile's kernel:
 * before v4.1 it has ->read and ->write (do_sync_read/new_sync_read), which
 * modules of that era call directly (file->f_op->read(file, buf, len,
 * &file->f_pos)); from v4.1 regular files have only ->read_iter and
 * ->write_iter, so such a call jumps to NULL, as it does in the kernel.
 *
 * API personality: kernel_read()/kernel_write() take (file, buf, count, &pos)
 * from v4.14; before, kernel_read(file, offset, addr, count) returns int and
 * kernel_write(file, buf, count, pos) (v3.9+) takes the position by value.
 */
#ifndef _LIBSKB_LINUX_LIBSKB_FILE_IO_H
#define _LIBSKB_LINUX_LIBSKB_FILE_IO_H

#include <linux/compiler.h>
#include <linux/libskb_api.h>
#include <bits/types.h>
#include <linux/types.h>

struct file;

/* include/linux/types.h and fs.h spell them so (repeating an identical
 * typedef is valid C11); the C library's spelling of the same 64-bit types,
 * so that both can be seen. <sys/types.h> is not included: its dev_t is not
 * the kernel's. */
typedef unsigned short umode_t;
typedef void *fl_owner_t;
typedef __loff_t loff_t;
#ifndef __ssize_t_defined
typedef __ssize_t ssize_t;
#define __ssize_t_defined
#endif

/* Open flags (include/uapi/asm-generic/fcntl.h, x86 values). */
#ifndef O_ACCMODE
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#endif
#ifndef O_CREAT
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DSYNC		00010000
#endif
#ifndef FASYNC
#define FASYNC		00020000
#endif
#ifndef O_DIRECT
#define O_DIRECT	00040000
#endif
#ifndef O_LARGEFILE
#define O_LARGEFILE	00100000
#endif
#ifndef O_DIRECTORY
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#endif
#ifndef O_NOATIME
#define O_NOATIME	01000000
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC	02000000
#endif
#ifndef O_SYNC
#define O_SYNC		(04000000 | O_DSYNC)
#endif
#ifndef O_NDELAY
#define O_NDELAY	O_NONBLOCK
#endif

LIBSKB_EXTERN_C_BEGIN
/* Models filp_open() (fs/open.c): the file, or ERR_PTR(-errno). */
struct file *filp_open(const char *filename, int flags, umode_t mode);
/* Models filp_close(): flushes and releases the file; 0. */
int filp_close(struct file *filp, fl_owner_t id);
/* Models vfs_read() (fs/read_write.c): bytes read, 0 at end of file, or -errno; advances *pos. */
ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos);
/* Models vfs_write(): bytes written or -errno; advances *pos. */
ssize_t vfs_write(struct file *file, const char __user *buf, size_t count, loff_t *pos);
/* Models vfs_llseek() over a regular file (generic_file_llseek): the new position or -EINVAL. */
loff_t vfs_llseek(struct file *file, loff_t offset, int whence);
/* Models vfs_fsync(): 0 (the scratch file is flushed to the host). */
int vfs_fsync(struct file *file, int datasync);
#if LIBSKB_API_AT_LEAST(4, 14)
/* Models kernel_read() (v4.14+): vfs_read() on a kernel buffer. */
ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos);
/* Models kernel_write() (v4.14+): vfs_write() from a kernel buffer. */
ssize_t kernel_write(struct file *file, const void *buf, size_t count, loff_t *pos);
#endif
LIBSKB_EXTERN_C_END

#if !LIBSKB_API_AT_LEAST(4, 14)
/* kernel_read() before v4.14 (fs/exec.c): reads at @offset, the file position untouched. */
static inline int kernel_read(struct file *file, loff_t offset, char *addr, unsigned long count)
{
	loff_t pos = offset;

	return (int)vfs_read(file, addr, count, &pos);
}
#endif
#if LIBSKB_API_AT_LEAST(3, 9) && !LIBSKB_API_AT_LEAST(4, 14)
/* kernel_write() of v3.9-v4.13 (fs/read_write.c): writes at @pos, the file position untouched. */
static inline ssize_t kernel_write(struct file *file, const char *buf, size_t count, loff_t pos)
{
	return vfs_write(file, buf, count, &pos);
}
#endif

#endif /* _LIBSKB_LINUX_LIBSKB_FILE_IO_H */
