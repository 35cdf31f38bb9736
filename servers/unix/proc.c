/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proc.c - processes and threads, and the kernel objects behind them.
 *
 * Ids: pids and tids share one space (as in Linux), 1..PID_MAX-1, handed out
 * in increasing order with wrap-around; pid_table[id] names the process
 * (whose pid it is, alive or zombie) or the thread (whose tid it is).
 * Threads: uthread_table[index] with a generation that goes up each time the
 * entry is reused, so a stale badge never reaches the new owner.
 *
 * Kernel objects per address space (struct mm: one process's, or shared
 * by the processes of a clone(CLONE_VM)): a sub-quota of unixd's own
 * (grown on demand: proc_quota_grow) and a task (2 capability slots: a
 * process holds no capabilities); per thread a thread object in its
 * process's mm's task with its UTCB in the UTCB area, its pager and
 * exception handler a copy of unix_endpoint badged with the thread's
 * handle, in short foreign mode.  unixd's capability slots per mm: task,
 * quota; per thread: thread, badged endpoint, reply.
 */
#include "unixd.h"
#include "mm/mm.h"
#include "signal.h"
#include "mm/frame.h"

#define PID_MAX         32768
#define QUOTA_START     (160u << 10)    /* a small static process (KERNEL-API §20.1) */
#define QUOTA_MAX       (64u << 20)
#define KMEM_PER_PAGE   80              /* unixd's own: 64 B node + 1/512 of an 8 KiB table */
#define KMEM_SLACK      (256u << 10)    /* and its slots, threads, higher page tables */
#define TASK_SLOTS_ORDER 1
#define UTHREAD_PRIO    100

struct pident {
	struct proc *proc;      /* the process whose pid this is */
	struct uthread *thread; /* the thread whose tid this is */
};

static struct pident pid_table[PID_MAX];
static int pid_next = 1;
struct uthread *uthread_table[UTHREAD_MAX];
dbt_word_t uthread_badges[UTHREAD_MAX];
static uint32_t uthread_gens[UTHREAD_MAX];      /* the last generation of each entry */
static int nprocs;
dbt_slot_t unix_endpoint;
struct proc *proc_init_proc;

static int pid_alloc(void)
{
	for (int i = 0; i < PID_MAX - 1; i++) {
		int id = pid_next;
		pid_next = pid_next + 1 >= PID_MAX ? 2 : pid_next + 1;
		if (!pid_table[id].proc && !pid_table[id].thread)
			return id;
	}
	return -LX_EAGAIN;
}

struct proc *proc_by_pid(int pid)
{
	return pid > 0 && pid < PID_MAX ? pid_table[pid].proc : NULL;
}

struct uthread *uthread_by_tid(int tid)
{
	return tid > 0 && tid < PID_MAX ? pid_table[tid].thread : NULL;
}

struct proc *proc_after(int pid)
{
	for (int id = pid + 1; id > 0 && id < PID_MAX; id++)
		if (pid_table[id].proc)
			return pid_table[id].proc;
	return NULL;
}

struct proc *proc_next(struct proc *p)
{
	return proc_after(p ? p->pid : 0);
}

int proc_count(void)
{
	return nprocs;
}

struct uthread *proc_main_thread(struct proc *p)
{
	return urt_list_empty(&p->threads) ? NULL : urt_list_first(&p->threads, struct uthread, plink);
}

/* Can unixd's quota give processes bytes more?  Only if it keeps what
 * unixd itself will need: the mapping of each page of its heap window not
 * touched yet (a mapping node and a share of a leaf table: KERNEL-API §12)
 * and KMEM_SLACK more.  A page fault of unixd its quota cannot pay for
 * ends unixd: the composer cannot answer it. */
static bool kmem_room(uint64_t bytes)
{
	dbt_word_t used, limit;
	if (dbt_quota_info(DBT_COMP_SLOT_QUOTA, &used, &limit) != DBT_OK)
		return false;
	uint64_t keep = frame_window_untouched() * KMEM_PER_PAGE + KMEM_SLACK;
	return used + bytes + keep <= limit;
}

