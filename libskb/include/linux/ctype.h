/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/ctype.h> - the kernel's character classes (lib/ctype.c):
 * ASCII plus Latin-1 letters above 0xbf, independent of any C locale; the
 * argument is taken as an unsigned char. In C the names are macros for the
 * kernel's table (as in the kernel); C++ keeps <cctype>'s functions.
 */
#ifndef _LIBSKB_LINUX_CTYPE_H
#define _LIBSKB_LINUX_CTYPE_H

#include <linux/compiler.h>

#define _U	0x01	/* upper */
#define _L	0x02	/* lower */
#define _D	0x04	/* digit */
#define _C	0x08	/* cntrl */
#define _P	0x10	/* punct */
#define _S	0x20	/* white space (space/lf/tab) */
#define _X	0x40	/* hex digit */
#define _SP	0x80	/* hard space (0x20) */

LIBSKB_EXTERN_C_BEGIN
extern const unsigned char _ctype[];
LIBSKB_EXTERN_C_END

#define __ismask(x) (_ctype[(int)(unsigned char)(x)])

#ifndef __cplusplus
#undef isalnum
#undef isalpha
#undef iscntrl
#undef isgraph
#undef islower
#undef isprint
#undef ispunct
#undef isspace
#undef isupper
#undef isxdigit
#undef isdigit
#undef isascii
#undef toascii
#undef tolower
#undef toupper
#define isalnum(c)	((__ismask(c) & (_U | _L | _D)) != 0)
#define isalpha(c)	((__ismask(c) & (_U | _L)) != 0)
#define iscntrl(c)	((__ismask(c) & (_C)) != 0)
#define isgraph(c)	((__ismask(c) & (_P | _U | _L | _D)) != 0)
#define islower(c)	((__ismask(c) & (_L)) != 0)
#define isprint(c)	((__ismask(c) & (_P | _U | _L | _D | _SP)) != 0)
#define ispunct(c)	((__ismask(c) & (_P)) != 0)
#define isspace(c)	((__ismask(c) & (_S)) != 0)
#define isupper(c)	((__ismask(c) & (_U)) != 0)
#define isxdigit(c)	((__ismask(c) & (_D | _X)) != 0)
#define isdigit(c)	({ int __c = (c); '0' <= __c && __c <= '9'; })
#define isascii(c)	(((unsigned char)(c)) <= 0x7f)
#define toascii(c)	(((unsigned char)(c)) & 0x7f)

static inline unsigned char __tolower(unsigned char c)
{
	if (isupper(c))
		c -= 'A' - 'a';
	return c;
}

static inline unsigned char __toupper(unsigned char c)
{
	if (islower(c))
		c -= 'a' - 'A';
	return c;
}

#define tolower(c) __tolower(c)
#define toupper(c) __toupper(c)
#endif

/* _tolower(): fast lower case for letters; maps other characters too. */
static inline char _tolower(const char c)
{
	return c | 0x20;
}

static inline int isodigit(const char c)
{
	return c >= '0' && c <= '7';
}

#endif /* _LIBSKB_LINUX_CTYPE_H */
