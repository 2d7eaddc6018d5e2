/* SPDX-License-Identifier: MIT */
/*
 * libskb: sequential files (include/linux/seq_file.h, fs/seq_file.c).
 *
 * seq_read() produces the whole text of the file (start/show/next/stop
 * over every record, the way fs/seq_file.c does page by page) into the
 * seq_file's buffer on the first read from position 0, then copies from it
 * at *ppos; the result a reader sees is the kernel's for any iterator whose
 * start(pos) resumes at record pos. seq_printf() formats with libskb's
 * printk format engine (%pI4, %pM, ... as far as it models them).
 */
#ifndef _LIBSKB_LINUX_SEQ_FILE_H
#define _LIBSKB_LINUX_SEQ_FILE_H

#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/types.h>
#include <stdarg.h>

struct seq_operations;
struct user_namespace;

/* `private` is a C++ keyword: C++ (libskb itself) names the member libskb_private. */
#ifdef __cplusplus
#define LIBSKB_SEQ_PRIVATE libskb_private
#else
#define LIBSKB_SEQ_PRIVATE private
#endif

struct seq_file {
	char *buf;
	size_t size;
	size_t from;
	size_t count;
	size_t pad_until;
	loff_t index;
	loff_t read_pos;
	u64 version;
	const struct seq_operations *op;
	int poll_event;
	const struct file *file;
	void *LIBSKB_SEQ_PRIVATE;
};

struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};

#define SEQ_SKIP 1
#define SEQ_START_TOKEN ((void *)1)

LIBSKB_EXTERN_C_BEGIN
/* Models seq_open(): file->private_data = a new seq_file. */
int seq_open(struct file *file, const struct seq_operations *op);
/* Models seq_read(). */
ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos);
/* Models seq_lseek(): SEEK_SET and SEEK_CUR within the text; -EINVAL else. */
loff_t seq_lseek(struct file *file, loff_t offset, int whence);
/* Models seq_release(). */
int seq_release(struct inode *inode, struct file *file);
/* Models seq_open_private() / __seq_open_private(): a zeroed private area. */
void *__seq_open_private(struct file *f, const struct seq_operations *ops, int psize);
int seq_open_private(struct file *filp, const struct seq_operations *ops, int psize);
/* Models seq_release_private(). */
int seq_release_private(struct inode *inode, struct file *file);
/* Models single_open(): one record, shown by show(m, data). */
int single_open(struct file *file, int (*show)(struct seq_file *, void *), void *data);
/* Models single_open_size(). */
int single_open_size(struct file *file, int (*show)(struct seq_file *, void *), void *data, size_t size);
/* Models single_release(). */
int single_release(struct inode *inode, struct file *file);
/* Models seq_printf()/seq_vprintf(): appends; on overflow marks the file
 * overflowed (seq_has_overflowed), as the kernel's does. */
__attribute__((__format__(printf, 2, 3))) void seq_printf(struct seq_file *m, const char *fmt, ...);
void seq_vprintf(struct seq_file *m, const char *fmt, va_list args);
/* Models seq_puts(), seq_putc(), seq_write(). */
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
int seq_write(struct seq_file *seq, const void *data, size_t len);
/* Models seq_pad(). */
void seq_pad(struct seq_file *m, char c);
/* Models seq_put_decimal_ull() / seq_put_decimal_ll(). */
void seq_put_decimal_ull(struct seq_file *m, const char *delimiter, unsigned long long num);
void seq_put_decimal_ll(struct seq_file *m, const char *delimiter, long long num);
LIBSKB_EXTERN_C_END

static inline bool seq_has_overflowed(struct seq_file *m) { return m->count == m->size; }
static inline size_t seq_get_buf(struct seq_file *m, char **bufp)
{
	if (m->count < m->size)
		*bufp = m->buf + m->count;
	else
		*bufp = NULL;
	return m->size - m->count;
}
static inline void seq_commit(struct seq_file *m, int num)
{
	if (num < 0) {
		m->count = m->size;
	} else {
		m->count += (size_t)num;
	}
}
static inline struct user_namespace *seq_user_ns(struct seq_file *seq) { (void)seq; return NULL; }

#define DEFINE_SEQ_ATTRIBUTE(__name)					\
static int __name ## _open(struct inode *inode, struct file *file)	\
{									\
	int ret = seq_open(file, &__name ## _sops);			\
	if (!ret && inode->i_private) {					\
		struct seq_file *seq_f = file->private_data;		\
		seq_f->private = inode->i_private;			\
	}								\
	return ret;							\
}									\
static const struct file_operations __name ## _fops = {		\
	.owner		= THIS_MODULE,					\
	.open		= __name ## _open,				\
	.read		= seq_read,					\
	.llseek		= seq_lseek,					\
	.release	= seq_release,					\
}

#define DEFINE_SHOW_ATTRIBUTE(__name)					\
static int __name ## _open(struct inode *inode, struct file *file)	\
{									\
	return single_open(file, __name ## _show, inode->i_private);	\
}									\
static const struct file_operations __name ## _fops = {		\
	.owner		= THIS_MODULE,					\
	.open		= __name ## _open,				\
	.read		= seq_read,					\
	.llseek		= seq_lseek,					\
	.release	= single_release,				\
}

#define DEFINE_PROC_SHOW_ATTRIBUTE(__name)				\
static int __name ## _open(struct inode *inode, struct file *file)	\
{									\
	return single_open(file, __name ## _show, libskb_pde_data(inode)); \
}									\
static const struct proc_ops __name ## _proc_ops = {			\
	.proc_open	= __name ## _open,				\
	.proc_read	= seq_read,					\
	.proc_lseek	= seq_lseek,					\
	.proc_release	= single_release,				\
}

#endif /* _LIBSKB_LINUX_SEQ_FILE_H */