int mm_kernel_new(struct mm *mm)
{
	if (!kmem_room(QUOTA_START))
		return -LX_EAGAIN;
	mm->quota = urt_slot_alloc();
	mm->task = urt_slot_alloc();
	if (!mm->quota || !mm->task)
		return -LX_EAGAIN;
	mm->quota_limit = QUOTA_START;
	if (dbt_create(DBT_COMP_SLOT_QUOTA, DBT_OBJ_QUOTA, mm->quota, mm->quota_limit, 0) != DBT_OK)
		return -LX_EAGAIN;
	if (dbt_create(mm->quota, DBT_OBJ_TASK, mm->task, TASK_SLOTS_ORDER, 0) != DBT_OK)
		return -LX_EAGAIN;
	return 0;
}

static bool quota_grow(struct mm *mm)
{
	uint64_t limit = mm->quota_limit * 2;
	if (limit > QUOTA_MAX || !kmem_room(limit - mm->quota_limit))
		return false;
	if (dbt_quota_resize(DBT_COMP_SLOT_QUOTA, mm->quota, limit) != DBT_OK)
		return false;
	mm->quota_limit = limit;
	return true;
}

bool proc_quota_grow(struct proc *p)
{
	return p->mm && quota_grow(p->mm);
}

void mm_kernel_free(struct mm *mm)
{
	if (mm->quota)
		dbt_destroy(mm->quota);         /* the task and its threads with it */
	if (mm->task)
		dbt_cap_delete(mm->task);
	if (mm->quota)
		urt_slot_free(mm->quota);
	if (mm->task)
		urt_slot_free(mm->task);
	mm->quota = mm->task = 0;
}

/* A new process, child of parent (NULL for init), with no threads and no
 * memory; the caller fills mm (which brings the task), files, credentials. */
struct proc *proc_new(struct proc *parent)
{
	int pid = pid_alloc();
	if (pid < 0)
		return NULL;
	struct proc *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->pid = pid;
	p->parent = parent;
	p->exit_signal = 17;    /* SIGCHLD */
	p->start_ns = unix_now_ns();
	urt_list_init(&p->children);
	urt_list_init(&p->threads);
	urt_list_init(&p->waiters);
	urt_list_init(&p->pend.rtq);
	urt_list_init(&p->timers);
	pid_table[pid].proc = p;
	if (parent)
		urt_list_push_back(&parent->children, &p->sibling);
	nprocs++;
	return p;
}

void uthread_take_tid(struct uthread *t, int tid)
{
	struct uthread *old = pid_table[tid].thread;
	if (old == t)
		return;
	pid_table[t->tid].thread = NULL;
	t->tid = tid;
	pid_table[tid].thread = t;
}

/* The last of a process: its pid and memory (a reaped zombie). */
void proc_free(struct proc *p)
{
	if (p->parent)
		urt_list_remove(&p->parent->children, &p->sibling);
	pid_table[p->pid].proc = NULL;
	nprocs--;
	free(p);
}

/* A free UTCB page of mm's task, now taken; -EAGAIN when all are used. */
static int utcb_alloc(struct mm *mm, uint64_t *utcb)
{
	for (unsigned k = 0; k < UPROC_UTCB_PAGES; k++) {
		uint64_t bit = 1ull << (k % 64);
		if (mm->utcb_used[k / 64] & bit)
			continue;
		mm->utcb_used[k / 64] |= bit;
		*utcb = UPROC_UTCB_BASE + (uint64_t)k * UNIX_PAGE;
		return 0;
	}
	return -LX_EAGAIN;
}

static void utcb_free(struct mm *mm, uint64_t utcb)
{
	uint64_t k = (utcb - UPROC_UTCB_BASE) / UNIX_PAGE;
	if (mm && utcb >= UPROC_UTCB_BASE && k < UPROC_UTCB_PAGES)
		mm->utcb_used[k / 64] &= ~(1ull << (k % 64));
}

/* A kernel thread for t in mm's task (not started) in slot *thread with
 * its UTCB at *utcb, paged by t's badged endpoint; 0 or -EAGAIN. */
static int kthread_new(struct uthread *t, struct mm *mm, dbt_slot_t *thread, uint64_t *utcb)
{
	*thread = urt_slot_alloc();
	if (!*thread)
		return -LX_EAGAIN;
	if (utcb_alloc(mm, utcb) < 0) {
		urt_slot_free(*thread);
		*thread = 0;
		return -LX_EAGAIN;
	}
	dbt_word_t err;
	while ((err = dbt_create(mm->quota, DBT_OBJ_THREAD, *thread, mm->task, *utcb)) ==
	       DBT_E_NO_QUOTA && quota_grow(mm))
		;
	if (err ||
	    dbt_thread_ctl(*thread, DBT_THREAD_SET_PAGER, t->exc, 0).err ||
	    dbt_thread_ctl(*thread, DBT_THREAD_SET_EXC, t->exc, 0).err ||
	    dbt_thread_ctl(*thread, DBT_THREAD_SET_FOREIGN, DBT_FOREIGN_ON | DBT_FOREIGN_SHORT, 0).err ||
	    dbt_thread_ctl(*thread, DBT_THREAD_SET_PRIORITY, UTHREAD_PRIO, 0).err)
		return -LX_EAGAIN;
	return 0;
}

