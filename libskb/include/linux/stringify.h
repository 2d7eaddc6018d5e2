/* SPDX-License-Identifier: MIT */
/* libskb: <linux/stringify.h> (include/linux/stringify.h). */
#ifndef _LIBSKB_LINUX_STRINGIFY_H
#define _LIBSKB_LINUX_STRINGIFY_H

#ifndef __stringify
#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)
#endif
#define FILE_LINE __FILE__ ":" __stringify(__LINE__)

#endif /* _LIBSKB_LINUX_STRINGIFY_H */
