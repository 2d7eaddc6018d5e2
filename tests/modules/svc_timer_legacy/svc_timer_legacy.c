// SPDX-License-Identifier: MIT
/*
 * svc_timer_legacy: the pre-4.15 timer API as RHEL 7-era modules use it -
 * init_timer() with .function/.data (callback(unsigned long)), setup_timer(),
 * DEFINE_TIMER(name, fn, expires, data) - plus a delayed work item and a
 * tasklet, compiled against the 3.10 personality. It leaves one timer
 * pending at exit on purpose when svc_legacy_leak is set, which libskb must
 * report.
 */
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/timer.h>
#include <linux/version.h>
#include <linux/workqueue.h>

MODULE_LICENSE("Dual MIT/GPL");

#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 15, 0)
#error "svc_timer_legacy is compiled against a pre-4.15 personality"
#endif

/* Read and set by the test. */
unsigned long svc_legacy_fired_data;
int svc_legacy_order[8];
int svc_legacy_nr;
int svc_legacy_leak;

static struct timer_list t_init;
static struct timer_list t_setup;
static void svc_static_fn(unsigned long data);
static DEFINE_TIMER(t_static, svc_static_fn, 0, 3);
static struct delayed_work dwork;
static struct tasklet_struct tasklet;

static void note(int what)
{
	if (svc_legacy_nr < 8)
		svc_legacy_order[svc_legacy_nr++] = what;
}

static void svc_init_fn(unsigned long data)
{
	svc_legacy_fired_data = data;
	note(1);
	tasklet_schedule(&tasklet);
}

static void svc_setup_fn(unsigned long data)
{
	note((int)data);
}

static void svc_static_fn(unsigned long data)
{
	note((int)data);
}

static void svc_work_fn(struct work_struct *w)
{
	struct delayed_work *d = to_delayed_work(w);

	note(d == &dwork ? 4 : -4);
}

static void svc_tasklet_fn(unsigned long data)
{
	note((int)data);
}

static int __init svc_legacy_init(void)
{
	init_timer(&t_init);
	t_init.function = svc_init_fn;
	t_init.data = 0xabcd;
	t_init.expires = jiffies + HZ / 10;	/* 100 ms */
	add_timer(&t_init);

	setup_timer(&t_setup, svc_setup_fn, 2);
	mod_timer(&t_setup, jiffies + msecs_to_jiffies(200));

	mod_timer(&t_static, jiffies + msecs_to_jiffies(300));

	INIT_DELAYED_WORK(&dwork, svc_work_fn);
	schedule_delayed_work(&dwork, msecs_to_jiffies(400));

	tasklet_init(&tasklet, svc_tasklet_fn, 5);
	return 0;
}

static void __exit svc_legacy_exit(void)
{
	if (!svc_legacy_leak)
		del_timer_sync(&t_setup);
	del_timer_sync(&t_init);
	del_timer_sync(&t_static);
	cancel_delayed_work_sync(&dwork);
	tasklet_kill(&tasklet);
}

module_init(svc_legacy_init);
module_exit(svc_legacy_exit);
