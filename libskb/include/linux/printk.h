/* SPDX-License-Identifier: MIT */
/*
 * libskb: printk() and the pr_*() family (include/linux/printk.h,
 * include/linux/kern_levels.h).
 *
 * printk() formats with the kernel's vsnprintf() (lib/vsprintf.c: %pI4,
 * %pI6c, %pM, %*ph, %pS, ...; see src/kernel/format.cc) and writes one
 * record to stderr as the raw kernel log shows it,
 * "<level>message" (dmesg -r), the level taken from the KERN_* prefix
 * (default 4, KERN_WARNING, as the kernel's default message loglevel).
 * pr_fmt() is applied by the pr_*() macros as in the kernel: define it before
 * including this header, typically as KBUILD_MODNAME ": " fmt.
 */
#ifndef _LIBSKB_LINUX_PRINTK_H
#define _LIBSKB_LINUX_PRINTK_H

#include <linux/compiler.h>
#include <linux/libskb_api.h>
#include <linux/types.h>
#include <stdarg.h>

#ifndef __printf
#define __printf(a, b) __attribute__((__format__(printf, a, b)))
#endif

#define KERN_SOH	"\001"
#define KERN_SOH_ASCII	'\001'
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_DEFAULT	""
#define KERN_CONT	KERN_SOH "c"

LIBSKB_EXTERN_C_BEGIN
/* Models printk() (kernel/printk/printk.c): one record to stderr. */
__printf(1, 2) int printk(const char *fmt, ...);
/* Models vprintk(). */
int vprintk(const char *fmt, va_list args);
/* Models net_ratelimit() (net/core/utils.c): the model never rate-limits. */
int net_ratelimit(void);
/* Models printk_ratelimit() (kernel/printk/printk.c): never rate-limits either. */
int printk_ratelimit(void);
/* Models dump_stack() (lib/dump_stack.c): the call stack of the program. */
void dump_stack(void);

enum {
	DUMP_PREFIX_NONE,
	DUMP_PREFIX_ADDRESS,
	DUMP_PREFIX_OFFSET
};
/* Models hex_dump_to_buffer() (lib/hexdump.c). */
int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize, char *linebuf,
		       size_t linebuflen, bool ascii);
/* Models print_hex_dump() (lib/hexdump.c): one printk per row. */
void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, size_t len, bool ascii);
LIBSKB_EXTERN_C_END

/* print_hex_dump_bytes()/print_hex_dump_debug(): KERN_DEBUG dumps (compiled out without DEBUG). */
#ifdef DEBUG
#define print_hex_dump_debug(prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii) \
	print_hex_dump(KERN_DEBUG, prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii)
#else
#define print_hex_dump_debug(prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii) \
	do { (void)(prefix_str); (void)(buf); (void)(len); } while (0)
#endif
#define print_hex_dump_bytes(prefix_str, prefix_type, buf, len) \
	print_hex_dump_debug(prefix_str, prefix_type, 16, 1, buf, len, true)

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/* Arguments are still type-checked when the message is compiled out. */
#define no_printk(fmt, ...)					\
	({							\
		if (0)						\
			printk(fmt, ##__VA_ARGS__);		\
		0;						\
	})

#define pr_emerg(fmt, ...)	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#if !LIBSKB_API_AT_LEAST(5, 5) /* pr_warning() was removed in 5.5 */
#define pr_warning(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warning_ratelimited(fmt, ...)	pr_warn(fmt, ##__VA_ARGS__)
#endif
#define pr_notice(fmt, ...)	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)
#ifdef DEBUG
#define pr_debug(fmt, ...)	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug(fmt, ...)	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif
#define pr_devel pr_debug

/* The rate-limited and once-only forms print every time / once per call site. */
#define printk_once(fmt, ...)					\
	({							\
		static bool __print_once;			\
		bool __ret_print_once = !__print_once;		\
		if (!__print_once) {				\
			__print_once = true;			\
			printk(fmt, ##__VA_ARGS__);		\
		}						\
		__ret_print_once;				\
	})
#define printk_deferred(fmt, ...) printk(fmt, ##__VA_ARGS__)
#define printk_deferred_once(fmt, ...) printk_once(fmt, ##__VA_ARGS__)
#define printk_ratelimited(fmt, ...) printk(fmt, ##__VA_ARGS__)
#define pr_emerg_ratelimited(fmt, ...)	pr_emerg(fmt, ##__VA_ARGS__)
#define pr_alert_ratelimited(fmt, ...)	pr_alert(fmt, ##__VA_ARGS__)
#define pr_crit_ratelimited(fmt, ...)	pr_crit(fmt, ##__VA_ARGS__)
#define pr_err_ratelimited(fmt, ...)	pr_err(fmt, ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...)	pr_warn(fmt, ##__VA_ARGS__)
#define pr_notice_ratelimited(fmt, ...)	pr_notice(fmt, ##__VA_ARGS__)
#define pr_info_ratelimited(fmt, ...)	pr_info(fmt, ##__VA_ARGS__)
#define pr_debug_ratelimited(fmt, ...)	pr_debug(fmt, ##__VA_ARGS__)
#define pr_devel_ratelimited(fmt, ...)	pr_debug(fmt, ##__VA_ARGS__)
#define pr_emerg_once(fmt, ...)	printk_once(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert_once(fmt, ...)	printk_once(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit_once(fmt, ...)	printk_once(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_once(fmt, ...)	printk_once(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...)	printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_once(fmt, ...)	printk_once(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...)	printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont_once(fmt, ...)	printk_once(KERN_CONT pr_fmt(fmt), ##__VA_ARGS__)
#ifdef DEBUG
#define pr_debug_once(fmt, ...)	printk_once(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug_once(fmt, ...)	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif
#define pr_devel_once pr_debug_once
#define printk_ratelimited_once printk_once
#define net_dbg_ratelimited(fmt, ...)	pr_debug(fmt, ##__VA_ARGS__)
#define net_info_ratelimited(fmt, ...)	pr_info(fmt, ##__VA_ARGS__)
#define net_warn_ratelimited(fmt, ...)	pr_warn(fmt, ##__VA_ARGS__)
#define net_err_ratelimited(fmt, ...)	pr_err(fmt, ##__VA_ARGS__)
#define net_notice_ratelimited(fmt, ...)	pr_notice(fmt, ##__VA_ARGS__)
#define net_crit_ratelimited(fmt, ...)	pr_crit(fmt, ##__VA_ARGS__)
#define net_alert_ratelimited(fmt, ...)	pr_alert(fmt, ##__VA_ARGS__)
#define net_emerg_ratelimited(fmt, ...)	pr_emerg(fmt, ##__VA_ARGS__)
#define KERN_LOGLEVEL_DEFAULT 4
#define CONSOLE_LOGLEVEL_DEFAULT 7
#define MESSAGE_LOGLEVEL_DEFAULT 4

#endif /* _LIBSKB_LINUX_PRINTK_H */
