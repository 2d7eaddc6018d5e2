/* SPDX-License-Identifier: MIT */
/*
 * libskb: the file-system interface a module uses to offer a device or a
 * proc file (include/linux/fs.h, fs/char_dev.c): struct file_operations,
 * struct file, struct inode, and the char device number registry.
 *
 * Only the fields module code reads or fills in are declared; their names
 * and types are the kernel's. The layout is the same under every API
 * personality: the pre-2.6.36 .ioctl slot is named ioctl only on profiles
 * that had it. libskb calls these operations when a test or the harness
 * reads or writes a file (skb::ReadProcEntry(), skb::ReadCharDevice() in
 * <skb/kernel_env.h>); user buffers are ordinary memory.
 *
 * DOC: major numbers
 *
 * register_chrdev(0, ...) and alloc_chrdev_region() take the kernel's
 * dynamic majors: the highest free one from 254 down to 234, then 511 down
 * to 384 (fs/char_dev.c find_dynamic_major, v4.14+; older kernels stop at
 * 254..1, which gives the same first answers). The model starts with no other
 * driver registered, so the first dynamic major is 254.
 */
#ifndef _LIBSKB_LINUX_FS_H
#define _LIBSKB_LINUX_FS_H

#include <bits/types.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kdev_t.h>
#include <linux/libskb_api.h>
#include <linux/types.h>
#include <linux/wait.h>

/* glibc's spelling of the same 64-bit types, so that both can be seen. */
typedef __loff_t loff_t;
#ifndef __ssize_t_defined
typedef __ssize_t ssize_t;
#define __ssize_t_defined
#endif
typedef unsigned short umode_t;
typedef unsigned int fmode_t;

struct module;
struct file;
struct inode;
struct poll_table_struct;
struct vm_area_struct;
struct kiocb;
struct iov_iter;
struct cdev;
struct dentry;

#define FMODE_READ	((fmode_t)0x1)
#define FMODE_WRITE	((fmode_t)0x2)
#define FMODE_LSEEK	((fmode_t)0x4)
#define FMODE_PREAD	((fmode_t)0x8)
#define FMODE_PWRITE	((fmode_t)0x10)

#define MAY_EXEC	0x00000001
#define MAY_WRITE	0x00000002
#define MAY_READ	0x00000004

#ifndef SEEK_SET
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#endif
#define SEEK_DATA	3
#define SEEK_HOLE	4
#define SEEK_MAX	SEEK_HOLE

#define CHRDEV_MAJOR_MAX 512
#define CHRDEV_MAJOR_DYN_END 234
#define CHRDEV_MAJOR_DYN_EXT_START 511
#define CHRDEV_MAJOR_DYN_EXT_END 384

/* Mode bits (include/uapi/linux/stat.h, include/linux/stat.h). */
#ifndef S_IFMT
#define S_IFMT   00170000
#define S_IFSOCK 0140000
#define S_IFLNK	 0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISUID  0004000
#define S_ISGID  0002000
#define S_ISVTX  0001000
#define S_IRWXU 00700
#define S_IRUSR 00400
#define S_IWUSR 00200
#define S_IXUSR 00100
#define S_IRWXG 00070
#define S_IRGRP 00040
#define S_IWGRP 00020
#define S_IXGRP 00010
#define S_IRWXO 00007
#define S_IROTH 00004
#define S_IWOTH 00002
#define S_IXOTH 00001
#endif
#define S_IRWXUGO	(S_IRWXU | S_IRWXG | S_IRWXO)
#define S_IALLUGO	(S_ISUID | S_ISGID | S_ISVTX | S_IRWXUGO)
#define S_IRUGO		(S_IRUSR | S_IRGRP | S_IROTH)
#define S_IWUGO		(S_IWUSR | S_IWGRP | S_IWOTH)
#define S_IXUGO		(S_IXUSR | S_IXGRP | S_IXOTH)

struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char __user *, size_t, loff_t *);
	ssize_t (*read_iter)(struct kiocb *, struct iov_iter *);
	ssize_t (*write_iter)(struct kiocb *, struct iov_iter *);
	unsigned int (*poll)(struct file *, struct poll_table_struct *);
#if LIBSKB_API_AT_LEAST(2, 6, 36)
	int (*__libskb_ioctl)(struct inode *, struct file *, unsigned int, unsigned long);
#else
	int (*ioctl)(struct inode *, struct file *, unsigned int, unsigned long);
