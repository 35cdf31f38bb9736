/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * timerfd.c - timerfd_create, timerfd_settime, timerfd_gettime: a timer
 * whose expirations are read from a file, as Linux's fs/timerfd.c.
 *
 * A timerfd keeps the kernel-clock time of its next expiry and counts the
 * expirations nobody has read yet (ticks).  The count is brought up to date
 * whenever the file is looked at (a periodic timer that expired k intervals
 * ago counts k + 1 at once, as Linux's hrtimer_forward), and a callback
 * timer on timer.c's list (the loop waits for it) wakes the read queue at
 * each expiry: blocked reads, poll and epoll (an edge for EPOLLET) see it.
 * A read of at least 8 bytes takes the count (EAGAIN at 0: the file layer
 * parks a blocking read); settime starts over from no ticks.
 *
 * CLOCK_MONOTONIC and CLOCK_BOOTTIME are the kernel clock; an absolute
 * CLOCK_REALTIME time is converted once, when set (a later settimeofday does
 * not move it; TFD_TIMER_CANCEL_ON_SET is accepted and never cancels).
 * The _ALARM clocks act as their plain counterparts.
 */
#include "unixd.h"
#include "fd.h"
#include "event.h"
#include "timeu.h"
#include "mm/mm.h"

#define NS                    1000000000ull
#define LX_CLOCK_REALTIME       0
#define LX_CLOCK_MONOTONIC      1
#define LX_CLOCK_BOOTTIME       7
#define LX_CLOCK_REALTIME_ALARM 8
#define LX_CLOCK_BOOTTIME_ALARM 9
#define TFD_TIMER_ABSTIME       1
#define TFD_TIMER_CANCEL_ON_SET 2
#define TFD_CREATE_FLAGS        (LX_O_CLOEXEC | LX_O_NONBLOCK)
#define TFD_WAKE_MIN_NS         1000000ull      /* 1 ms: the kernel clock's tick */

struct lx_itimerspec { struct lx_timespec interval, value; };

struct timerfd {
	bool realtime;                  /* CLOCK_REALTIME(_ALARM): absolute times are wall-clock */
	uint64_t next;                  /* kernel-clock time of the next expiry; 0: disarmed */
	uint64_t interval;              /* ns; 0: one expiry */
	uint64_t ticks;                 /* expirations not read yet */
	struct utimer *timer;           /* wakes rq at next */
	struct urt_list rq;             /* blocked reads */
};

static const struct file_ops timerfd_fops;

static struct timerfd *timerfd_of(struct file *f)
{
	return f && f->ops == &timerfd_fops ? f->priv : NULL;
}

/* Count the expirations up to now. */
static void timerfd_account(struct timerfd *tf, uint64_t now)
{
	if (!tf->next || now < tf->next)
		return;
	if (!tf->interval) {
		tf->ticks++;
		tf->next = 0;
		return;
	}
	uint64_t n = 1 + (now - tf->next) / tf->interval;
	tf->ticks += n;
	tf->next += n * tf->interval;
}

/* The callback timer's: an expiry came.  The next wake-up comes no sooner
 * than TFD_WAKE_MIN_NS from now: a timer of a tiny interval still counts
 * every expiry (timerfd_account), without keeping the loop busy. */
static void timerfd_expired(void *arg)
{
	struct timerfd *tf = arg;
	uint64_t now = unix_now_ns();
	timerfd_account(tf, now);
	uint64_t at = tf->next && tf->next < now + TFD_WAKE_MIN_NS ? now + TFD_WAKE_MIN_NS : tf->next;
	utimer_callback_arm(tf->timer, at);
	wake_all(&tf->rq);
}

static int64_t timerfd_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	(void)pos;
	struct timerfd *tf = f->priv;
	if (n < sizeof(tf->ticks))
		return -LX_EINVAL;
	timerfd_account(tf, unix_now_ns());
	if (!tf->ticks)
		return -LX_EAGAIN;
	memcpy(buf, &tf->ticks, sizeof(tf->ticks));
	tf->ticks = 0;
	return sizeof(tf->ticks);
}

static unsigned timerfd_poll(struct file *f)
{
	struct timerfd *tf = f->priv;
	timerfd_account(tf, unix_now_ns());
	return tf->ticks ? LX_POLLIN : 0;
}

static struct urt_list *timerfd_queue(struct file *f, bool write)
{
	struct timerfd *tf = f->priv;
	return write ? NULL : &tf->rq;
}

