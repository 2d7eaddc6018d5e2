// SPDX-License-Identifier: MIT
/*
 * svc_fileio: a packet logger written the old-school way - the kind of
 * module people wrote for 2.6-4.x kernels and still do: the hook opens a log
 * file with filp_open(), appends one line per IPv4 packet and closes it
 * again; set_fs(KERNEL_DS) around vfs_write() where the kernel had set_fs
 * (before v5.10), kernel_write() from v4.14 on. At load it reads an optional
 * tag from /etc/svc_fileio.conf with vfs_read(), as configuration-file
 * modules do. The log line carries the addresses read with
 * get_unaligned_be32() (<asm/unaligned.h>, <linux/unaligned.h> from v6.12).
 *
 * Used by svc_fileio_test.cc: two packets through the receive path, the log
 * read back from the scratch root.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <linux/version.h>
#include <net/net_namespace.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 10, 0)
#include <asm/uaccess.h>
#endif

#define SVC_FILEIO_LOG "/var/log/svc_fileio.log"
#define SVC_FILEIO_CONF "/etc/svc_fileio.conf"

static char tag[16] = "pkt";
static unsigned long logged;

/* Appends the decimal digits of @v to @p; returns the new end. */
static char *put_uint(char *p, unsigned int v)
{
	char digits[10];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = digits[--n];
	return p;
}

static char *put_ipv4(char *p, u32 addr)
{
	p = put_uint(p, addr >> 24);
	*p++ = '.';
	p = put_uint(p, (addr >> 16) & 0xff);
	*p++ = '.';
	p = put_uint(p, (addr >> 8) & 0xff);
	*p++ = '.';
	return put_uint(p, addr & 0xff);
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static int log_line(const char *line, size_t len)
{
	struct file *f;
	ssize_t n;
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 10, 0)
	mm_segment_t old_fs;
#endif

	f = filp_open(SVC_FILEIO_LOG, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (IS_ERR(f))
		return (int)PTR_ERR(f);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 14, 0)
	n = kernel_write(f, line, len, &f->f_pos);
#else
	old_fs = get_fs();
	set_fs(KERNEL_DS);
	n = vfs_write(f, line, len, &f->f_pos);
	set_fs(old_fs);
#endif
	filp_close(f, NULL);
	return n == (ssize_t)len ? 0 : -EIO;
}

static unsigned int svc_fileio_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	char line[96];
	char *p = line;

	p = put_str(p, tag);
	*p++ = ' ';
	p = put_ipv4(p, get_unaligned_be32(&iph->saddr));
	p = put_str(p, " -> ");
	p = put_ipv4(p, get_unaligned_be32(&iph->daddr));
	p = put_str(p, " proto ");
	p = put_uint(p, iph->protocol);
	p = put_str(p, " len ");
	p = put_uint(p, skb->len);
	*p++ = '\n';
	if (log_line(line, (size_t)(p - line)) == 0)
		logged++;
	return NF_ACCEPT;
}

static struct nf_hook_ops svc_fileio_ops = {
	.hook = svc_fileio_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_LOCAL_IN,
	.priority = NF_IP_PRI_FIRST,
};

/* The optional tag: the first word of the configuration file. */
static void read_conf(void)
{
	struct file *f = filp_open(SVC_FILEIO_CONF, O_RDONLY, 0);
	char buf[sizeof(tag)];
	loff_t pos = 0;
	ssize_t n;
	int i;

	if (IS_ERR(f))
		return;
	n = vfs_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	if (n <= 0)
		return;
	for (i = 0; i < n && buf[i] != '\n' && buf[i] != ' '; i++)
		tag[i] = buf[i];
	tag[i] = '\0';
}

static int __init svc_fileio_init(void)
{
	tag[0] = 'p';
	tag[1] = 'k';
	tag[2] = 't';
	tag[3] = '\0';
	logged = 0;
	read_conf();
	return nf_register_net_hook(&init_net, &svc_fileio_ops);
}

static void __exit svc_fileio_exit(void)
{
	nf_unregister_net_hook(&init_net, &svc_fileio_ops);
	pr_info("svc_fileio: %lu lines logged\n", logged);
}

module_init(svc_fileio_init);
module_exit(svc_fileio_exit);
MODULE_LICENSE("Dual MIT/GPL");
