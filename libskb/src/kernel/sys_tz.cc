// libskb: sys_tz, the system time zone of kernel/time/time.c
// (<linux/libskb_sys_tz.h>).
#include <linux/libskb_sys_tz.h>

// Models sys_tz (kernel/time/time.c, every profile): zero until user space
// calls settimeofday(2) with a zone; the model's system clock runs in UTC.
extern "C" struct timezone sys_tz = {0, 0};
