/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * epoll.c - epoll_create, epoll_create1, epoll_ctl, epoll_wait, epoll_pwait,
 * epoll_pwait2: an interest list of files and a ready list, with the rules
 * of Linux's fs/eventpoll.c.
 *
 * An epoll instance (struct eventpoll) holds one item per (file, fd) added.
 * An item watches its file's wait queues (file_ops.wait_queue: the read
 * queue if the file is open for reading, the write queue if for writing, as
 * Linux's pipe_poll registers): every wake_all of such a queue calls
 * epoll_queue_woken (syscall.c), which puts the item on its instance's
 * ready list if the queue's key is among the events it asks for (the read
 * queue brings EPOLLIN|RDNORM, the write queue EPOLLOUT|WRNORM, as Linux's
 * pipes, eventfds and timerfds wake),
 * and wakes the instance's queue: epoll_wait callers, poll() and epoll
 * instances watching this one.  So the ready list holds what may be ready,
 * in the order it became so, as Linux's rdllist:
 *   - epoll_wait takes items from its front, asks each file (file_poll) and
 *     reports what it asks for; an item with nothing drops out;
 *   - a level-triggered item goes back at the end, to be asked again;
 *   - an edge-triggered item stays out until its file wakes a queue again
 *     (for a pipe: every write; eventfd: every write; timerfd: every
 *     expiry; signalfd: every signal in its mask);
 *   - EPOLLONESHOT disables the item until EPOLL_CTL_MOD.
 * An epoll file is ready (EPOLLIN) when an item on its ready list is.
 *
 * Items do not hold their file: the last close of a file removes its items
 * (file.watchers lists them; vfs_close calls epoll_file_gone through
 * vfs_unwatch_hook), as Linux's eventpoll_release; closing one descriptor
 * of a dup'ed file does not.  Adding an epoll instance checks for loops and
 * depth (ELOOP) as Linux's ep_loop_check, with the upward depth of 6.1's
 * stable updates: no chain of more than 5 instances.  EPOLLEXCLUSIVE is
 * accepted with Linux's checks (every waiter wakes); EPOLLWAKEUP means
 * nothing.  At most EP_MAX_ITEMS items in all (ENOSPC), as Linux's
 * max_user_watches.
 */
#include "unixd.h"
#include "fd.h"
#include "signal.h"
#include "event.h"
#include "mm/mm.h"

#define LX_EPOLL_CTL_ADD 1
#define LX_EPOLL_CTL_DEL 2
#define LX_EPOLL_CTL_MOD 3
#define EP_MAX_NESTS     4              /* Linux's nesting limit (ELOOP beyond) */
#define EP_DEPTH_LIMIT   16             /* recursion unixd allows itself through nested instances */
#define EP_EVENT_SIZE    12
#define EP_MAX_EVENTS    (INT32_MAX / EP_EVENT_SIZE)
#define EP_PRIVATE_BITS  (LX_EPOLLWAKEUP | LX_EPOLLONESHOT | LX_EPOLLET | LX_EPOLLEXCLUSIVE)
#define EP_EXCLUSIVE_OK  (LX_POLLIN | LX_POLLOUT | LX_POLLERR | LX_POLLHUP | LX_EPOLLWAKEUP | \
                          LX_EPOLLET | LX_EPOLLEXCLUSIVE)
/* what a wake-up of a file's read or write queue brings: the keys Linux's
 * pipes, eventfds and timerfds wake their queues with */
#define EP_READ_KEY      (LX_POLLIN | LX_POLLRDNORM)
#define EP_WRITE_KEY     (LX_POLLOUT | LX_POLLWRNORM)
#define EP_MAX_ITEMS     65536          /* items of all instances (Linux: max_user_watches) */
#define WATCH_BUCKETS    1024
#define NS_PER_MS        1000000ull

struct lx_epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));
_Static_assert(sizeof(struct lx_epoll_event) == EP_EVENT_SIZE, "x86-64 packs epoll_event");

struct eventpoll {
	struct urt_list items;          /* every item, by elink */
	struct urt_list ready;          /* items that may be ready, by rdlink */
	struct urt_list wq;             /* epoll_wait callers; woken when an item gets ready */
	struct file *file;              /* its own file (not a reference) */
	unsigned gen;                   /* loop check: visited in check number loop_gen, */
	int loop_depth;                 /* with this depth */
};

struct epitem;