static void timerfd_release(struct file *f)
{
	struct timerfd *tf = f->priv;
	utimer_callback_free(tf->timer);
	wake_all(&tf->rq);      /* a thread of another process may wait on it: it looks again */
	free(tf);
}

static const struct file_ops timerfd_fops = { .lseek = anon_lseek, .read = timerfd_read,
                                              .poll = timerfd_poll,
                                              .wait_queue = timerfd_queue,
                                              .release = timerfd_release };

long sys_timerfd_create(struct uthread *t, const uint64_t *a)
{
	int clk = (int)a[0], flags = (int)a[1];
	if ((flags & ~TFD_CREATE_FLAGS) ||
	    (clk != LX_CLOCK_MONOTONIC && clk != LX_CLOCK_REALTIME && clk != LX_CLOCK_BOOTTIME &&
	     clk != LX_CLOCK_REALTIME_ALARM && clk != LX_CLOCK_BOOTTIME_ALARM))
		return -LX_EINVAL;
	struct timerfd *tf = calloc(1, sizeof(*tf));
	struct file *f = NULL;
	if (tf && (tf->timer = utimer_callback_new(timerfd_expired, tf)))
		f = anon_file_new("[timerfd]", &timerfd_fops, tf, LX_O_RDWR | ((uint32_t)flags & LX_O_NONBLOCK));
	if (!f) {
		if (tf)
			utimer_callback_free(tf->timer);
		free(tf);
		return -LX_ENOMEM;
	}
	tf->realtime = clk == LX_CLOCK_REALTIME || clk == LX_CLOCK_REALTIME_ALARM;
	return anon_fd_install(t->proc, f, flags & LX_O_CLOEXEC);
}

static bool ts_valid(const struct lx_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (int64_t)NS;
}

static uint64_t ts_ns(const struct lx_timespec *ts)
{
	return (uint64_t)ts->tv_sec * NS + (uint64_t)ts->tv_nsec;
}

static struct lx_timespec ns_ts(uint64_t ns)
{
	return (struct lx_timespec){ (int64_t)(ns / NS), (int64_t)(ns % NS) };
}

/* What timerfd_gettime shows: the time left and the interval. */
static void timerfd_get(struct timerfd *tf, uint64_t now, struct lx_itimerspec *its)
{
	timerfd_account(tf, now);
	its->interval = ns_ts(tf->interval);
	its->value = ns_ts(tf->next > now ? tf->next - now : 0);
}

/* The checks of timerfd_settime and timerfd_gettime: the fd's timerfd. */
static long timerfd_fget(struct proc *p, int fd, struct timerfd **tf)
{
	struct file *f = fd_file(p, fd);
	if (!f)
		return -LX_EBADF;
	*tf = timerfd_of(f);
	return *tf ? 0 : -LX_EINVAL;
}

long sys_timerfd_settime(struct uthread *t, const uint64_t *a)
{
	struct lx_itimerspec nv, ov;
	struct timerfd *tf;
	int flags = (int)a[1];
	if (copy_in(t->proc, &nv, a[2], sizeof(nv)))
		return -LX_EFAULT;
	if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) || !ts_valid(&nv.value) ||
	    !ts_valid(&nv.interval))
		return -LX_EINVAL;
	long err = timerfd_fget(t->proc, (int)a[0], &tf);
	if (err)
		return err;
	uint64_t now = unix_now_ns(), value = ts_ns(&nv.value);
	timerfd_get(tf, now, &ov);
	tf->ticks = 0;
	tf->interval = ts_ns(&nv.interval);
	if (value && (flags & TFD_TIMER_ABSTIME))
		tf->next = tf->realtime ? time_realtime_to_mono(value) : value;
	else
		tf->next = value ? now + value : 0;
	if (value && !tf->next)
		tf->next = 1;           /* an absolute time before boot: due at once */
	utimer_callback_arm(tf->timer, tf->next);
	return a[3] && copy_out(t->proc, a[3], &ov, sizeof(ov)) ? -LX_EFAULT : 0;
}

long sys_timerfd_gettime(struct uthread *t, const uint64_t *a)
{
	struct lx_itimerspec its;
	struct timerfd *tf;
	long err = timerfd_fget(t->proc, (int)a[0], &tf);
	if (err)
		return err;
	timerfd_get(tf, unix_now_ns(), &its);
	return copy_out(t->proc, a[1], &its, sizeof(its)) ? -LX_EFAULT : 0;
}
