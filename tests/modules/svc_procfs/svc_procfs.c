// SPDX-License-Identifier: MIT
/*
 * svc_procfs: a hook module with a /proc/net/svc_procfs status file
 * (seq_file, single_open) and a writable /proc/svc_procfs_ctl that sets a
 * port to drop - the control interface most hobby firewalls have. Written
 * for the v5.6+ proc_ops API, with the file_operations form kept under
 * LINUX_VERSION_CODE as real modules do.
 */
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <linux/version.h>
#include <net/net_namespace.h>

MODULE_LICENSE("Dual MIT/GPL");

static unsigned long seen, dropped;
static unsigned int drop_port;
static struct proc_dir_entry *status_dir, *status, *ctl;

static int svc_status_show(struct seq_file *m, void *v)
{
	seq_printf(m, "seen %lu\n", seen);
	seq_printf(m, "dropped %lu\n", dropped);
	seq_printf(m, "drop_port %u\n", drop_port);
	seq_puts(m, "owner ");
	seq_puts(m, (const char *)m->private);
	seq_putc(m, '\n');
	return 0;
}

static int svc_status_open(struct inode *inode, struct file *file)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 17, 0)
	return single_open(file, svc_status_show, pde_data(inode));
#else
	return single_open(file, svc_status_show, PDE_DATA(inode));
#endif
}

static ssize_t svc_ctl_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	char text[16] = {0};
	unsigned int port = 0;
	ssize_t n;
	int i;

	n = simple_write_to_buffer(text, sizeof(text) - 1, ppos, buf, count);
	if (n < 0)
		return n;
	for (i = 0; i < n && text[i] >= '0' && text[i] <= '9'; i++)
		port = port * 10 + (unsigned int)(text[i] - '0');
	if (i == 0 || port > 65535)
		return -EINVAL;
	drop_port = port;
	return n;
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 6, 0)
static const struct proc_ops status_ops = {
	.proc_open = svc_status_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};
static const struct proc_ops ctl_ops = {
	.proc_write = svc_ctl_write,
};
#else
static const struct file_operations status_ops = {
	.owner = THIS_MODULE,
	.open = svc_status_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};
static const struct file_operations ctl_ops = {
	.owner = THIS_MODULE,
	.write = svc_ctl_write,
};
#endif

static unsigned int svc_procfs_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *st)
{
	const struct iphdr *iph = ip_hdr(skb);

	seen++;
	if (drop_port && iph->protocol == IPPROTO_UDP) {
		const struct udphdr *uh = (const struct udphdr *)((const unsigned char *)iph + iph->ihl * 4);

		if (ntohs(uh->dest) == drop_port) {
			dropped++;
			return NF_DROP;
		}
	}
	return NF_ACCEPT;
}

static struct nf_hook_ops svc_procfs_ops = {
	.hook = svc_procfs_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_LOCAL_IN,
	.priority = NF_IP_PRI_FILTER,
};

static char owner[] = "svc_procfs";

static int __init svc_procfs_init(void)
{
	status_dir = proc_mkdir("svc", NULL);
	if (!status_dir)
		return -ENOMEM;
	status = proc_create_data("status", 0444, status_dir, &status_ops, owner);
	ctl = proc_create("svc_procfs_ctl", 0200, NULL, &ctl_ops);
	if (!status || !ctl) {
		proc_remove(status_dir);
		proc_remove(ctl);
		return -ENOMEM;
	}
	return nf_register_net_hook(&init_net, &svc_procfs_ops);
}

static void __exit svc_procfs_exit(void)
{
	nf_unregister_net_hook(&init_net, &svc_procfs_ops);
	remove_proc_entry("svc_procfs_ctl", NULL);
	proc_remove(status_dir);
}

module_init(svc_procfs_init);
module_exit(svc_procfs_exit);