/* An item's place on one wait queue of its file. */
struct watch {
	struct urt_link link;           /* in buckets[] by queue */
	struct urt_list *queue;
	uint32_t key;                   /* the events a wake-up of this queue may bring */
	struct epitem *item;
};

struct epitem {
	struct eventpoll *ep;
	struct file *file;              /* not a reference: the item goes with the file */
	int fd;
	uint32_t events;                /* as asked, with ERR|HUP; private bits only once ONESHOT fired */
	uint64_t data;
	bool on_ready;                  /* on ep->ready (or the list epoll_wait is going through) */
	struct urt_link elink, rdlink;
	struct epitem *fnext, **fprev;  /* the items watching the same file (file.watchers) */
	struct watch watch[2];          /* read queue, write queue (one when they are the same) */
	unsigned nwatch;
};

static struct urt_list buckets[WATCH_BUCKETS];          /* struct watch, hashed by queue */
static unsigned nwatches, nitems, loop_gen, wake_depth;
/* The key of the wake-up of an instance's queue under way: EPOLLIN and the
 * key that made its item ready (Linux's ep_poll_safewake); 0: EPOLLIN. */
static uint32_t nest_key;
static const struct file_ops epoll_fops;

static struct eventpoll *ep_of(struct file *f)
{
	return f && f->ops == &epoll_fops ? f->priv : NULL;
}

static struct urt_list *bucket(struct urt_list *queue)
{
	return &buckets[((uintptr_t)queue >> 4) % WATCH_BUCKETS];
}

static void ready_add(struct epitem *it)
{
	if (it->on_ready)
		return;
	urt_list_push_back(&it->ep->ready, &it->rdlink);
	it->on_ready = true;
}

static void ready_del(struct epitem *it)
{
	if (!it->on_ready)
		return;
	urt_list_remove(&it->ep->ready, &it->rdlink);
	it->on_ready = false;
}

static uint32_t ep_readiness(struct eventpoll *ep, unsigned depth);

/* What the item's file reports now, of the events it asks for. */
static uint32_t item_poll(struct epitem *it, unsigned depth)
{
	struct eventpoll *sub = ep_of(it->file);
	uint32_t m = sub ? ep_readiness(sub, depth + 1) : file_poll(it->file);
	return m & it->events;
}

/* An instance is readable when an item of its ready list is ready; those
 * that are not leave the list (as Linux's __ep_eventpoll_poll). */
static uint32_t ep_readiness(struct eventpoll *ep, unsigned depth)
{
	if (depth > EP_DEPTH_LIMIT)
		return 0;
	urt_list_foreach_safe(it, tmp, &ep->ready, struct epitem, rdlink) {
		if (item_poll(it, depth))
			return LX_POLLIN | LX_POLLRDNORM;
		ready_del(it);
	}
	return 0;
}

/* ---- watching wait queues ---- */

/* As Linux's add_wait_queue, a new watch is woken first (an exclusive one last). */
static void watch_add(struct epitem *it, struct urt_list *queue, uint32_t key)
{
	if (!queue)
		return;
	for (unsigned i = 0; i < it->nwatch; i++) {
		if (it->watch[i].queue == queue) {
			it->watch[i].key |= key;
			return;
		}
	}
	struct watch *w = &it->watch[it->nwatch++];
	*w = (struct watch){ .queue = queue, .key = key, .item = it };
	if (it->events & LX_EPOLLEXCLUSIVE)
		urt_list_push_back(bucket(queue), &w->link);
	else
		urt_list_push_front(bucket(queue), &w->link);
	nwatches++;
}

static struct urt_list *file_queue(struct file *f, bool write)
{
	return f->ops && f->ops->wait_queue ? f->ops->wait_queue(f, write) : NULL;
}

/* ep's queue: its epoll_wait callers, poll() of it and the instances that
 * hold it, these with key (0: EPOLLIN). */
static void ep_wake(struct eventpoll *ep, uint32_t key)
{
	uint32_t saved = nest_key;
	nest_key = LX_POLLIN | key;
	wake_all(&ep->wq);
	nest_key = saved;
}

/* Linux's ep_poll_callback: a wake-up whose key (0: none, as a signalfd's)
 * is among the events the item asks for makes it a candidate, and the
 * instance's watchers look.  Linux's hang-ups wake with no key: here, a
 * wake-up after which the file shows an error or hang-up the item asks for. */