/* The kernel thread in slot thread goes, and its UTCB page in mm. */
static void kthread_free(struct mm *mm, dbt_slot_t thread, uint64_t utcb)
{
	if (!thread)
		return;
	dbt_destroy(thread);
	urt_slot_free(thread);
	utcb_free(mm, utcb);
}

static int uthread_kernel_new(struct uthread *t)
{
	t->reply = urt_slot_alloc();
	t->exc = urt_slot_alloc();
	if (!t->reply || !t->exc ||
	    dbt_cap_copy(unix_endpoint, t->exc, DBT_CAP_WRITE, UTHREAD_BADGE(t->index, t->gen)))
		return -LX_EAGAIN;
	return kthread_new(t, t->proc->mm, &t->thread, &t->utcb);
}

static void uthread_kernel_free(struct uthread *t)
{
	kthread_free(t->proc->mm, t->thread, t->utcb);
	t->thread = 0;
	if (t->exc)
		dbt_cap_delete(t->exc);
	if (t->reply)
		dbt_cap_delete(t->reply);
	if (t->exc)
		urt_slot_free(t->exc);
	if (t->reply)
		urt_slot_free(t->reply);
}

int uthread_move_prepare(struct uthread *t, struct mm *mm, struct kthread *k)
{
	int err = kthread_new(t, mm, &k->thread, &k->utcb);
	if (err < 0) {
		kthread_free(mm, k->thread, k->utcb);
		k->thread = 0;
	}
	return err;
}

void uthread_move(struct uthread *t, const struct kthread *k)
{
	t->proc->utime_ns += dbt_thread_ctl(t->thread, DBT_THREAD_INFO, 0, 0).v2 * 1000000ull;
	kthread_free(t->proc->mm, t->thread, t->utcb);
	t->thread = k->thread;
	t->utcb = k->utcb;
	t->in_call = false;
}

void uthread_move_abort(struct mm *mm, struct kthread *k)
{
	kthread_free(mm, k->thread, k->utcb);
	k->thread = 0;
}

/* A new thread of p (not started), with a tid; the first one's tid is the pid. */
int uthread_new(struct proc *p, struct uthread **out)
{
	uint32_t i;
	for (i = 0; i < UTHREAD_MAX && uthread_table[i]; i++)
		;
	bool first = urt_list_empty(&p->threads);
	int tid = first ? p->pid : pid_alloc();
	struct uthread *t = i < UTHREAD_MAX && tid > 0 ? calloc(1, sizeof(*t)) : NULL;
	if (!t)
		return -LX_EAGAIN;
	t->proc = p;
	t->index = i;
	t->gen = uthread_gens[i] = uthread_gens[i] % UTHREAD_GEN_MAX + 1;
	t->tid = tid;
	t->park.deadline = UINT64_MAX;
	urt_list_init(&t->pend.rtq);
	int err = uthread_kernel_new(t);
	if (err < 0) {
		uthread_kernel_free(t);
		free(t);
		return err;
	}
	uthread_table[i] = t;
	uthread_badges[i] = UTHREAD_BADGE(i, t->gen);
	pid_table[tid].thread = t;
	urt_list_push_back(&p->threads, &t->plink);
	p->nthreads++;
	*out = t;
	return 0;
}

/* Remove a thread: its kernel thread is destroyed, its call forgotten. */
void uthread_free(struct uthread *t)
{
	struct proc *p = t->proc;
	p->utime_ns += dbt_thread_ctl(t->thread, DBT_THREAD_INFO, 0, 0).v2 * 1000000ull;
	park_cancel(t);
	pend_free(&t->pend);
	uthread_kernel_free(t);
	urt_list_remove(&p->threads, &t->plink);
	p->nthreads--;
	pid_table[t->tid].thread = NULL;
	uthread_table[t->index] = NULL;
	uthread_badges[t->index] = 0;
	free(t);
}
