/* SPDX-License-Identifier: MIT */
/*
 * libskb: procfs entries (include/linux/proc_fs.h, fs/proc/generic.c,
 * fs/proc/inode.c).
 *
 * Entries a module creates are recorded (skb::Registrations(), kind
 * "procfs", name the full path such as "/proc/net/foo") and can be read and
 * written by a test or the harness with skb::ReadProcEntry() /
 * skb::WriteProcEntry() (<skb/kernel_env.h>), which open the entry, call
 * the module's read/write handlers as a read(2)/write(2) would, and release
 * it. struct proc_dir_entry is libskb's and opaque, as in the kernel.
 * Creating an entry that exists returns NULL after the kernel's WARN
 * ("proc_dir_entry '%s/%s' already registered"); removing a missing one
 * WARNs ("name '%s'"). An entry left behind at module exit is reported.
 *
 * API personality: proc_create*() take struct proc_ops from v5.6, struct
 * file_operations before; PDE_DATA() up to 5.16, pde_data() from 5.17;
 * proc_create_single*() and proc_create_seq*() from 4.18. The parent for
 * /proc/net is init_net.proc_net in the kernel; the model also accepts
 * NULL with a "net/" prefix in the name.
 */
#ifndef _LIBSKB_LINUX_PROC_FS_H
#define _LIBSKB_LINUX_PROC_FS_H

#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/libskb_api.h>
#include <linux/types.h>

struct proc_dir_entry;
struct seq_file;
struct seq_operations;

#define PROC_ENTRY_PERMANENT 1U

struct proc_ops {
	unsigned int proc_flags;
	int (*proc_open)(struct inode *, struct file *);
	ssize_t (*proc_read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*proc_read_iter)(struct kiocb *, struct iov_iter *);
	ssize_t (*proc_write)(struct file *, const char __user *, size_t, loff_t *);
	loff_t (*proc_lseek)(struct file *, loff_t, int);
	int (*proc_release)(struct inode *, struct file *);
	unsigned int (*proc_poll)(struct file *, struct poll_table_struct *);
	long (*proc_ioctl)(struct file *, unsigned int, unsigned long);
	long (*proc_compat_ioctl)(struct file *, unsigned int, unsigned long);
	int (*proc_mmap)(struct file *, struct vm_area_struct *);
	unsigned long (*proc_get_unmapped_area)(struct file *, unsigned long, unsigned long, unsigned long,
						unsigned long);
};

#if LIBSKB_API_AT_LEAST(5, 6)
#define LIBSKB_PROC_OPS struct proc_ops
#else
#define LIBSKB_PROC_OPS struct file_operations
#endif

LIBSKB_EXTERN_C_BEGIN
/* Models proc_create_data() (fs/proc/generic.c) with either operations table
 * (is_proc_ops says which): NULL if the entry exists or the parent is not a
 * directory. */
struct proc_dir_entry *libskb_proc_create(const char *name, umode_t mode, struct proc_dir_entry *parent,
					  const void *ops, int is_proc_ops, void *data);
/* Models proc_mkdir_data(). */
struct proc_dir_entry *proc_mkdir_data(const char *name, umode_t mode, struct proc_dir_entry *parent, void *data);
/* Models proc_mkdir_mode(). */
struct proc_dir_entry *proc_mkdir_mode(const char *name, umode_t mode, struct proc_dir_entry *parent);
/* Models proc_mkdir(). */
struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent);
/* Models proc_symlink(). */
struct proc_dir_entry *proc_symlink(const char *name, struct proc_dir_entry *parent, const char *dest);
/* Models remove_proc_entry(): WARN "name '%s'" if absent; a directory's
 * children go with it. */
void remove_proc_entry(const char *name, struct proc_dir_entry *parent);
/* Models remove_proc_subtree(): -ENOENT if absent. */
int remove_proc_subtree(const char *name, struct proc_dir_entry *parent);
/* Models proc_remove(): removes the entry and its subtree; NULL is ignored. */
void proc_remove(struct proc_dir_entry *de);
/* Models proc_set_size() / proc_set_user() (recorded only). */
void proc_set_size(struct proc_dir_entry *de, loff_t size);
/* The data pointer given at creation (PDE_DATA()/pde_data()). */
void *libskb_pde_data(const struct inode *inode);
/* Models proc_create_single_data() (v4.18+). */
struct proc_dir_entry *proc_create_single_data(const char *name, umode_t mode, struct proc_dir_entry *parent,
					       int (*show)(struct seq_file *, void *), void *data);
/* Models proc_create_seq_private() (v4.18+). */
struct proc_dir_entry *proc_create_seq_private(const char *name, umode_t mode, struct proc_dir_entry *parent,
					       const struct seq_operations *ops, unsigned int state_size, void *data);
/* The /proc/net directory (init_net.proc_net in the kernel). */
extern struct proc_dir_entry *libskb_proc_net;
LIBSKB_EXTERN_C_END

static inline struct proc_dir_entry *proc_create_data(const char *name, umode_t mode, struct proc_dir_entry *parent,
						      const LIBSKB_PROC_OPS *ops, void *data)
{
	return libskb_proc_create(name, mode, parent, ops, LIBSKB_API_AT_LEAST(5, 6), data);
}
static inline struct proc_dir_entry *proc_create(const char *name, umode_t mode, struct proc_dir_entry *parent,
						 const LIBSKB_PROC_OPS *ops)
{
	return libskb_proc_create(name, mode, parent, ops, LIBSKB_API_AT_LEAST(5, 6), NULL);
}
#if LIBSKB_API_AT_LEAST(5, 17)
static inline void *pde_data(const struct inode *inode) { return libskb_pde_data(inode); }
#else
static inline void *PDE_DATA(const struct inode *inode) { return libskb_pde_data(inode); }
#endif
#if LIBSKB_API_AT_LEAST(4, 18)
#define proc_create_single(name, mode, parent, show) proc_create_single_data(name, mode, parent, show, NULL)
#define proc_create_seq_data(name, mode, parent, ops, data) proc_create_seq_private(name, mode, parent, ops, 0, data)
#define proc_create_seq(name, mode, parent, ops) proc_create_seq_private(name, mode, parent, ops, 0, NULL)
#endif
#define proc_net_fops_create(net, name, mode, fops) proc_create(name, mode, libskb_proc_net, fops)
#define proc_net_remove(net, name) remove_proc_entry(name, libskb_proc_net)

#endif /* _LIBSKB_LINUX_PROC_FS_H */
