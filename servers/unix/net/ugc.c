/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * net/ugc.c - the collector of AF_UNIX sockets in flight, Linux's
 * net/unix/garbage.c idea.
 *
 * A socket sent (SCM_RIGHTS) into its own queue and then closed, or a ring
 * of sockets each in the next one's queue, is held only by messages no
 * process can ever receive.  At each release of a socket while descriptors
 * are in flight (as Linux 6.1's unix_release_sock calls unix_gc):
 *   1. count, for each socket, the references to its file in all queues;
 *   2. a candidate is a socket whose file has no other reference: no
 *      descriptor, no message being handled;
 *   3. every other socket is reachable, and so is whatever is in flight in
 *      the queue of a reachable socket, to a fixed point;
 *   4. candidates left unreached are garbage: their queues are emptied,
 *      then the files that were in them closed (and so the garbage sockets, their
 *      names, their peers' ends, a pipe sent with them).
 * Conservative where it is simple to be: a socket without a file (one not
 * yet accepted) counts as reachable, so a ring through it stays.
 */
#include "unixd.h"
#include "fd.h"
#include "usock_impl.h"

enum { GC_CANDIDATE = 1, GC_SCANNED };

static void count_ref(struct file *f, void *arg)
{
	(void)arg;
	struct usock *t = usock_of(f);
	if (t) {
		t->gc_refs++;
		t->gc_file = f;
	}
}

/* The reached sockets whose queues are still to scan. */
struct work {
	struct usock **v;
	unsigned n;
};

static void reach(struct file *f, void *arg)
{
	struct work *w = arg;
	struct usock *t = usock_of(f);
	if (t && t->gc_state == GC_CANDIDATE) {
		t->gc_state = GC_SCANNED;
		w->v[w->n++] = t;       /* each socket once: room for all */
	}
}

/* Steps 1-3: afterwards the garbage is what is still GC_CANDIDATE; false
 * when out of memory (nothing is garbage then). */
static bool gc_mark(void)
{
	unsigned all = 0;
	urt_list_foreach(s, &usock_all, struct usock, glink) {
		s->gc_refs = 0, s->gc_file = NULL;
		all++;
	}
	struct work w = { malloc(all * sizeof(*w.v)), 0 };
	if (!w.v)
		return false;
	urt_list_foreach(s, &usock_all, struct usock, glink)
		usock_queue_files(s, count_ref, NULL);
	urt_list_foreach(s, &usock_all, struct usock, glink) {
		bool cand = s->gc_refs && s->gc_file->refs == s->gc_refs;
		s->gc_state = cand ? GC_CANDIDATE : GC_SCANNED;
		if (!cand)
			w.v[w.n++] = s;
	}
	while (w.n)             /* a stack, not recursion: a chain may be thousands long */
		usock_queue_files(w.v[--w.n], reach, &w);
	free(w.v);
	return true;
}

void usock_gc(void)
{
	static bool running;    /* closing garbage releases sockets: no second pass inside */
	if (running || !usock_inflight())
		return;
	running = true;
	unsigned n = 0, i = 0;
	if (!gc_mark()) {
		running = false;
		return;
	}
	urt_list_foreach(s, &usock_all, struct usock, glink)
		n += s->gc_state == GC_CANDIDATE;
	struct usock **g = n ? malloc(n * sizeof(*g)) : NULL;
	if (g) {
		urt_list_foreach(s, &usock_all, struct usock, glink)
			if (s->gc_state == GC_CANDIDATE) {
				s->refs++;      /* dropping one's queue may release another */
				g[i++] = s;
			}
		usock_queues_drop(g, n);
		for (i = 0; i < n; i++)
			usock_put(g[i]);
		free(g);
	}
	running = false;
}