#endif
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	long (*compat_ioctl)(struct file *, unsigned int, unsigned long);
	int (*mmap)(struct file *, struct vm_area_struct *);
	int (*open)(struct inode *, struct file *);
	int (*flush)(struct file *, void *id);
	int (*release)(struct inode *, struct file *);
	int (*fsync)(struct file *, loff_t, loff_t, int datasync);
	int (*fasync)(int, struct file *, int);
};

/* The inode of a proc entry or device node (include/linux/fs.h, reduced). */
struct inode {
	umode_t i_mode;
	unsigned long i_ino;
	__u32 i_rdev;		/* dev_t */
	loff_t i_size;
	const struct file_operations *i_fop;
	struct cdev *i_cdev;
	void *i_private;
	void *__libskb_pde;	/* the proc entry, for PDE_DATA() */
};

/* An open file (include/linux/fs.h, reduced). */
struct file {
	struct inode *f_inode;
	const struct file_operations *f_op;
	unsigned int f_flags;
	fmode_t f_mode;
	loff_t f_pos;
	void *private_data;
	struct {
		struct dentry *dentry;
	} f_path;
};

static inline struct inode *file_inode(const struct file *f) { return f->f_inode; }
static inline unsigned iminor(const struct inode *inode) { return MINOR(inode->i_rdev); }
static inline unsigned imajor(const struct inode *inode) { return MAJOR(inode->i_rdev); }

LIBSKB_EXTERN_C_BEGIN
/* Models __register_chrdev() (fs/char_dev.c): major 0 allocates a dynamic
 * major and returns it; else 0 on success, -EBUSY if taken. */
int __register_chrdev(unsigned int major, unsigned int baseminor, unsigned int count, const char *name,
		      const struct file_operations *fops);
/* Models __unregister_chrdev(). */
void __unregister_chrdev(unsigned int major, unsigned int baseminor, unsigned int count, const char *name);
/* Models register_chrdev_region(): 0, or -EBUSY if any minor is taken. */
int register_chrdev_region(dev_t from, unsigned count, const char *name);
/* Models alloc_chrdev_region(): a dynamic major in *dev; 0 or -EBUSY. */
int libskb_alloc_chrdev_region(__u32 *dev, unsigned baseminor, unsigned count, const char *name);
/* Models unregister_chrdev_region(). */
void unregister_chrdev_region(dev_t from, unsigned count);
/* Models nonseekable_open(). */
int nonseekable_open(struct inode *inode, struct file *filp);
/* Models stream_open() (v5.3+ name; declared throughout). */
int stream_open(struct inode *inode, struct file *filp);
/* Models no_llseek(): -ESPIPE. */
loff_t no_llseek(struct file *file, loff_t offset, int whence);
/* Models noop_llseek(): the position unchanged. */
loff_t noop_llseek(struct file *file, loff_t offset, int whence);
/* Models default_llseek()/generic_file_llseek() over an unsized file. */
loff_t default_llseek(struct file *file, loff_t offset, int whence);
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence);
/* Models fixed_size_llseek(). */
loff_t fixed_size_llseek(struct file *file, loff_t offset, int whence, loff_t size);
/* Models simple_read_from_buffer() (fs/libfs.c). */
ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos, const void *from, size_t available);
/* Models simple_write_to_buffer(). */
ssize_t simple_write_to_buffer(void *to, size_t available, loff_t *ppos, const void __user *from, size_t count);
/* Models simple_open(): private_data = inode->i_private. */
int simple_open(struct inode *inode, struct file *file);
LIBSKB_EXTERN_C_END

static inline int alloc_chrdev_region(dev_t *dev, unsigned baseminor, unsigned count, const char *name)
{
	__u32 d = 0;
	int ret = libskb_alloc_chrdev_region(&d, baseminor, count, name);

	if (ret == 0)
		*dev = (dev_t)d;
	return ret;
}
static inline int register_chrdev(unsigned int major, const char *name, const struct file_operations *fops)
{
	return __register_chrdev(major, 0, 256, name, fops);
}
static inline void unregister_chrdev(unsigned int major, const char *name)
{
	__unregister_chrdev(major, 0, 256, name);
}

/* The old in-kernel file I/O (filp_open, kernel_write, set_fs, ...). */
#include <linux/libskb_file_io.h>

#endif /* _LIBSKB_LINUX_FS_H */