static void item_woken(struct epitem *it, uint32_t key)
{
	uint32_t hup = LX_POLLERR | LX_POLLHUP;
	if (!(it->events & ~EP_PRIVATE_BITS))
		return;
	if (key && !(it->events & key)) {
		if (!(it->events & hup & file_poll(it->file)))
			return;
		key = 0;
	}
	ready_add(it);
	ep_wake(it->ep, key);
}

void epoll_queue_woken(struct urt_list *queue)
{
	if (!nwatches || wake_depth > EP_DEPTH_LIMIT)
		return;
	wake_depth++;
	urt_list_foreach(w, bucket(queue), struct watch, link) {
		if (w->queue != queue)
			continue;
		struct file *f = w->item->file;
		uint32_t key = ep_of(f) ? (nest_key ? nest_key : LX_POLLIN) : signalfd_file(f) ? 0 : w->key;
		item_woken(w->item, key);
	}
	wake_depth--;
}

void epoll_queue_gone(struct urt_list *queue)
{
	urt_list_foreach_safe(w, tmp, bucket(queue), struct watch, link) {
		if (w->queue != queue)
			continue;
		urt_list_remove(bucket(queue), &w->link);
		w->queue = NULL;
		nwatches--;
	}
}

/* ---- items ---- */

static void item_free(struct epitem *it)
{
	for (unsigned i = 0; i < it->nwatch; i++) {
		if (!it->watch[i].queue)
			continue;       /* its queue went (epoll_queue_gone) */
		urt_list_remove(bucket(it->watch[i].queue), &it->watch[i].link);
		nwatches--;
	}
	ready_del(it);
	urt_list_remove(&it->ep->items, &it->elink);
	*it->fprev = it->fnext;
	if (it->fnext)
		it->fnext->fprev = it->fprev;
	nitems--;
	free(it);
}

/* The last reference to f went: its items go (vfs_unwatch_hook). */
static void epoll_file_gone(struct file *f)
{
	while (f->watchers)
		item_free(f->watchers);
}

/* By the file's own list: short (the instances watching it). */
static struct epitem *item_find(struct eventpoll *ep, struct file *f, int fd)
{
	for (struct epitem *it = f->watchers; it; it = it->fnext)
		if (it->ep == ep && it->fd == fd)
			return it;
	return NULL;
}

/* A ready item goes on the ready list and the instance's watchers look. */
static void item_check(struct epitem *it)
{
	if (item_poll(it, 0) && !it->on_ready) {
		ready_add(it);
		ep_wake(it->ep, 0);
	}
}

static long ep_insert(struct eventpoll *ep, struct file *f, int fd, uint32_t events, uint64_t data)
{
	if (nitems >= EP_MAX_ITEMS)
		return -LX_ENOSPC;      /* Linux's max_user_watches */
	struct epitem *it = calloc(1, sizeof(*it));
	if (!it)
		return -LX_ENOMEM;
	*it = (struct epitem){ .ep = ep, .file = f, .fd = fd, .events = events, .data = data };
	uint32_t acc = f->flags & LX_O_ACCMODE;     /* a pipe's ends watch their own side, as Linux's */
	if (acc != LX_O_WRONLY)
		watch_add(it, file_queue(f, false), EP_READ_KEY);
	if (acc != LX_O_RDONLY)
		watch_add(it, file_queue(f, true), EP_WRITE_KEY);
	urt_list_push_back(&ep->items, &it->elink);
	it->fnext = f->watchers;
	it->fprev = (struct epitem **)&f->watchers;
	if (it->fnext)
		it->fnext->fprev = &it->fnext;
	f->watchers = it;
	nitems++;
	vfs_unwatch_hook = epoll_file_gone;
	item_check(it);
	return 0;
}

/* Linux's ep_loop_check, in two passes that share the visit marks: how
 * deep the chains of instances below ep go (more than EP_MAX_NESTS when
 * one reaches into: a loop) ... */
static int loop_depth_down(struct eventpoll *ep, struct eventpoll *into, int depth)
{
	if (ep->gen == loop_gen)
		return ep->loop_depth;
	ep->gen = loop_gen;
	int result = 0;
	urt_list_foreach(it, &ep->items, struct epitem, elink) {
		struct eventpoll *sub = ep_of(it->file);
		if (!sub)
			continue;
		int d = sub == into || depth > EP_MAX_NESTS ? EP_MAX_NESTS + 1
		                                            : loop_depth_down(sub, into, depth + 1) + 1;
		result = d > result ? d : result;
		if (result > EP_MAX_NESTS)
			break;
	}
	ep->loop_depth = result;
	return result;
}

