/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c - unixd's start-up and its one receive loop.
 *
 * Start-up: the frame pool, the disks (disk.c: the route `disk`), the root
 * file system (the cpio archive the composition grants as `file
 * rootfs.cpio`, unpacked into a ramfs), the devices and the disks' nodes,
 * the console, the random generator (random.c: from the `rng` route when
 * there is one), then process 1 (`init=` in the arguments, default
 * /sbin/init).
 *
 * The loop receives on unix_endpoint and dispatches on the label:
 *   DBT_LABEL_SYSCALL_SHORT  a system call of a process (syscall.c)
 *   DBT_LABEL_PAGEFAULT      a page fault (mm/mm.c; SIGSEGV when refused)
 *   DBT_LABEL_EXCEPTION      any other CPU exception: a signal (signal.c)
 *   UNIX_LABEL_*             unixd's own helper threads (console input)
 * The badge names the thread (proc.c); a stale badge is dropped unanswered.
 * A call answered at once is answered by the next REPLY_RECV, which keeps the
 * kernel's fast path; woken parked calls run between messages; the receive
 * waits until the earliest deadline of a parked call (or of the root file
 * system's periodic write-back, when the root is on a disk).
 */
#include "unixd.h"
#include "mm/mm.h"
#include "mm/frame.h"
#include "signal.h"
#include "exec.h"
#include "console.h"
#include "fd.h"
#include "pipe.h"
#include "timeu.h"
#include "disk.h"

#define INIT_DEFAULT "/sbin/init"

uint64_t unix_now_ns(void)
{
	return dbt_clock_ns();
}

/* A page fault: mapped, or a signal. */
bool unix_trace;

static bool handle_fault(struct uthread *t, const dbt_word_t *mr)
{
	int r = mm_fault(t->proc, mr[0], (unsigned)mr[1]);
	if (unix_trace)
		uprintf("[%d] fault at %lx (access %lx, rip %lx): %d\n", t->tid, mr[0], mr[1], mr[2], r);
	if (r == 0)
		return true;
	if (r < 0)      /* no frame, or a file page past the end of the file */
		signal_fault(t, LX_SIGBUS, 2 /* BUS_ADRERR */, mr[0], 14);
	else
		signal_fault(t, LX_SIGSEGV, r, mr[0], 14);
	return false;
}

/* A system call m of t, whose badge it is; true when it is to be answered
 * now. */
static bool serve_syscall(struct uthread *t, dbt_word_t badge, const struct dbt_syscall_msg *m,
                          dbt_word_t *reply_tag)
{
	t->in_call = true;
	long r = syscall_dispatch(t, m);
	if (uthread_by_badge(badge) != t)
		return false;           /* the call ended its own thread (a fatal signal) */
	if (unix_trace)
		uprintf("[%d] %s(%lx, %lx, %lx) = %ld\n", t->tid, syscall_name(m->nr),
		        m->arg[0], m->arg[1], m->arg[2], r);
	if (r == SYS_PARKED || r == SYS_NOREPLY || !signal_before_return(t, &r))
		return false;
	t->in_call = false;
	dbt_mr()[0] = (dbt_word_t)r;
	*reply_tag = DBT_SYSCALL_REPLY_TAG;
	return true;
}

/* Any other message: a page fault, an exception, unixd's own threads. */
static __attribute__((noinline)) bool serve_other(dbt_word_t label, dbt_word_t badge,
                                                  dbt_word_t *reply_tag)
{
	dbt_word_t mr[DBT_COMP_CONTROL_MAX / 8 + 1];    /* the longest message we take */
	memcpy(mr, dbt_mr(), sizeof(mr));
	if (unix_trace)
		uprintf("msg label %lx badge %lx\n", label, badge);
	if (badge == UNIX_BADGE_INTERNAL)
		return console_message(label, mr, reply_tag);
	struct uthread *t = uthread_by_badge(badge);
	if (!t)
		return false;
	if (label == DBT_LABEL_PAGEFAULT) {
		*reply_tag = DBT_TAG(0, 0, 0);
		return handle_fault(t, mr);
	}
	if (label == DBT_LABEL_EXCEPTION) {
		struct dbt_exc_msg e;
		memcpy(&e, mr, sizeof(e));
		signal_exception(t, &e);
	}
	return false;
}

/* Serve one message; true when the caller is to be answered now with
 * *tag (and MR0 already set).  The words are copied out of the MRs first:
 * output (tracing, the console) reuses them.  A system call, the common
 * case, copies its seven words only (the builtin is seven loads and
 * stores; memcpy would be a call, of the longest message) and stays out of
 * serve_other's frame. */
static bool serve(dbt_word_t tag, dbt_word_t badge, dbt_word_t *reply_tag)
{
	dbt_word_t label = DBT_TAG_LABEL(tag);
	if (label != DBT_LABEL_SYSCALL_SHORT || badge == UNIX_BADGE_INTERNAL)
		return serve_other(label, badge, reply_tag);
	struct dbt_syscall_msg m;
	__builtin_memcpy(&m, dbt_mr(), sizeof(m));
	if (unix_trace)
		uprintf("msg label %lx badge %lx\n", label, badge);
	struct uthread *t = uthread_by_badge(badge);
	return t && serve_syscall(t, badge, &m, reply_tag);
}

static void loop(void)
{
	dbt_word_t tag = 0, badge = 0, reply_tag = 0;
	bool answer = false;
	for (;;) {
		if (syscall_have_ready()) {
			if (answer)
				dbt_reply(reply_tag);
			answer = false;
			syscall_run_ready();
		}
		uint64_t deadline = park_next_deadline(), it = itimer_next_deadline();
		uint64_t fs = rootfs_next_tick();
		if (fs != UINT64_MAX && unix_now_ns() >= fs) {
			rootfs_tick(unix_now_ns());     /* a busy loop never times out */
			fs = rootfs_next_tick();
		}
		if (it < deadline)
			deadline = it;
		if (fs < deadline)
			deadline = fs;
		dbt_word_t err;
		if (deadline != UINT64_MAX) {
			tag = reply_tag;
			err = answer ? dbt_reply_recv_until(unix_endpoint, &tag, &badge, deadline)
			             : dbt_recv_until(unix_endpoint, &tag, &badge, deadline);
		} else {
			tag = reply_tag;
			err = answer ? dbt_reply_recv(unix_endpoint, &tag, &badge, DBT_TIMEOUT_NEVER)
			             : dbt_recv(unix_endpoint, &tag, &badge, DBT_TIMEOUT_NEVER);
		}
		answer = false;
		if (err == DBT_E_TIMEOUT) {
			uint64_t now = unix_now_ns();
			park_expire(now);
			itimer_expire(now);
			rootfs_tick(now);
			continue;
		}
		if (err != DBT_OK)
			continue;
		answer = serve(tag, badge, &reply_tag);
	}
}

/* /dev/vda... for the disks disk_init found (a disk missing there is logged, not fatal). */
static void disks_in_dev(void)
{
	int err = diskdev_init();
	if (err < 0)
		uprintf("unixd: cannot make the disks' nodes in /dev (%d)\n", -err);
}

static int start_init(void)
{
	char path[128];
	const char *init = urt_arg("init", path, sizeof(path));
	if (!init)
		init = INIT_DEFAULT;
	/* the init's arguments: the words after " -- " in the component's args */
	const char *a = urt_env->args;
	while (*a && strncmp(a, " -- ", 4))
		a++;
	int err = exec_first(init, *a ? a + 4 : "");
	if (err)
		uprintf("unixd: cannot start %s: error %d\n", init, -err);
	return err;
}

int main(const struct dbt_bootinfo *bi)
{
	(void)bi;
	char tr[8];
	unix_trace = urt_arg("trace", tr, sizeof(tr)) != NULL;
	unix_endpoint = urt_slot_alloc();
	if (!unix_endpoint || dbt_create(DBT_COMP_SLOT_QUOTA, DBT_OBJ_ENDPOINT, unix_endpoint, 0, 0) ||
	    frame_init() < 0) {
		uprintf("unixd: cannot set up\n");
		return 1;
	}
	time_init();
	disk_init();            /* before the root: it may be on a disk */
	if (pipe_init() < 0 || rootfs_init() < 0 || console_init() < 0 || control_init() < 0)
		return 1;
	disks_in_dev();
	random_init();
	if (start_init() < 0)
		return 1;
	uprintf("unixd: started %s\n", proc_init_proc ? proc_init_proc->exe : "?");
	loop();
	return 0;
}
