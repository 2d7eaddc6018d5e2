/* SPDX-License-Identifier: MIT */
/* The self-testing module in kernel_api.c, as main.c loads it. */
#ifndef LIBSKB_TESTS_C11_KERNEL_API_H
#define LIBSKB_TESTS_C11_KERNEL_API_H

#include <linux/init.h>

/* kmod_c11_api_init_module / kmod_c11_api_cleanup_module */
LIBSKB_DECLARE_MODULE(c11_api);

/* Failed checks of the last init run; how many times module_exit ran. */
int c11_api_failures(void);
int c11_api_exits(void);

#endif