/* ... and how many instances hold ep, one inside the other. */
static int loop_depth_up(struct eventpoll *ep)
{
	if (ep->gen == loop_gen)
		return ep->loop_depth;
	int result = 0;
	for (struct epitem *it = ep->file->watchers; it; it = it->fnext) {
		int d = loop_depth_up(it->ep) + 1;
		result = d > result ? d : result;
	}
	ep->gen = loop_gen;
	ep->loop_depth = result;
	return result;
}

/* Adding sub to into must make no loop nor a chain of more than
 * EP_MAX_NESTS instances inside each other. */
static int loop_check(struct eventpoll *sub, struct eventpoll *into)
{
	loop_gen++;
	int down = loop_depth_down(sub, into, 0);
	if (down > EP_MAX_NESTS || down + 1 + loop_depth_up(into) > EP_MAX_NESTS)
		return -LX_ELOOP;
	return 0;
}

/* The checks of do_epoll_ctl, in its order, before the operation. */
static long ctl_check(struct proc *p, int epfd, int op, int fd, uint32_t events,
                      struct eventpoll **ep, struct file **tf)
{
	struct file *ef = fd_file(p, epfd);
	*tf = fd_file(p, fd);
	if (!ef || !*tf)
		return -LX_EBADF;
	if (!(*tf)->ops || !(*tf)->ops->poll)
		return -LX_EPERM;
	*ep = ep_of(ef);
	if (ef == *tf || !*ep)
		return -LX_EINVAL;
	if (op != LX_EPOLL_CTL_DEL && (events & LX_EPOLLEXCLUSIVE)) {
		if (op == LX_EPOLL_CTL_MOD)
			return -LX_EINVAL;
		if (op == LX_EPOLL_CTL_ADD && (ep_of(*tf) || (events & ~EP_EXCLUSIVE_OK)))
			return -LX_EINVAL;
	}
	if (op == LX_EPOLL_CTL_ADD && ep_of(*tf))
		return loop_check(ep_of(*tf), *ep);
	return 0;
}

long sys_epoll_ctl(struct uthread *t, const uint64_t *a)
{
	int op = (int)a[1], fd = (int)a[2];
	struct lx_epoll_event ev = { 0, 0 };
	if (op != LX_EPOLL_CTL_DEL && copy_in(t->proc, &ev, a[3], sizeof(ev)))
		return -LX_EFAULT;
	struct eventpoll *ep;
	struct file *tf;
	long err = ctl_check(t->proc, (int)a[0], op, fd, ev.events, &ep, &tf);
	if (err)
		return err;
	struct epitem *it = item_find(ep, tf, fd);
	uint32_t events = ev.events | LX_POLLERR | LX_POLLHUP;
	switch (op) {
	case LX_EPOLL_CTL_ADD:
		return it ? -LX_EEXIST : ep_insert(ep, tf, fd, events, ev.data);
	case LX_EPOLL_CTL_DEL:
		if (!it)
			return -LX_ENOENT;
		item_free(it);
		return 0;
	case LX_EPOLL_CTL_MOD:
		if (!it)
			return -LX_ENOENT;
		if (it->events & LX_EPOLLEXCLUSIVE)
			return -LX_EINVAL;
		it->events = events;
		it->data = ev.data;
		item_check(it);
		return 0;
	}
	return -LX_EINVAL;
}

/* ---- waiting ---- */

/* The rest of the list epoll_wait went through goes back to the front. */
static void ready_putback(struct eventpoll *ep, struct urt_list *tx)
{
	while (!urt_list_empty(tx)) {
		struct epitem *it = urt_list_last(tx, struct epitem, rdlink);
		urt_list_remove(tx, &it->rdlink);
		urt_list_push_front(&ep->ready, &it->rdlink);
	}
}

/* Linux's ep_send_events: up to max events out to uev; their count, or
 * -EFAULT if the first could not be written. */
