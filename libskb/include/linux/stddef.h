/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/stddef.h> - offsetof, offsetofend, sizeof_field and the
 * true/false enum constants (include/linux/stddef.h). Extends the uapi header
 * of the same name.
 */
#ifndef _LIBSKB_LINUX_STDDEF_H
#define _LIBSKB_LINUX_STDDEF_H

#include_next <linux/stddef.h>

#include <linux/types.h> /* bool, true, false */
#include <stddef.h>

#ifndef sizeof_field
#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))
#endif
#define offsetofend(TYPE, MEMBER) (offsetof(TYPE, MEMBER) + sizeof_field(TYPE, MEMBER))

#endif /* _LIBSKB_LINUX_STDDEF_H */