static long ep_send(struct proc *p, struct eventpoll *ep, uint64_t uev, int max)
{
	struct urt_list tx = ep->ready;
	long res = 0;
	urt_list_init(&ep->ready);
	while (!urt_list_empty(&tx) && res < max) {
		struct epitem *it = urt_list_first(&tx, struct epitem, rdlink);
		urt_list_remove(&tx, &it->rdlink);
		it->on_ready = false;
		struct lx_epoll_event ev = { item_poll(it, 0), it->data };
		if (!ev.events)
			continue;
		if (copy_out(p, uev + (uint64_t)res * EP_EVENT_SIZE, &ev, sizeof(ev))) {
			urt_list_push_front(&tx, &it->rdlink);
			it->on_ready = true;
			res = res ? res : -LX_EFAULT;
			break;
		}
		res++;
		if (it->events & LX_EPOLLONESHOT)
			it->events &= EP_PRIVATE_BITS;
		else if (!(it->events & LX_EPOLLET))
			ready_add(it);
	}
	ready_putback(ep, &tx);
	return res;
}

static long ep_wait(struct uthread *t, int epfd, uint64_t uev, int max, bool has_to, uint64_t to_ns)
{
	if (max <= 0 || max > EP_MAX_EVENTS)
		return -LX_EINVAL;
	uint64_t end = uev + (uint64_t)max * EP_EVENT_SIZE;
	if (end < uev || end > VMA_TASK_SIZE)
		return -LX_EFAULT;      /* access_ok: the whole array must be user space */
	struct file *f = fd_file(t->proc, epfd);
	if (!f)
		return -LX_EBADF;
	struct eventpoll *ep = ep_of(f);
	if (!ep)
		return -LX_EINVAL;
	uint64_t dl = poll_deadline(t, has_to, to_ns);
	long r = ep_send(t->proc, ep, uev, max);
	if (r || t->park.wake_reason == PARK_TIMEOUT || dl <= unix_now_ns())
		return r;
	r = park(t, &ep->wq, dl);
	t->park.intr_result = -LX_EINTR;        /* epoll_wait is never restarted */
	return r;
}

long sys_epoll_wait(struct uthread *t, const uint64_t *a)
{
	int ms = (int)a[3];
	return ep_wait(t, (int)a[0], a[1], (int)a[2], ms >= 0, (uint64_t)(ms < 0 ? 0 : ms) * NS_PER_MS);
}

long sys_epoll_pwait(struct uthread *t, const uint64_t *a)
{
	int err = poll_sigmask_swap(t, a[4], a[5]);
	return err ? err : sys_epoll_wait(t, a);
}

long sys_epoll_pwait2(struct uthread *t, const uint64_t *a)
{
	uint64_t ns = 0;
	int err = a[3] ? poll_timespec_ns(t, a[3], &ns) : 0;
	if (!err)
		err = poll_sigmask_swap(t, a[4], a[5]);
	return err ? err : ep_wait(t, (int)a[0], a[1], (int)a[2], a[3] != 0, ns);
}

/* ---- the epoll file ---- */

static unsigned epoll_poll(struct file *f)
{
	return ep_readiness(f->priv, 0);
}

static struct urt_list *epoll_queue(struct file *f, bool write)
{
	struct eventpoll *ep = f->priv;
	return write ? NULL : &ep->wq;
}

static void epoll_release(struct file *f)
{
	struct eventpoll *ep = f->priv;
	urt_list_foreach_safe(it, tmp, &ep->items, struct epitem, elink)
		item_free(it);
	wake_all(&ep->wq);      /* a thread of another process may wait on it: it looks again */
	free(ep);
}

static const struct file_ops epoll_fops = { .lseek = anon_lseek, .poll = epoll_poll,
                                            .wait_queue = epoll_queue,
                                            .release = epoll_release };

long sys_epoll_create1(struct uthread *t, const uint64_t *a)
{
	if (a[0] & ~(uint64_t)LX_O_CLOEXEC)
		return -LX_EINVAL;
	struct eventpoll *ep = calloc(1, sizeof(*ep));
	struct file *f = ep ? anon_file_new("[eventpoll]", &epoll_fops, ep, LX_O_RDWR) : NULL;
	if (!f) {
		free(ep);
		return -LX_ENOMEM;
	}
	ep->file = f;
	return anon_fd_install(t->proc, f, a[0] & LX_O_CLOEXEC);
}

long sys_epoll_create(struct uthread *t, const uint64_t *a)
{
	if ((int)a[0] <= 0)
		return -LX_EINVAL;
	uint64_t b[1] = { 0 };
	return sys_epoll_create1(t, b);
}
