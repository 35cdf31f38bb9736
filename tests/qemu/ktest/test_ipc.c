/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_ipc.c - the IPC part of the kernel API test suite: send, receive,
 * call, reply, reply-and-receive, message lengths, labels and badges,
 * typed items (memory, capabilities), timeouts, reply rights, deletion of
 * endpoints and partners, notifications (plain and bound), bad tags,
 * server loops, IPC within one address space and across spaces, priority.
 *
 * Children run small "jobs" described by the global J[]: the slots they
 * use, what to send, and where they record what happened.  Globals are
 * shared with child tasks (the pager maps the root's pages), so the root
 * checks a child's results after joining it.  The root never blocks for
 * ever; children may, since the test's quota destruction ends them.
 */
#include "ktest.h"

#define SENTINEL  0x5e5e5e5e5e5e5e5eull
#define T_1S      1000000u              /* a timeout that never expires in a passing test */
#define MEM_WIN   0x400000000000ull     /* memory receive window in a child task */
#define NJOBS     4
#define LEAK(k)   (0x1eaf000000000000ull + (k))  /* words beyond u: must not arrive */

struct job {
	dbt_slot_t slot, slot2;         /* slots as the child sees them */
	dbt_word_t tag;                 /* tag to send */
	uint32_t timeout;
	dbt_word_t rcv_mem, rcv_cap;    /* receive windows to set */
	dbt_word_t addr;                /* address to inspect after a receive */
	unsigned count;                 /* loop count, or milliseconds to sleep */
	unsigned peer;                  /* job whose flag to report in seen */
	volatile dbt_word_t flag;       /* 1: about to block, 2: returned from the IPC, 3: after */
	volatile dbt_word_t err, err2;
	volatile dbt_word_t rtag, badge;
	volatile dbt_word_t val, perr, pa, rights, type;
	volatile dbt_word_t n, seen;
	dbt_word_t mr[DBT_MSG_WORDS];   /* in: message to send; out: message received */
};

static struct job J[NJOBS];

static void jobs_reset(void)
{
	memset(J, 0, sizeof(J));
	for (unsigned i = 0; i < NJOBS; i++)
		J[i].timeout = DBT_TIMEOUT_NEVER;
}

static dbt_word_t pat(dbt_word_t seed, unsigned i)
{
	return (seed + 1) * 0x9e3779b97f4a7c15ull ^ ((dbt_word_t)i << 40 | i);
}

static void fill(dbt_word_t *mr, unsigned n, dbt_word_t seed)
{
	for (unsigned k = 0; k < DBT_MSG_WORDS; k++)
		mr[k] = k < n ? pat(seed, k) : SENTINEL;
}

static void set_windows(struct job *j)
{
	dbt_utcb()->rcv_mem = j->rcv_mem;
	dbt_utcb()->rcv_cap = j->rcv_cap;
}

static void record(struct job *j, dbt_word_t tag, dbt_word_t badge)
{
	dbt_word_t *mr = dbt_mr();
	j->rtag = tag;
	j->badge = badge;
	for (unsigned k = 0; k < DBT_MSG_WORDS; k++)
		j->mr[k] = mr[k];
}

/* ---- jobs (child thread bodies; arg is the index into J) ---------------- */

static void job_recv(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t tag, badge = 0, *mr = dbt_mr();
	set_windows(j);
	for (unsigned k = 0; k < DBT_MSG_WORDS; k++)
		mr[k] = SENTINEL;
	j->flag = 1;
	j->err = dbt_recv(j->slot, &tag, &badge, j->timeout);
	record(j, tag, badge);
	j->flag = 2;
}

/* Receive twice (the second time with the job's timeout): bound notifications. */
static void job_recv2(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t tag, badge = 0;
	j->flag = 1;
	j->err = dbt_recv(j->slot, &tag, &badge, DBT_TIMEOUT_NEVER);
	record(j, tag, badge);
	j->flag = 2;
	j->err2 = dbt_recv(j->slot, &tag, &badge, j->timeout);
	j->flag = 3;
}

static void job_send(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t *mr = dbt_mr();
	for (unsigned k = 0; k < DBT_MSG_WORDS; k++)
		mr[k] = j->mr[k];
	j->flag = 1;
	j->err = dbt_send(j->slot, j->tag, j->timeout);
	j->flag = 2;
	j->seen = J[j->peer].flag;      /* how far the partner job got */
}

static void job_call(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t *mr = dbt_mr(), tag = j->tag;
	set_windows(j);
	for (unsigned k = 0; k < DBT_MSG_WORDS; k++)
		mr[k] = j->mr[k];
	j->flag = 1;
	j->err = dbt_call(j->slot, &tag, j->timeout, j->timeout);
	record(j, tag, 0);
	j->flag = 2;
	j->seen = J[j->peer].flag;
}

/* Receive a message, send it back with every word inverted and label + 1. */
static void job_echo(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t tag, badge = 0, *mr = dbt_mr();
	for (unsigned k = 0; k < DBT_MSG_WORDS; k++)
		mr[k] = SENTINEL;
	j->err = dbt_recv(j->slot, &tag, &badge, DBT_TIMEOUT_NEVER);
	record(j, tag, badge);
	if (j->err)
		return;
	unsigned u = DBT_TAG_U(tag);
	for (unsigned k = 0; k < DBT_MSG_WORDS; k++)
		mr[k] = k < u ? ~mr[k] : LEAK(k);
	j->err2 = dbt_send(j->slot, DBT_TAG(DBT_TAG_LABEL(tag) + 1, u, 0), DBT_TIMEOUT_NEVER);
}

/* A server: answer each call with its words inverted plus the badge, label + 1. */
static void job_server(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t tag = 0, badge = 0, *mr = dbt_mr();
	j->flag = 1;
	j->err = dbt_recv(j->slot, &tag, &badge, DBT_TIMEOUT_NEVER);
	while (!j->err) {
		j->n++;
		unsigned u = DBT_TAG_U(tag);
		for (unsigned k = 0; k < u; k++)
			mr[k] = ~mr[k] + badge;
		tag = DBT_TAG(DBT_TAG_LABEL(tag) + 1, u, 0);
		j->err = dbt_reply_recv(j->slot, &tag, &badge, DBT_TIMEOUT_NEVER);
	}
}

/* Serve one call with dbt_reply, then mark flag 3 and receive again. */
static void job_serve_once(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t tag, badge;
	j->flag = 1;
	j->err = dbt_recv(j->slot, &tag, &badge, DBT_TIMEOUT_NEVER);
	j->badge = badge;
	j->flag = 2;
	dbt_mr()[0] = 0x1234;
	j->err2 = dbt_reply(DBT_TAG(7, 1, 0));
	j->flag = 3;
	dbt_recv(j->slot, &tag, &badge, DBT_TIMEOUT_NEVER);
}

/* Receive a call, wait on notification slot2, then try to reply. */
static void job_serve_late(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t tag, badge;
	j->flag = 1;
	j->err = dbt_recv(j->slot, &tag, &badge, DBT_TIMEOUT_NEVER);
	j->flag = 2;
	dbt_wait(j->slot2, NULL, DBT_TIMEOUT_NEVER);
	j->err2 = dbt_reply(DBT_TAG(0, 0, 0));
	j->flag = 3;
}

/* Receive two calls without answering the first, wait on slot2, then reply. */
static void job_serve_two(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t tag, badge, *mr = dbt_mr();
	j->err = dbt_recv(j->slot, &tag, &badge, DBT_TIMEOUT_NEVER);
	j->flag = 2;
	j->err |= dbt_recv(j->slot, &tag, &badge, DBT_TIMEOUT_NEVER);
	j->val = mr[0];                 /* the second caller's word */
	j->flag = 3;
	dbt_wait(j->slot2, NULL, DBT_TIMEOUT_NEVER);
	mr[0] = j->val + 1;
	j->err2 = dbt_reply(DBT_TAG(0, 1, 0));
	j->flag = 4;
}

/* Answer one call through reply_recv with a capability item (the caller
 * has no window), then receive with the job's timeout. */
static void job_bad_reply(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t tag, badge, *mr = dbt_mr();
	j->err = dbt_recv(j->slot, &tag, &badge, DBT_TIMEOUT_NEVER);
	mr[0] = 0x66;
	mr[1] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);
	mr[2] = DBT_CAP_FPAGE(j->slot, 0, DBT_CAP_READ);
	tag = DBT_TAG(1, 1, 1);
	j->err2 = dbt_reply_recv(j->slot, &tag, &badge, j->timeout);
	j->flag = 3;
}

/* Grant the page at addr (touched first, so the pager maps it) on slot. */
static void job_grant_mem(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t *mr = dbt_mr();
	j->val = *(volatile dbt_word_t *)j->addr;
	j->perr = dbt_map_info(j->addr, NULL, NULL);
	mr[0] = DBT_ITEM(DBT_ITEM_GRANT, DBT_SPACE_MEM, 0);
	mr[1] = DBT_FPAGE(j->addr, 12, DBT_R | DBT_W);
	j->err = dbt_send(j->slot, DBT_TAG(0, 0, 1), DBT_TIMEOUT_NEVER);
	j->err2 = dbt_map_info(j->addr, NULL, NULL);     /* no touching it now */
}

/* Call the server count times with varied lengths; count the good answers. */
static void job_client_loop(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t *mr = dbt_mr();
	for (unsigned r = 0; r < j->count; r++) {
		unsigned u = r % 9;
		dbt_word_t tag = DBT_TAG(r + 100, u, 0);
		for (unsigned k = 0; k < u; k++)
			mr[k] = pat(r, k);
		dbt_word_t err = dbt_call(j->slot, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER);
		if (err) {
			j->err = err;
			return;
		}
		if (tag != DBT_TAG(r + 101, u, 0)) {
			j->err2 = 0x1000 + r;
			return;
		}
		for (unsigned k = 0; k < u; k++) {
			if (mr[k] != ~pat(r, k) + j->tag) {   /* j->tag: the badge expected */
				j->err2 = 0x2000 + r;
				return;
			}
		}
		j->n++;
	}
}

static void job_wait(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t bits = 0;
	j->flag = 1;
	j->err = dbt_wait(j->slot, &bits, j->timeout);
	j->badge = bits;
	j->flag = 2;
}

/* Local thread: sleep count ms, then destroy slot. */
static void job_destroy(dbt_word_t i)
{
	struct job *j = &J[i];
	ksleep_ms(j->count);
	j->err = dbt_destroy(j->slot);
}

/* Local thread: sleep count ms, then send. */
static void job_sleep_send(dbt_word_t i)
{
	ksleep_ms(J[i].count);
	job_send(i);
}

/* Receive a memory item into the window, then inspect J[i].addr. */
static void job_recv_mem(dbt_word_t i)
{
	struct job *j = &J[i];
	job_recv(i);
	if (j->err)
		return;
	dbt_word_t pa = 0, rights = 0;
	j->perr = dbt_map_info(j->addr, &pa, &rights);
	j->pa = pa;
	j->rights = rights;
	if (j->perr)
		return;
	j->val = *(volatile dbt_word_t *)j->addr;
	if (rights & DBT_W)
		((volatile dbt_word_t *)j->addr)[1] = ~j->val;
	j->flag = 3;
}

/* Receive a capability item, then inspect slot addr and signal it. */
static void job_recv_cap(dbt_word_t i)
{
	struct job *j = &J[i];
	job_recv(i);
	if (j->err)
		return;
	dbt_word_t type = 0, rights = 0, badge = 0;
	j->perr = dbt_cap_info(j->addr, &type, &rights, &badge);
	j->type = type;
	j->rights = rights;
	j->val = badge;
	if (!j->perr && type == DBT_OBJ_NOTIFICATION)
		j->err2 = dbt_signal(j->addr);
	j->flag = 3;
}

/* ---- helpers for the root ----------------------------------------------- */

static dbt_slot_t copy_of(dbt_slot_t src, unsigned rights, dbt_word_t badge)
{
	dbt_slot_t s = kslot();
	dbt_word_t err = dbt_cap_copy(src, s, rights, badge);
	if (err)
		ktest_fail(__FILE__, __LINE__, "cap_copy: error %lu", err);
	return s;
}

static dbt_word_t start_local(struct kchild *c, void (*fn)(dbt_word_t), unsigned i)
{
	dbt_word_t err = ktest_local(c, fn, i);
	return err ? err : ktest_start(c);
}

/* A child task running job i with ep at CHILD_SLOT_FIRST (rights), not started. */
static dbt_word_t make_child(struct kchild *c, void (*fn)(dbt_word_t), unsigned i,
                             dbt_slot_t ep, unsigned rights)
{
	dbt_word_t err = ktest_child(c, fn, i);
	if (err)
		return err;
	J[i].slot = CHILD_SLOT_FIRST;
	return ktest_give(c, ep, CHILD_SLOT_FIRST, rights);
}

/* Wait (sleeping, at most a second) until the child is blocked in state st. */
static bool blocked_in(struct kchild *c, dbt_word_t st)
{
	for (unsigned i = 0; i < 1000; i++) {
		if (dbt_thread_ctl(c->thread, DBT_THREAD_INFO, 0, 0).v0 == st)
			return true;
		ksleep_ms(1);
	}
	return false;
}

static dbt_word_t set_prio(struct kchild *c, unsigned prio)
{
	return dbt_thread_ctl(c->thread, DBT_THREAD_SET_PRIORITY, prio, 0).err;
}

/* ---- send and receive --------------------------------------------------- */

KTEST(ipc, send_to_waiting_receiver_local)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	EXPECT_OK(start_local(&c, job_recv, 0));
	EXPECT(blocked_in(&c, DBT_THREAD_RECEIVING));
	EXPECT_EQ(J[0].flag, 1);                /* blocked in the receive */
	dbt_word_t *mr = dbt_mr();
	mr[0] = 11; mr[1] = 22; mr[2] = 33;
	EXPECT_OK(dbt_send(ep, DBT_TAG(0x123, 3, 0), T_1S));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].rtag, DBT_TAG(0x123, 3, 0));
	EXPECT_EQ(J[0].badge, 0);
	EXPECT_EQ(J[0].mr[0], 11);
	EXPECT_EQ(J[0].mr[1], 22);
	EXPECT_EQ(J[0].mr[2], 33);
}

KTEST(ipc, send_to_late_receiver_cross)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	EXPECT_OK(make_child(&c, job_recv, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	EXPECT_EQ(J[0].flag, 0);                /* not run yet: we queue as sender */
	dbt_word_t *mr = dbt_mr();
	mr[0] = 0xaaaa; mr[1] = 0xbbbb;
	EXPECT_OK(dbt_send(ep, DBT_TAG(5, 2, 0), T_1S));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].rtag, DBT_TAG(5, 2, 0));
	EXPECT_EQ(J[0].mr[0], 0xaaaa);
	EXPECT_EQ(J[0].mr[1], 0xbbbb);
}

KTEST(ipc, recv_from_child_sender)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	fill(J[0].mr, 4, 9);
	J[0].tag = DBT_TAG(0x4242, 4, 0);
	EXPECT_OK(make_child(&c, job_send, 0, ep, DBT_CAP_WRITE));
	EXPECT_OK(ktest_start(&c));
	dbt_word_t tag = 0, badge = 1, *mr = dbt_mr();
	EXPECT_OK(dbt_recv(ep, &tag, &badge, T_1S));
	EXPECT_EQ(tag, DBT_TAG(0x4242, 4, 0));
	EXPECT_EQ(badge, 0);
	for (unsigned k = 0; k < 4; k++)
		EXPECT_EQ(mr[k], pat(9, k));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
}

KTEST(ipc, recv_from_queued_sender_poll)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	J[0].tag = DBT_TAG(3, 1, 0);
	J[0].mr[0] = 0x77;
	EXPECT_OK(start_local(&c, job_send, 0));
	EXPECT(blocked_in(&c, DBT_THREAD_SENDING));
	EXPECT_EQ(J[0].flag, 1);                /* blocked in the send */
	dbt_word_t tag, badge, *mr = dbt_mr();
	EXPECT_OK(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL));
	EXPECT_EQ(tag, DBT_TAG(3, 1, 0));
	EXPECT_EQ(mr[0], 0x77);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
}

/* ---- message lengths: root -> child and back, all words checked --------- */

static void len_test(unsigned n, bool local)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	if (local) {
		J[0].slot = ep;
		EXPECT_OK(ktest_local(&c, job_echo, 0));
	} else {
		EXPECT_OK(make_child(&c, job_echo, 0, ep, DBT_CAP_READ | DBT_CAP_WRITE));
	}
	EXPECT_OK(ktest_start(&c));
	dbt_word_t tag, badge, *mr = dbt_mr();
	for (unsigned k = 0; k < DBT_MSG_WORDS; k++)
		mr[k] = k < n ? pat(n, k) : LEAK(k);
	EXPECT_OK(dbt_send(ep, DBT_TAG(0x77, n, 0), T_1S));
	for (unsigned k = 0; k < DBT_MSG_WORDS; k++)
		mr[k] = SENTINEL;
	EXPECT_OK(dbt_recv(ep, &tag, &badge, T_1S));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_OK(J[0].err2);
	EXPECT_EQ(J[0].rtag, DBT_TAG(0x77, n, 0));
	for (unsigned k = 0; k < n; k++)
		EXPECT_EQ(J[0].mr[k], pat(n, k));
	for (unsigned k = n; k < DBT_MSG_WORDS; k++)
		EXPECT(J[0].mr[k] != LEAK(k));          /* no word beyond u copied */
	EXPECT_EQ(tag, DBT_TAG(0x78, n, 0));
	for (unsigned k = 0; k < n; k++)
		EXPECT_EQ(mr[k], ~pat(n, k));
	for (unsigned k = n; k < DBT_MSG_WORDS; k++)
		EXPECT(mr[k] != LEAK(k));
}

KTEST(ipc, len_0) { len_test(0, true); }
KTEST(ipc, len_1) { len_test(1, false); }
KTEST(ipc, len_7) { len_test(7, true); }
KTEST(ipc, len_8) { len_test(8, false); }
KTEST(ipc, len_9) { len_test(9, true); }
KTEST(ipc, len_63) { len_test(63, false); }
KTEST(ipc, len_64_local) { len_test(64, true); }
KTEST(ipc, len_64_cross) { len_test(64, false); }

KTEST(ipc, call_reply_64_words)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	EXPECT_OK(make_child(&c, job_server, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	dbt_word_t *mr = dbt_mr(), tag = DBT_TAG(0x99, 64, 0);
	fill(mr, 64, 64);
	EXPECT_OK(dbt_call(ep, &tag, T_1S, T_1S));
	EXPECT_EQ(tag, DBT_TAG(0x9a, 64, 0));
	for (unsigned k = 0; k < 64; k++)
		EXPECT_EQ(mr[k], ~pat(64, k));
	EXPECT_EQ(J[0].n, 1);
}

KTEST(ipc, label_max_and_tag)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	EXPECT_OK(start_local(&c, job_recv, 0));
	EXPECT(blocked_in(&c, DBT_THREAD_RECEIVING));
	dbt_word_t label = 0xffffffffffffull;   /* all 48 label bits */
	dbt_mr()[0] = 1; dbt_mr()[1] = 2;
	EXPECT_OK(dbt_send(ep, DBT_TAG(label, 2, 0), DBT_TIMEOUT_POLL));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(DBT_TAG_LABEL(J[0].rtag), label);
	EXPECT_EQ(DBT_TAG_U(J[0].rtag), 2);
	EXPECT_EQ(DBT_TAG_T(J[0].rtag), 0);
	EXPECT_EQ(J[0].rtag & DBT_TAG_RESERVED, 0);
}

/* ---- badges ------------------------------------------------------------- */

KTEST(ipc, badge_to_waiting_receiver)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t b = copy_of(ep, DBT_CAP_WRITE, 0xbeef);
	jobs_reset();
	EXPECT_OK(make_child(&c, job_recv, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	EXPECT(blocked_in(&c, DBT_THREAD_RECEIVING));
	EXPECT_EQ(J[0].flag, 1);
	EXPECT_OK(dbt_send(b, DBT_TAG(1, 0, 0), DBT_TIMEOUT_POLL));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].badge, 0xbeef);
}

KTEST(ipc, badges_of_queued_senders)
{
	struct kchild c0, c1, c2;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t b1 = copy_of(ep, DBT_CAP_WRITE, 0x11);
	dbt_slot_t b2 = copy_of(ep, DBT_CAP_WRITE, 0x22);
	jobs_reset();
	/* three senders queue in order: badge 0x11 (child task), none (local), 0x22 */
	EXPECT_OK(make_child(&c0, job_send, 0, b1, DBT_CAP_WRITE));
	EXPECT_OK(ktest_start(&c0));
	EXPECT(blocked_in(&c0, DBT_THREAD_SENDING));
	J[1].slot = ep;
	EXPECT_OK(start_local(&c1, job_send, 1));
	EXPECT(blocked_in(&c1, DBT_THREAD_SENDING));
	J[2].slot = b2;
	EXPECT_OK(start_local(&c2, job_send, 2));
	EXPECT(blocked_in(&c2, DBT_THREAD_SENDING));
	dbt_word_t tag, badge;
	EXPECT_OK(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL));
	EXPECT_EQ(badge, 0x11);
	EXPECT_OK(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL));
	EXPECT_EQ(badge, 0);
	EXPECT_OK(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL));
	EXPECT_EQ(badge, 0x22);
	EXPECT_EQ(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

KTEST(ipc, badge_on_call_between_children)
{
	struct kchild s, cl;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t b = copy_of(ep, DBT_CAP_WRITE, 0x5150);
	jobs_reset();
	EXPECT_OK(make_child(&s, job_serve_once, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&s));
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	J[1].slot = b;
	J[1].tag = DBT_TAG(1, 1, 0);
	J[1].mr[0] = 5;
	EXPECT_OK(start_local(&cl, job_call, 1));
	EXPECT(ktest_join(&cl, 1000));
	EXPECT_OK(J[1].err);
	EXPECT_EQ(J[1].rtag, DBT_TAG(7, 1, 0));
	EXPECT_EQ(J[1].mr[0], 0x1234);
	EXPECT_EQ(J[0].badge, 0x5150);
	EXPECT_OK(J[0].err2);
}

/* ---- rights, types and bad tags ----------------------------------------- */

KTEST(ipc, send_needs_write_recv_needs_read)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ro = copy_of(ep, DBT_CAP_READ | DBT_CAP_GRANT, 0);
	dbt_slot_t wo = copy_of(ep, DBT_CAP_WRITE | DBT_CAP_GRANT, 0);
	dbt_word_t tag = DBT_TAG(0, 0, 0), badge;
	EXPECT_EQ(dbt_send(ro, DBT_TAG(0, 0, 0), DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_call(ro, &tag, DBT_TIMEOUT_POLL, DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_recv(wo, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	tag = DBT_TAG(0, 0, 0);
	EXPECT_EQ(dbt_reply_recv(wo, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	/* the right ones get as far as the timeout */
	EXPECT_EQ(dbt_send(wo, DBT_TAG(0, 0, 0), DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	EXPECT_EQ(dbt_recv(ro, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

KTEST(ipc, wrong_type_empty_invalid_slot)
{
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t empty = kslot();
	dbt_word_t tag, badge, bits;
	EXPECT_EQ(dbt_send(ntf, DBT_TAG(0, 0, 0), DBT_TIMEOUT_POLL), DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_recv(ntf, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_send(empty, DBT_TAG(0, 0, 0), DBT_TIMEOUT_POLL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_send(0, DBT_TAG(0, 0, 0), DBT_TIMEOUT_POLL), DBT_E_INVALID_SLOT);
	EXPECT_EQ(dbt_recv(1ull << 30, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_INVALID_SLOT);
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_EQ(dbt_signal(ep), DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_wait(ep, &bits, DBT_TIMEOUT_POLL), DBT_E_WRONG_TYPE);
}

KTEST(ipc, typed_items_need_grant)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t w = copy_of(ep, DBT_CAP_WRITE, 0);
	dbt_word_t *mr = dbt_mr(), tag;
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);
	mr[1] = DBT_CAP_FPAGE(ntf, 0, DBT_CAP_ALL);
	EXPECT_EQ(dbt_send(w, DBT_TAG(0, 0, 1), DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	tag = DBT_TAG(0, 0, 1);
	EXPECT_EQ(dbt_call(w, &tag, DBT_TIMEOUT_POLL, DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	/* untyped through the same capability is fine; typed with GRANT too */
	EXPECT_EQ(dbt_send(w, DBT_TAG(0, 2, 0), DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);
	mr[1] = DBT_CAP_FPAGE(ntf, 0, DBT_CAP_ALL);
	EXPECT_EQ(dbt_send(ep, DBT_TAG(0, 0, 1), DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

KTEST(ipc, typed_items_need_grant_with_receiver)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t w = copy_of(ep, DBT_CAP_WRITE, 0);
	jobs_reset();
	J[0].rcv_cap = DBT_CAP_FPAGE(10, 0, 0);
	EXPECT_OK(make_child(&c, job_recv, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	EXPECT(blocked_in(&c, DBT_THREAD_RECEIVING));
	dbt_word_t *mr = dbt_mr();
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);
	mr[1] = DBT_CAP_FPAGE(ntf, 0, DBT_CAP_ALL);
	EXPECT_EQ(dbt_send(w, DBT_TAG(0, 0, 1), DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	EXPECT_EQ(J[0].flag, 1);                /* the receiver still waits */
	mr[0] = 0x31;
	EXPECT_OK(dbt_send(w, DBT_TAG(0, 1, 0), DBT_TIMEOUT_POLL));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].mr[0], 0x31);
}

KTEST(ipc, bad_tag_too_long)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	static const dbt_word_t bad[] = {
		DBT_TAG(0, 64, 1), DBT_TAG(0, 3, 31), DBT_TAG(0, 65, 0), DBT_TAG(0, 127, 0),
		DBT_TAG(0, 63, 1),
	};
	dbt_word_t tag, badge;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(dbt_send(ep, bad[i], DBT_TIMEOUT_POLL), DBT_E_BAD_MESSAGE);
		tag = bad[i];
		EXPECT_EQ(dbt_call(ep, &tag, DBT_TIMEOUT_POLL, DBT_TIMEOUT_POLL),
		          DBT_E_BAD_MESSAGE);
		EXPECT_EQ(dbt_reply(bad[i]), DBT_E_BAD_MESSAGE);
		tag = bad[i];
		EXPECT_EQ(dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_BAD_MESSAGE);
	}
	/* the limits themselves are fine */
	EXPECT_EQ(dbt_send(ep, DBT_TAG(0, 64, 0), DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	EXPECT_EQ(dbt_send(ep, DBT_TAG(0, 2, 31), DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

KTEST(ipc, bad_tag_reserved_bits)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t tag, badge;
	jobs_reset();
	J[0].slot = ep;
	EXPECT_OK(start_local(&c, job_recv, 0));
	EXPECT(blocked_in(&c, DBT_THREAD_RECEIVING));
	for (unsigned bit = 12; bit < 16; bit++) {
		if (!(DBT_TAG_RESERVED & (1u << bit)))
			continue;               /* DBT_TAG_DEADLINE: see test_time.c */
		dbt_word_t t = DBT_TAG(1, 1, 0) | (1ull << bit);
		EXPECT_EQ(dbt_send(ep, t, DBT_TIMEOUT_POLL), DBT_E_BAD_MESSAGE);
		tag = t;
		EXPECT_EQ(dbt_call(ep, &tag, DBT_TIMEOUT_POLL, DBT_TIMEOUT_POLL),
		          DBT_E_BAD_MESSAGE);
		EXPECT_EQ(dbt_reply(t), DBT_E_BAD_MESSAGE);
		tag = t;
		EXPECT_EQ(dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_BAD_MESSAGE);
	}
	/* none of them reached the waiting receiver */
	EXPECT_EQ(J[0].flag, 1);
	dbt_mr()[0] = 0x600d;
	EXPECT_OK(dbt_send(ep, DBT_TAG(1, 1, 0), DBT_TIMEOUT_POLL));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].rtag, DBT_TAG(1, 1, 0));
	EXPECT_EQ(J[0].mr[0], 0x600d);
}

/* ---- timeouts ----------------------------------------------------------- */

KTEST(ipc, poll_send_and_recv_time_out)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t tag = DBT_TAG(0, 0, 0), badge;
	EXPECT_EQ(dbt_send(ep, DBT_TAG(0, 1, 0), DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	EXPECT_EQ(dbt_call(ep, &tag, DBT_TIMEOUT_POLL, T_1S), DBT_E_TIMEOUT);
	EXPECT_EQ(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	tag = DBT_TAG(0, 0, 0);
	EXPECT_EQ(dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	/* a failed poll leaves nothing queued behind */
	EXPECT_EQ(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

KTEST(ipc, recv_finite_timeout_expires)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t tag, badge;
	dbt_word_t t0 = dbt_clock();
	EXPECT_EQ(dbt_recv(ep, &tag, &badge, 20000), DBT_E_TIMEOUT);
	dbt_word_t dt = dbt_clock() - t0;
	EXPECT(dt >= 20000);
	EXPECT(dt < 500000);
}

KTEST(ipc, send_finite_timeout_expires)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t t0 = dbt_clock();
	EXPECT_EQ(dbt_send(ep, DBT_TAG(0, 0, 0), 15000), DBT_E_TIMEOUT);
	dbt_word_t dt = dbt_clock() - t0;
	EXPECT(dt >= 15000);
	EXPECT(dt < 500000);
	/* the timed-out sender is no longer queued */
	dbt_word_t tag, badge;
	EXPECT_EQ(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	/* the send phase of a call times out the same way */
	tag = DBT_TAG(0, 0, 0);
	t0 = dbt_clock();
	EXPECT_EQ(dbt_call(ep, &tag, 15000, T_1S), DBT_E_TIMEOUT);
	EXPECT(dbt_clock() - t0 >= 15000);
	EXPECT_EQ(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

KTEST(ipc, finite_recv_completed_by_partner)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	J[0].count = 10;                        /* sleep 10 ms, then send */
	J[0].tag = DBT_TAG(2, 1, 0);
	J[0].mr[0] = 0xd0d0;
	EXPECT_OK(start_local(&c, job_sleep_send, 0));
	dbt_word_t tag, badge, t0 = dbt_clock();
	EXPECT_OK(dbt_recv(ep, &tag, &badge, 500000));
	dbt_word_t dt = dbt_clock() - t0;
	EXPECT(dt >= 9000);
	EXPECT(dt < 400000);
	EXPECT_EQ(dbt_mr()[0], 0xd0d0);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
}

KTEST(ipc, infinite_waits_completed_by_partner)
{
	struct kchild r, s;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	/* a NEVER receive in a child task completed by a NEVER send of a local thread */
	EXPECT_OK(make_child(&r, job_recv, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&r));
	J[1].slot = ep;
	J[1].count = 5;
	J[1].tag = DBT_TAG(9, 1, 0);
	J[1].mr[0] = 0xcafe;
	EXPECT_OK(start_local(&s, job_sleep_send, 1));
	EXPECT(ktest_join(&r, 1000));
	EXPECT(ktest_join(&s, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_OK(J[1].err);
	EXPECT_EQ(J[0].mr[0], 0xcafe);
	EXPECT_EQ(J[0].rtag, DBT_TAG(9, 1, 0));
}

KTEST(ipc, call_reply_timeout_then_late_reply)
{
	struct kchild s;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	J[0].slot2 = ntf;
	EXPECT_OK(start_local(&s, job_serve_late, 0));
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	dbt_word_t tag = DBT_TAG(1, 0, 0), t0 = dbt_clock();
	EXPECT_EQ(dbt_call(ep, &tag, T_1S, 20000), DBT_E_TIMEOUT);
	dbt_word_t dt = dbt_clock() - t0;
	EXPECT_EQ(J[0].flag, 2);                /* the server got the call */
	EXPECT(dt >= 20000);
	EXPECT(dt < 500000);
	EXPECT_OK(dbt_signal(ntf));             /* now the server replies: too late */
	EXPECT(ktest_join(&s, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].err2, DBT_E_NO_CALLER);
}

/* ---- reply rights ------------------------------------------------------- */

KTEST(ipc, reply_without_caller)
{
	EXPECT_EQ(dbt_reply(DBT_TAG(0, 0, 0)), DBT_E_NO_CALLER);
	EXPECT_EQ(dbt_reply(DBT_TAG(5, 3, 0)), DBT_E_NO_CALLER);
}

KTEST(ipc, second_reply_no_caller)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	J[0].tag = DBT_TAG(4, 1, 0);
	J[0].mr[0] = 40;
	EXPECT_OK(start_local(&c, job_call, 0));
	dbt_word_t tag, badge, *mr = dbt_mr();
	EXPECT_OK(dbt_recv(ep, &tag, &badge, T_1S));
	EXPECT_EQ(tag, DBT_TAG(4, 1, 0));
	EXPECT_EQ(mr[0], 40);
	mr[0] = 41; mr[1] = 42;
	EXPECT_OK(dbt_reply(DBT_TAG(6, 2, 0)));
	mr[0] = 99;
	EXPECT_EQ(dbt_reply(DBT_TAG(6, 1, 0)), DBT_E_NO_CALLER);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].rtag, DBT_TAG(6, 2, 0));
	EXPECT_EQ(J[0].mr[0], 41);
	EXPECT_EQ(J[0].mr[1], 42);
}

/* REPLY_RECV checks its tag and capability before replying: on error the
 * reply right is kept. */
KTEST(ipc, reply_recv_bad_args_keep_reply_right)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t wo = copy_of(ep, DBT_CAP_WRITE, 0);
	jobs_reset();
	J[0].slot = ep;
	EXPECT_OK(start_local(&c, job_call, 0));
	dbt_word_t tag, badge, *mr = dbt_mr();
	EXPECT_OK(dbt_recv(ep, &tag, &badge, T_1S));
	mr[0] = 1;
	tag = DBT_TAG(1, 1, 0) | 0x2000;
	EXPECT_EQ(dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_BAD_MESSAGE);
	tag = DBT_TAG(1, 1, 0);
	EXPECT_EQ(dbt_reply_recv(wo, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	EXPECT_EQ(J[0].flag, 1);                /* still waiting for the answer */
	mr[0] = 0x5eed;
	tag = DBT_TAG(8, 1, 0);
	EXPECT_EQ(dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].rtag, DBT_TAG(8, 1, 0));
	EXPECT_EQ(J[0].mr[0], 0x5eed);
	EXPECT_EQ(dbt_reply(DBT_TAG(0, 0, 0)), DBT_E_NO_CALLER);
}

/* A failing typed item in a reply_recv's reply goes to the caller; the
 * server goes on to receive. */
KTEST(ipc, reply_recv_reply_error_goes_to_caller)
{
	struct kchild s;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].timeout = DBT_TIMEOUT_POLL;
	EXPECT_OK(make_child(&s, job_bad_reply, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&s));
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	dbt_utcb()->rcv_cap = 0;
	dbt_word_t tag = DBT_TAG(0, 0, 0);
	EXPECT_EQ(dbt_call(ep, &tag, T_1S, T_1S), DBT_E_NO_WINDOW);
	EXPECT_EQ(tag, DBT_TAG(1, 1, 0));       /* the words arrived, the item did not */
	EXPECT_EQ(dbt_mr()[0], 0x66);
	EXPECT(ktest_join(&s, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].err2, DBT_E_TIMEOUT);
}

/* A server that receives a second call before answering the first: the
 * first caller is cancelled, the reply right is the second's (the first
 * caller's timeout, had it stayed, must not clear it). */
KTEST(ipc, second_call_cancels_unanswered_first)
{
	struct kchild s, c1, c2;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	J[0].slot2 = ntf;
	EXPECT_OK(start_local(&s, job_serve_two, 0));
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	J[1].slot = ep;
	J[1].timeout = 20000;                   /* both timeouts of the call */
	J[1].tag = DBT_TAG(1, 1, 0);
	J[1].mr[0] = 100;
	EXPECT_OK(start_local(&c1, job_call, 1));
	EXPECT(blocked_in(&c1, DBT_THREAD_AWAIT_REPLY));
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	EXPECT_EQ(J[0].flag, 2);
	J[2].slot = ep;
	J[2].tag = DBT_TAG(2, 1, 0);
	J[2].mr[0] = 200;
	EXPECT_OK(start_local(&c2, job_call, 2));
	EXPECT(blocked_in(&s, DBT_THREAD_WAITING));
	EXPECT_EQ(J[0].val, 200);
	EXPECT(ktest_join(&c1, 1000));
	EXPECT_EQ(J[1].err, DBT_E_CANCELLED);
	ksleep_ms(25);                          /* past the first caller's timeout */
	EXPECT(blocked_in(&c2, DBT_THREAD_AWAIT_REPLY));
	EXPECT_OK(dbt_signal(ntf));
	EXPECT(ktest_join(&s, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_OK(J[0].err2);                   /* the reply reached the second caller */
	EXPECT(ktest_join(&c2, 1000));
	EXPECT_OK(J[2].err);
	EXPECT_EQ(J[2].mr[0], 201);
}

KTEST(ipc, reply_after_caller_destroyed)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	EXPECT_OK(start_local(&c, job_call, 0));
	dbt_word_t tag, badge;
	EXPECT_OK(dbt_recv(ep, &tag, &badge, T_1S));
	EXPECT_OK(dbt_destroy(c.thread));
	EXPECT_EQ(dbt_reply(DBT_TAG(0, 0, 0)), DBT_E_NO_CALLER);
	EXPECT_EQ(J[0].flag, 1);
}

KTEST(ipc, server_destroyed_caller_gets_deleted)
{
	struct kchild s, c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	jobs_reset();
	EXPECT_OK(make_child(&s, job_serve_late, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_give(&s, ntf, CHILD_SLOT_FIRST + 1, DBT_CAP_READ));
	J[0].slot2 = CHILD_SLOT_FIRST + 1;
	EXPECT_OK(ktest_start(&s));
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	J[1].slot = ep;
	EXPECT_OK(start_local(&c, job_call, 1));
	EXPECT(blocked_in(&c, DBT_THREAD_AWAIT_REPLY));
	EXPECT(blocked_in(&s, DBT_THREAD_WAITING));
	EXPECT_EQ(J[0].flag, 2);                /* the server holds the call */
	EXPECT_EQ(J[1].flag, 1);                /* the caller waits for the reply */
	EXPECT_OK(dbt_destroy(s.thread));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[1].err, DBT_E_DELETED);
}

KTEST(ipc, stop_cancels_blocked_recv)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	EXPECT_OK(start_local(&c, job_recv, 0));
	EXPECT(blocked_in(&c, DBT_THREAD_RECEIVING));
	EXPECT_EQ(J[0].flag, 1);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	/* no longer a receiver */
	EXPECT_EQ(dbt_send(ep, DBT_TAG(0, 0, 0), DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].err, DBT_E_CANCELLED);
}

/* ---- deleting endpoints ------------------------------------------------- */

KTEST(ipc, destroy_endpoint_wakes_senders)
{
	struct kchild c0, c1, c2;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	EXPECT_OK(start_local(&c0, job_send, 0));
	J[1].slot = ep;
	EXPECT_OK(start_local(&c1, job_call, 1));
	EXPECT_OK(make_child(&c2, job_send, 2, ep, DBT_CAP_WRITE));
	EXPECT_OK(ktest_start(&c2));
	EXPECT(blocked_in(&c0, DBT_THREAD_SENDING));
	EXPECT(blocked_in(&c1, DBT_THREAD_SENDING));
	EXPECT(blocked_in(&c2, DBT_THREAD_SENDING));
	EXPECT_EQ(J[0].flag, 1);
	EXPECT_EQ(J[1].flag, 1);
	EXPECT_EQ(J[2].flag, 1);
	EXPECT_OK(dbt_destroy(ep));
	EXPECT(ktest_join(&c0, 1000));
	EXPECT(ktest_join(&c1, 1000));
	EXPECT(ktest_join(&c2, 1000));
	EXPECT_EQ(J[0].err, DBT_E_DELETED);
	EXPECT_EQ(J[1].err, DBT_E_DELETED);
	EXPECT_EQ(J[2].err, DBT_E_DELETED);
}

KTEST(ipc, destroy_endpoint_wakes_receivers)
{
	struct kchild c0, c1;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	EXPECT_OK(start_local(&c0, job_recv, 0));
	EXPECT_OK(make_child(&c1, job_server, 1, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c1));
	EXPECT(blocked_in(&c0, DBT_THREAD_RECEIVING));
	EXPECT(blocked_in(&c1, DBT_THREAD_RECEIVING));
	EXPECT_EQ(J[0].flag, 1);
	EXPECT_EQ(J[1].flag, 1);
	EXPECT_OK(dbt_destroy(ep));
	EXPECT(ktest_join(&c0, 1000));
	EXPECT(ktest_join(&c1, 1000));
	EXPECT_EQ(J[0].err, DBT_E_DELETED);
	EXPECT_EQ(J[1].err, DBT_E_DELETED);
}

KTEST(ipc, endpoint_destroyed_under_waiting_root)
{
	struct kchild d;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	J[0].count = 5;
	EXPECT_OK(start_local(&d, job_destroy, 0));
	dbt_word_t tag, badge;
	EXPECT_EQ(dbt_recv(ep, &tag, &badge, T_1S), DBT_E_DELETED);
	EXPECT(ktest_join(&d, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_EMPTY_SLOT);
}

/* ---- notifications ------------------------------------------------------ */

KTEST(ipc, ntf_signal_then_wait)
{
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_word_t bits = 0;
	EXPECT_EQ(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	EXPECT_OK(dbt_signal(ntf));
	EXPECT_OK(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL));
	EXPECT_EQ(bits, 1);                     /* unbadged: bit 0 */
	EXPECT_EQ(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

KTEST(ipc, ntf_badges_or_together)
{
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t a = copy_of(ntf, DBT_CAP_WRITE, 0x1);
	dbt_slot_t b = copy_of(ntf, DBT_CAP_WRITE, 0x4);
	dbt_slot_t c = copy_of(ntf, DBT_CAP_WRITE, 0x8000000000000100ull);
	dbt_word_t bits = 0;
	EXPECT_OK(dbt_signal(b));
	EXPECT_OK(dbt_signal(c));
	EXPECT_OK(dbt_signal(b));
	EXPECT_OK(dbt_signal(a));
	EXPECT_OK(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL));
	EXPECT_EQ(bits, 0x8000000000000105ull);
	EXPECT_OK(dbt_signal(b));
	EXPECT_OK(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL));
	EXPECT_EQ(bits, 0x4);                   /* the wait cleared the others */
}

KTEST(ipc, ntf_rights)
{
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t ro = copy_of(ntf, DBT_CAP_READ, 0);
	dbt_slot_t wo = copy_of(ntf, DBT_CAP_WRITE, 0);
	dbt_word_t bits;
	EXPECT_EQ(dbt_signal(ro), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_wait(wo, &bits, DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	EXPECT_OK(dbt_signal(wo));
	EXPECT_OK(dbt_wait(ro, &bits, DBT_TIMEOUT_POLL));
	EXPECT_EQ(bits, 1);
}

KTEST(ipc, ntf_wait_finite_timeout)
{
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_word_t bits, t0 = dbt_clock();
	EXPECT_EQ(dbt_wait(ntf, &bits, 12000), DBT_E_TIMEOUT);
	dbt_word_t dt = dbt_clock() - t0;
	EXPECT(dt >= 12000);
	EXPECT(dt < 500000);
}

KTEST(ipc, ntf_waiter_woken_by_signal_cross)
{
	struct kchild c;
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t b = copy_of(ntf, DBT_CAP_WRITE, 0x40);
	jobs_reset();
	EXPECT_OK(make_child(&c, job_wait, 0, ntf, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	EXPECT(blocked_in(&c, DBT_THREAD_WAITING));
	EXPECT_EQ(J[0].flag, 1);
	EXPECT_OK(dbt_signal(b));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].badge, 0x40);
	dbt_word_t bits;                        /* delivered, not left pending */
	EXPECT_EQ(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

KTEST(ipc, ntf_one_signal_wakes_one_waiter)
{
	struct kchild c0, c1;
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	jobs_reset();
	J[0].slot = J[1].slot = ntf;
	EXPECT_OK(start_local(&c0, job_wait, 0));
	EXPECT(blocked_in(&c0, DBT_THREAD_WAITING));
	EXPECT_OK(start_local(&c1, job_wait, 1));
	EXPECT(blocked_in(&c1, DBT_THREAD_WAITING));
	EXPECT_OK(dbt_signal(ntf));
	EXPECT(ktest_join(&c0, 1000));
	EXPECT(blocked_in(&c1, DBT_THREAD_WAITING));
	EXPECT_EQ(J[0].flag, 2);                /* the first waiter */
	EXPECT_EQ(J[1].flag, 1);
	EXPECT_OK(dbt_signal(ntf));
	EXPECT(ktest_join(&c0, 1000));
	EXPECT(ktest_join(&c1, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_OK(J[1].err);
	EXPECT_EQ(J[1].badge, 1);
}

KTEST(ipc, ntf_destroy_wakes_waiter)
{
	struct kchild c;
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	jobs_reset();
	J[0].slot = ntf;
	EXPECT_OK(start_local(&c, job_wait, 0));
	EXPECT(blocked_in(&c, DBT_THREAD_WAITING));
	EXPECT_OK(dbt_destroy(ntf));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].err, DBT_E_DELETED);
}

/* ---- bound notifications ------------------------------------------------ */

KTEST(ipc, bound_ntf_wakes_receiver)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t b = copy_of(ntf, DBT_CAP_WRITE, 0x30);
	jobs_reset();
	J[0].timeout = DBT_TIMEOUT_POLL;
	EXPECT_OK(make_child(&c, job_recv2, 0, ep, DBT_CAP_READ));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_BIND_NOTIFY, ntf, 0).err);
	EXPECT_OK(ktest_start(&c));
	EXPECT(blocked_in(&c, DBT_THREAD_RECEIVING));
	EXPECT_EQ(J[0].flag, 1);                /* blocked in the receive on ep */
	EXPECT_OK(dbt_signal(b));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(DBT_TAG_LABEL(J[0].rtag), DBT_LABEL_NOTIFY);
	EXPECT_EQ(J[0].badge, 0x30);
	EXPECT_EQ(J[0].err2, DBT_E_TIMEOUT);    /* nothing left pending */
}

KTEST(ipc, bound_ntf_pending_at_recv)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t b1 = copy_of(ntf, DBT_CAP_WRITE, 0x3);
	dbt_slot_t b2 = copy_of(ntf, DBT_CAP_WRITE, 0x8);
	jobs_reset();
	J[0].slot = ep;
	J[0].timeout = DBT_TIMEOUT_POLL;
	EXPECT_OK(ktest_local(&c, job_recv2, 0));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_BIND_NOTIFY, ntf, 0).err);
	EXPECT_OK(dbt_signal(b1));              /* the thread is not receiving: pending */
	EXPECT_OK(dbt_signal(b2));
	EXPECT_OK(ktest_start(&c));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(DBT_TAG_LABEL(J[0].rtag), DBT_LABEL_NOTIFY);
	EXPECT_EQ(J[0].badge, 0xb);
	EXPECT_EQ(J[0].err2, DBT_E_TIMEOUT);
}

KTEST(ipc, bound_thread_still_gets_messages)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t b = copy_of(ep, DBT_CAP_WRITE, 0x9);
	jobs_reset();
	J[0].timeout = 200000;
	EXPECT_OK(make_child(&c, job_recv2, 0, ep, DBT_CAP_READ));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_BIND_NOTIFY, ntf, 0).err);
	EXPECT_OK(ktest_start(&c));
	EXPECT(blocked_in(&c, DBT_THREAD_RECEIVING));
	dbt_mr()[0] = 0x51;
	EXPECT_OK(dbt_send(b, DBT_TAG(0x44, 1, 0), T_1S));
	EXPECT(blocked_in(&c, DBT_THREAD_RECEIVING));              /* in its second receive */
	EXPECT_EQ(J[0].flag, 2);
	EXPECT_EQ(J[0].rtag, DBT_TAG(0x44, 1, 0));
	EXPECT_EQ(J[0].badge, 0x9);
	EXPECT_EQ(J[0].mr[0], 0x51);
	/* the second, finite receive is ended by a signal */
	EXPECT_OK(dbt_signal(ntf));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err2);
}

KTEST(ipc, bind_notify_busy_and_unbind)
{
	struct kchild c0, c1;
	dbt_slot_t n1 = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t n2 = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_OK(ktest_local(&c0, job_recv, 0));
	EXPECT_OK(ktest_local(&c1, job_recv, 1));
	EXPECT_OK(dbt_thread_ctl(c0.thread, DBT_THREAD_BIND_NOTIFY, n1, 0).err);
	EXPECT_EQ(dbt_thread_ctl(c0.thread, DBT_THREAD_BIND_NOTIFY, n2, 0).err, DBT_E_BUSY);
	EXPECT_EQ(dbt_thread_ctl(c1.thread, DBT_THREAD_BIND_NOTIFY, n1, 0).err, DBT_E_BUSY);
	EXPECT_EQ(dbt_thread_ctl(c0.thread, DBT_THREAD_BIND_NOTIFY, ep, 0).err, DBT_E_WRONG_TYPE);
	EXPECT_OK(dbt_thread_ctl(c0.thread, DBT_THREAD_BIND_NOTIFY, 0, 0).err);
	EXPECT_OK(dbt_thread_ctl(c1.thread, DBT_THREAD_BIND_NOTIFY, n1, 0).err);
	EXPECT_OK(dbt_thread_ctl(c0.thread, DBT_THREAD_BIND_NOTIFY, n2, 0).err);
	/* an unbound notification just accumulates bits */
	EXPECT_OK(dbt_thread_ctl(c1.thread, DBT_THREAD_BIND_NOTIFY, 0, 0).err);
	EXPECT_OK(dbt_signal(n1));
	dbt_word_t bits;
	EXPECT_OK(dbt_wait(n1, &bits, DBT_TIMEOUT_POLL));
	EXPECT_EQ(bits, 1);
}

/* ---- typed items: memory ------------------------------------------------ */

static void map_test(unsigned page, unsigned rights, unsigned win_order, dbt_word_t hint)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	volatile dbt_word_t *p = (volatile dbt_word_t *)(ktest_scratch + page * 4096);
	dbt_word_t root_pa, dst = MEM_WIN + (hint & ((1ull << win_order) - 1) & ~0xfffull);
	p[0] = 0xfeedface12345678ull + page;
	p[1] = 0;
	EXPECT_OK(dbt_map_info((dbt_word_t)p, &root_pa, NULL));
	jobs_reset();
	J[0].rcv_mem = DBT_FPAGE(MEM_WIN, win_order, 0);
	J[0].addr = dst;
	EXPECT_OK(make_child(&c, job_recv_mem, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	dbt_word_t *mr = dbt_mr();
	mr[0] = 0xabc;
	mr[1] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, hint);
	mr[2] = DBT_FPAGE((dbt_word_t)p, 12, rights);
	EXPECT_OK(dbt_send(ep, DBT_TAG(0x10, 1, 1), T_1S));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].rtag, DBT_TAG(0x10, 1, 1));
	EXPECT_EQ(J[0].mr[0], 0xabc);
	EXPECT_EQ(J[0].mr[2], DBT_FPAGE(dst, 12, rights));
	EXPECT_OK(J[0].perr);
	EXPECT_EQ(J[0].pa, root_pa);            /* the very same frame */
	EXPECT_EQ(J[0].rights, rights);
	EXPECT_EQ(J[0].val, 0xfeedface12345678ull + page);
	EXPECT_EQ(p[1], (rights & DBT_W) ? ~p[0] : 0);
	/* the root keeps its own mapping */
	EXPECT_OK(dbt_map_info((dbt_word_t)p, NULL, NULL));
}

KTEST(ipc, map_item_page_to_child) { map_test(3, DBT_R | DBT_W, 12, 0); }
KTEST(ipc, map_item_read_only) { map_test(4, DBT_R, 12, 0); }
KTEST(ipc, map_item_hint_in_large_window) { map_test(5, DBT_R | DBT_W, 16, 0x3000); }

KTEST(ipc, map_item_no_window)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].rcv_mem = 0;                       /* no window */
	EXPECT_OK(make_child(&c, job_recv, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	EXPECT(blocked_in(&c, DBT_THREAD_RECEIVING));
	dbt_word_t *mr = dbt_mr();
	mr[0] = 0x77;
	mr[1] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, 0);
	mr[2] = DBT_FPAGE((dbt_word_t)ktest_scratch, 12, DBT_R);
	EXPECT_EQ(dbt_send(ep, DBT_TAG(3, 1, 1), DBT_TIMEOUT_POLL), DBT_E_NO_WINDOW);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].err, DBT_E_NO_WINDOW);
	EXPECT_EQ(J[0].rtag, DBT_TAG(3, 1, 0));  /* no item applied, the words delivered */
	EXPECT_EQ(J[0].mr[0], 0x77);
}

KTEST(ipc, map_item_not_mapped_and_bad_kind)
{
	struct kchild c0, c1;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t *mr = dbt_mr();
	jobs_reset();
	J[0].rcv_mem = J[1].rcv_mem = DBT_FPAGE(MEM_WIN, 12, 0);
	EXPECT_OK(make_child(&c0, job_recv, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c0));
	EXPECT(blocked_in(&c0, DBT_THREAD_RECEIVING));
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, 0);
	mr[1] = DBT_FPAGE(0x500000000000ull, 12, DBT_R);   /* nothing mapped there */
	EXPECT_EQ(dbt_send(ep, DBT_TAG(0, 0, 1), DBT_TIMEOUT_POLL), DBT_E_NOT_MAPPED);
	EXPECT(ktest_join(&c0, 1000));
	EXPECT_EQ(J[0].err, DBT_E_NOT_MAPPED);
	EXPECT_OK(make_child(&c1, job_recv, 1, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c1));
	EXPECT(blocked_in(&c1, DBT_THREAD_RECEIVING));
	mr[0] = 0x3 | (DBT_SPACE_MEM << 4);     /* kind 3 does not exist */
	mr[1] = DBT_FPAGE((dbt_word_t)ktest_scratch, 12, DBT_R);
	EXPECT_EQ(dbt_send(ep, DBT_TAG(0, 0, 1), DBT_TIMEOUT_POLL), DBT_E_BAD_MESSAGE);
	EXPECT(ktest_join(&c1, 1000));
	EXPECT_EQ(J[1].err, DBT_E_BAD_MESSAGE);
}

KTEST(ipc, map_item_same_space_overlap_rejected)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t page = (dbt_word_t)ktest_scratch + 6 * 4096;
	jobs_reset();
	J[0].slot = ep;
	J[0].rcv_mem = DBT_FPAGE(page, 12, 0);  /* a local thread: the same space */
	EXPECT_OK(start_local(&c, job_recv, 0));
	EXPECT(blocked_in(&c, DBT_THREAD_RECEIVING));
	dbt_word_t *mr = dbt_mr();
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, 0);
	mr[1] = DBT_FPAGE(page, 12, DBT_R);
	EXPECT_EQ(dbt_send(ep, DBT_TAG(0, 0, 1), DBT_TIMEOUT_POLL), DBT_E_BAD_MESSAGE);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].err, DBT_E_BAD_MESSAGE);
	dbt_word_t rights;
	EXPECT_OK(dbt_map_info(page, NULL, &rights));
	EXPECT_EQ(rights, DBT_R | DBT_W);       /* our mapping is untouched */
}

/* A child task grants its (pager-given) mapping of a page to another child. */
KTEST(ipc, grant_mem_item_between_children)
{
	struct kchild r, g;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	volatile dbt_word_t *p = (volatile dbt_word_t *)(ktest_scratch + 7 * 4096);
	dbt_word_t root_pa;
	p[0] = 0x6a6a6a6a;
	p[1] = 0;
	EXPECT_OK(dbt_map_info((dbt_word_t)p, &root_pa, NULL));
	jobs_reset();
	J[0].rcv_mem = DBT_FPAGE(MEM_WIN, 12, 0);
	J[0].addr = MEM_WIN;
	EXPECT_OK(make_child(&r, job_recv_mem, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&r));
	EXPECT(blocked_in(&r, DBT_THREAD_RECEIVING));
	J[1].addr = (dbt_word_t)p;
	EXPECT_OK(make_child(&g, job_grant_mem, 1, ep, DBT_CAP_WRITE | DBT_CAP_GRANT));
	EXPECT_OK(ktest_start(&g));
	EXPECT(ktest_join(&g, 1000));
	EXPECT(ktest_join(&r, 1000));
	EXPECT_EQ(J[1].val, 0x6a6a6a6a);
	EXPECT_OK(J[1].perr);                   /* the granter had it ... */
	EXPECT_OK(J[1].err);
	EXPECT_EQ(J[1].err2, DBT_E_NOT_MAPPED); /* ... and lost it */
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].rtag, DBT_TAG(0, 0, 1));
	EXPECT_EQ(J[0].mr[1], DBT_FPAGE(MEM_WIN, 12, DBT_R | DBT_W));
	EXPECT_OK(J[0].perr);
	EXPECT_EQ(J[0].pa, root_pa);
	EXPECT_EQ(J[0].val, 0x6a6a6a6a);
	EXPECT_EQ(p[1], ~(dbt_word_t)0x6a6a6a6a);
	EXPECT_OK(dbt_map_info((dbt_word_t)p, NULL, NULL));  /* the root keeps its own */
}

/* ---- typed items: capabilities ------------------------------------------ */

static void cap_item_test(unsigned kind, dbt_word_t badge, unsigned send_rights, bool occupied)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t src = copy_of(ntf, DBT_CAP_READ | DBT_CAP_WRITE, badge);
	dbt_slot_t win = 10, want = occupied ? 11 : 10;
	jobs_reset();
	J[0].rcv_cap = DBT_CAP_FPAGE(win, occupied ? 1 : 0, 0);
	J[0].addr = want;
	EXPECT_OK(make_child(&c, job_recv_cap, 0, ep, DBT_CAP_READ));
	if (occupied)
		EXPECT_OK(ktest_give(&c, ep, win, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	dbt_word_t *mr = dbt_mr();
	mr[0] = DBT_ITEM(kind, DBT_SPACE_CAP, 0);
	mr[1] = DBT_CAP_FPAGE(src, 0, send_rights);
	EXPECT_OK(dbt_send(ep, DBT_TAG(0x20, 0, 1), T_1S));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].rtag, DBT_TAG(0x20, 0, 1));
	unsigned rights = send_rights & (DBT_CAP_READ | DBT_CAP_WRITE);
	EXPECT_EQ(J[0].mr[1], DBT_CAP_FPAGE(want, 0, rights));
	EXPECT_OK(J[0].perr);
	EXPECT_EQ(J[0].type, DBT_OBJ_NOTIFICATION);
	EXPECT_EQ(J[0].rights, rights);
	EXPECT_EQ(J[0].val, badge);
	EXPECT_OK(J[0].err2);                   /* the child signalled through it */
	dbt_word_t bits;
	EXPECT_OK(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL));
	EXPECT_EQ(bits, badge ? badge : 1);
	dbt_word_t err = dbt_cap_info(src, NULL, NULL, NULL);
	if (kind == DBT_ITEM_GRANT)
		EXPECT_EQ(err, DBT_E_EMPTY_SLOT);       /* the sender lost it */
	else
		EXPECT_OK(err);
}

KTEST(ipc, cap_map_item) { cap_item_test(DBT_ITEM_MAP, 0, DBT_CAP_WRITE, false); }
KTEST(ipc, cap_map_item_keeps_badge) { cap_item_test(DBT_ITEM_MAP, 0x77, DBT_CAP_ALL, false); }
KTEST(ipc, cap_grant_item)
{
	cap_item_test(DBT_ITEM_GRANT, 0, DBT_CAP_READ | DBT_CAP_WRITE, false);
}
KTEST(ipc, cap_item_window_skips_occupied)
{
	cap_item_test(DBT_ITEM_MAP, 0x2, DBT_CAP_WRITE, true);
}

KTEST(ipc, cap_item_no_window)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	jobs_reset();
	J[0].rcv_cap = 0;
	EXPECT_OK(make_child(&c, job_recv, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	EXPECT(blocked_in(&c, DBT_THREAD_RECEIVING));
	dbt_word_t *mr = dbt_mr();
	mr[0] = DBT_ITEM(DBT_ITEM_GRANT, DBT_SPACE_CAP, 0);
	mr[1] = DBT_CAP_FPAGE(ntf, 0, DBT_CAP_ALL);
	EXPECT_EQ(dbt_send(ep, DBT_TAG(0, 0, 1), DBT_TIMEOUT_POLL), DBT_E_NO_WINDOW);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].err, DBT_E_NO_WINDOW);
	EXPECT_OK(dbt_cap_info(ntf, NULL, NULL, NULL));  /* a failed grant keeps the cap */
}

KTEST(ipc, two_cap_items_in_one_message)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t n1 = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t n2 = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	jobs_reset();
	J[0].rcv_cap = DBT_CAP_FPAGE(20, 2, 0);
	J[0].addr = 21;                         /* the second item's slot */
	EXPECT_OK(make_child(&c, job_recv_cap, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	dbt_word_t *mr = dbt_mr();
	mr[0] = 0x1;
	mr[1] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);
	mr[2] = DBT_CAP_FPAGE(n1, 0, DBT_CAP_READ);
	mr[3] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);
	mr[4] = DBT_CAP_FPAGE(n2, 0, DBT_CAP_WRITE);
	EXPECT_OK(dbt_send(ep, DBT_TAG(0, 1, 2), T_1S));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].rtag, DBT_TAG(0, 1, 2));
	EXPECT_EQ(J[0].mr[2], DBT_CAP_FPAGE(20, 0, DBT_CAP_READ));
	EXPECT_EQ(J[0].mr[4], DBT_CAP_FPAGE(21, 0, DBT_CAP_WRITE));
	EXPECT_EQ(J[0].rights, DBT_CAP_WRITE);
	EXPECT_OK(J[0].err2);
	dbt_word_t bits;
	EXPECT_OK(dbt_wait(n2, &bits, DBT_TIMEOUT_POLL));
	EXPECT_EQ(dbt_wait(n1, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

KTEST(ipc, cap_item_in_reply)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t win = kslot();               /* a local thread shares our slots */
	jobs_reset();
	J[0].slot = ep;
	J[0].tag = DBT_TAG(1, 0, 0);
	J[0].rcv_cap = DBT_CAP_FPAGE(win, 0, 0);
	EXPECT_OK(start_local(&c, job_call, 0));
	dbt_word_t tag, badge, *mr = dbt_mr();
	EXPECT_OK(dbt_recv(ep, &tag, &badge, T_1S));
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);
	mr[1] = DBT_CAP_FPAGE(ntf, 0, DBT_CAP_WRITE);
	EXPECT_OK(dbt_reply(DBT_TAG(2, 0, 1)));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].rtag, DBT_TAG(2, 0, 1));
	EXPECT_EQ(J[0].mr[1], DBT_CAP_FPAGE(win, 0, DBT_CAP_WRITE));
	dbt_word_t type, rights;
	EXPECT_OK(dbt_cap_info(win, &type, &rights, NULL));
	EXPECT_EQ(type, DBT_OBJ_NOTIFICATION);
	EXPECT_EQ(rights, DBT_CAP_WRITE);
}

/* ---- server loops ------------------------------------------------------- */

KTEST(ipc, reply_recv_loop_root_client)
{
	struct kchild s;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t b = copy_of(ep, DBT_CAP_WRITE, 0x5);
	jobs_reset();
	EXPECT_OK(make_child(&s, job_server, 0, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&s));
	dbt_word_t *mr = dbt_mr();
	static const unsigned lens[] = { 0, 1, 8, 9, 20, 64, 3, 7 };
	for (unsigned r = 0; r < 8; r++) {
		unsigned u = lens[r];
		dbt_word_t tag = DBT_TAG(1000 + r, u, 0);
		fill(mr, u, r);
		EXPECT_OK(dbt_call(b, &tag, T_1S, T_1S));
		EXPECT_EQ(tag, DBT_TAG(1001 + r, u, 0));
		for (unsigned k = 0; k < u; k++)
			EXPECT_EQ(mr[k], ~pat(r, k) + 5);
	}
	EXPECT_EQ(J[0].n, 8);
	EXPECT_OK(J[0].err);
}

static void client_server_test(bool server_cross, unsigned calls)
{
	struct kchild s, c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t b = copy_of(ep, DBT_CAP_WRITE, 0x33);
	jobs_reset();
	if (server_cross) {
		EXPECT_OK(make_child(&s, job_server, 0, ep, DBT_CAP_READ));
		EXPECT_OK(ktest_start(&s));
	} else {
		J[0].slot = ep;
		EXPECT_OK(start_local(&s, job_server, 0));
	}
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	J[1].slot = b;
	J[1].count = calls;
	J[1].tag = 0x33;                        /* the badge the answers include */
	EXPECT_OK(start_local(&c, job_client_loop, 1));
	EXPECT(ktest_join(&c, 3000));
	EXPECT_OK(J[1].err);
	EXPECT_EQ(J[1].err2, 0);
	EXPECT_EQ(J[1].n, calls);
	EXPECT_EQ(J[0].n, calls);
}

KTEST(ipc, reply_recv_loop_same_space) { client_server_test(false, 200); }
KTEST(ipc, reply_recv_loop_cross_space) { client_server_test(true, 200); }

KTEST(ipc, clients_of_one_server_in_turn)
{
	struct kchild s, c0, c1;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	EXPECT_OK(start_local(&s, job_server, 0));
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	/* two clients at equal priority, calling concurrently */
	J[1].slot = J[2].slot = ep;
	J[1].count = J[2].count = 50;
	EXPECT_OK(start_local(&c0, job_client_loop, 1));
	EXPECT_OK(make_child(&c1, job_client_loop, 2, ep, DBT_CAP_WRITE));
	EXPECT_OK(ktest_start(&c1));
	EXPECT(ktest_join(&c0, 3000));
	EXPECT(ktest_join(&c1, 3000));
	EXPECT_EQ(J[1].n, 50);
	EXPECT_EQ(J[2].n, 50);
	EXPECT_EQ(J[1].err | J[1].err2 | J[2].err | J[2].err2, 0);
	EXPECT_EQ(J[0].n, 100);
}

/* ---- order and priority ------------------------------------------------- */

KTEST(ipc, receivers_served_in_fifo_order)
{
	struct kchild c0, c1;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = J[1].slot = ep;
	EXPECT_OK(start_local(&c0, job_recv, 0));
	EXPECT(blocked_in(&c0, DBT_THREAD_RECEIVING));
	EXPECT_OK(make_child(&c1, job_recv, 1, ep, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c1));
	EXPECT(blocked_in(&c1, DBT_THREAD_RECEIVING));
	dbt_mr()[0] = 10;
	EXPECT_OK(dbt_send(ep, DBT_TAG(0, 1, 0), DBT_TIMEOUT_POLL));
	dbt_mr()[0] = 11;
	EXPECT_OK(dbt_send(ep, DBT_TAG(0, 1, 0), DBT_TIMEOUT_POLL));
	EXPECT(ktest_join(&c0, 1000));
	EXPECT(ktest_join(&c1, 1000));
	EXPECT_EQ(J[0].mr[0], 10);
	EXPECT_EQ(J[1].mr[0], 11);
}

KTEST(ipc, send_to_lower_prio_receiver_does_not_switch)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	EXPECT_OK(start_local(&c, job_recv, 0));
	EXPECT(blocked_in(&c, DBT_THREAD_RECEIVING));
	EXPECT_OK(dbt_send(ep, DBT_TAG(0, 0, 0), DBT_TIMEOUT_POLL));
	EXPECT_EQ(J[0].flag, 1);                /* the receiver (150) has not run yet */
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].flag, 2);
}

/* Client (150) sends or calls a server of priority sprio waiting on ep. */
static void prio_test(unsigned sprio, bool call, dbt_word_t want_seen)
{
	struct kchild s, c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot = ep;
	EXPECT_OK(ktest_local(&s, call ? job_serve_once : job_recv, 0));
	EXPECT_OK(set_prio(&s, sprio));
	EXPECT_OK(ktest_start(&s));
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	EXPECT_EQ(J[0].flag, 1);
	J[1].slot = ep;
	J[1].peer = 0;                          /* job_send/job_call report J[0].flag */
	EXPECT_OK(start_local(&c, call ? job_call : job_send, 1));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[1].err);
	EXPECT_EQ(J[1].seen, want_seen);
	if (call)
		EXPECT_EQ(J[1].mr[0], 0x1234);
}

/* A higher-priority receiver runs as soon as the message is sent. */
KTEST(ipc, send_to_higher_prio_receiver_preempts) { prio_test(180, false, 2); }
/* A lower-priority one waits until the sender blocks. */
KTEST(ipc, send_to_lower_prio_receiver_waits) { prio_test(120, false, 1); }
/* Call to a waiting higher-priority server: it runs through its reply and on. */
KTEST(ipc, call_higher_prio_server) { prio_test(180, true, 3); }
/* Call to a waiting lower-priority server: the caller resumes at the reply. */
KTEST(ipc, call_lower_prio_server) { prio_test(120, true, 2); }
/* Equal priority: the reply does not preempt the server; it runs on until it blocks. */
KTEST(ipc, call_equal_prio_server) { prio_test(150, true, 3); }

/* ---- an answer to a caller of lower priority: who runs next -------------------- */

/*
 * A server S answers its caller C, of lower priority, by reply-and-receive
 * right after waking a thread M (a notification).  Whichever path the
 * answer takes, the higher of C and M runs first: the fast path switches
 * down to C directly only when no thread above C's priority is ready
 * (fastpath.c, may_switch_to).  The cases put M in C's word of the
 * scheduler's bitmap and in the next, above and below C.  Equal priorities
 * are left out: there the fast path may pass over M, the full path not.
 */
struct down_case {
	unsigned c, m, s;       /* priorities */
	bool m_first;           /* M is above C */
};

static const struct down_case down_cases[] = {
	{ 100, 110, 120, true },        /* M above C in the same bitmap word */
	{ 100, 150, 180, true },        /* M in a higher word */
	{ 63, 64, 100, true },          /* C the top of a word, M the bottom of the next */
	{ 100, 90, 120, false },        /* M below C: C first, the answer may go direct */
	{ 64, 63, 100, false },         /* M the top of the word below C's */
};
#define N_DOWN_CASES (sizeof(down_cases) / sizeof(down_cases[0]))

static dbt_slot_t down_ep, down_ntf;
static volatile char down_log[4];
static volatile unsigned down_n;
static volatile dbt_word_t down_err;

static void down_log_ev(char ev)
{
	unsigned i = down_n++;
	if (i < sizeof(down_log))
		down_log[i] = ev;
}

static void down_server(dbt_word_t unused)
{
	dbt_slot_t ep = down_ep, ntf = down_ntf;  /* this case's, read before any wait */
	dbt_word_t tag = 0, badge;
	(void)unused;
	if (dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER))
		return;
	dbt_signal(ntf);                   /* M is ready, S runs on */
	tag = DBT_TAG(0, 0, 0);
	dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
}

static void down_waker(dbt_word_t unused)
{
	dbt_slot_t ntf = down_ntf;  /* this case's, read before any wait */
	(void)unused;
	dbt_wait(ntf, NULL, DBT_TIMEOUT_NEVER);
	down_log_ev('M');
}

static void down_caller(dbt_word_t unused)
{
	dbt_slot_t ep = down_ep;  /* this case's, read before any wait */
	dbt_word_t tag = DBT_TAG(0, 0, 0);
	(void)unused;
	down_err = dbt_call(ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER);
	down_log_ev('C');
}

static dbt_word_t start_at(struct kchild *c, void (*fn)(dbt_word_t), unsigned prio)
{
	dbt_word_t err = ktest_local(c, fn, 0);
	if (!err)
		err = set_prio(c, prio);
	return err ? err : ktest_start(c);
}

/* The fast path is in use unless the suite runs with "nofastpath". */
static bool ipc_fast_on(void)
{
	char v[24];
	return !urt_arg("variant", v, sizeof(v));
}

static void down_test(const struct down_case *k)
{
	struct kchild s, m, c;
	down_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	down_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	down_n = 0;
	down_err = ~0ull;
	EXPECT_OK(start_at(&s, down_server, k->s));
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	EXPECT_OK(start_at(&m, down_waker, k->m));
	EXPECT(blocked_in(&m, DBT_THREAD_WAITING));
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(start_at(&c, down_caller, k->c));
	EXPECT(ktest_join(&c, 1000));
	EXPECT(ktest_join(&m, 1000));
	EXPECT_OK(down_err);
	EXPECT_EQ(down_n, 2);
	EXPECT_EQ(down_log[0], k->m_first ? 'M' : 'C');
	EXPECT_EQ(down_log[1], k->m_first ? 'C' : 'M');
	/* the call goes up (fast); the answer goes down directly only if M is below C */
	EXPECT_EQ(dbt_stat(DBT_STAT_FASTPATH) - fp0, ipc_fast_on() ? 2 - k->m_first : 0);
}

KTEST(ipc, answer_down_after_waking_higher)
{
	for (unsigned i = 0; i < N_DOWN_CASES && !ktest_failed; i++) {
		down_test(&down_cases[i]);
		if (ktest_failed)
			uprintf("  in case %u: C %u, M %u, S %u\n", i, down_cases[i].c,
			        down_cases[i].m, down_cases[i].s);
	}
}

/*
 * The same for a call down: a caller X wakes M, then calls a server R of
 * lower priority waiting on the endpoint.  The higher of M and R runs
 * first when X blocks.
 */
static const struct down_case call_down_cases[] = {
	/* c: the server R, m: M, s: the caller X */
	{ 120, 150, 180, true },        /* M above R, in a higher word */
	{ 120, 125, 180, true },        /* in R's word */
	{ 120, 100, 180, false },       /* M below R: the call may go direct */
};
#define N_CALL_DOWN_CASES (sizeof(call_down_cases) / sizeof(call_down_cases[0]))

static void down_receiver(dbt_word_t unused)
{
	dbt_slot_t ep = down_ep;  /* this case's, read before any wait */
	dbt_word_t tag = 0, badge;
	(void)unused;
	down_err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	down_log_ev('R');
	dbt_reply(DBT_TAG(0, 0, 0));
	dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
}

static void down_waking_caller(dbt_word_t unused)
{
	dbt_slot_t ep = down_ep, ntf = down_ntf;  /* this case's, read before any wait */
	dbt_word_t tag = DBT_TAG(0, 0, 0);
	(void)unused;
	dbt_signal(ntf);                   /* M is ready, X runs on */
	dbt_call(ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER);
}

static void call_down_test(const struct down_case *k)
{
	struct kchild r, m, x;
	down_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	down_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	down_n = 0;
	down_err = ~0ull;
	EXPECT_OK(start_at(&r, down_receiver, k->c));
	EXPECT(blocked_in(&r, DBT_THREAD_RECEIVING));
	EXPECT_OK(start_at(&m, down_waker, k->m));
	EXPECT(blocked_in(&m, DBT_THREAD_WAITING));
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(start_at(&x, down_waking_caller, k->s));
	EXPECT(ktest_join(&x, 1000));
	EXPECT(ktest_join(&m, 1000));
	EXPECT_OK(down_err);
	EXPECT_EQ(down_n, 2);
	EXPECT_EQ(down_log[0], k->m_first ? 'M' : 'R');
	EXPECT_EQ(down_log[1], k->m_first ? 'R' : 'M');
	/* the answer is a plain reply (full path); the call goes direct only if M is below R */
	EXPECT_EQ(dbt_stat(DBT_STAT_FASTPATH) - fp0, ipc_fast_on() ? !k->m_first : 0);
}

KTEST(ipc, call_down_after_waking_higher)
{
	for (unsigned i = 0; i < N_CALL_DOWN_CASES && !ktest_failed; i++) {
		call_down_test(&call_down_cases[i]);
		if (ktest_failed)
			uprintf("  in case %u: R %u, M %u, X %u\n", i, call_down_cases[i].c,
			        call_down_cases[i].m, call_down_cases[i].s);
	}
}

/*
 * ---- receive deadlines on the fast path ------------------------------------
 * A server that answers by reply-and-receive with a receive deadline (as
 * unixd does whenever it has a timer pending) keeps the fast path: the
 * answer arms its timer as the full path would, a call reaching it disarms
 * the timer, and the deadline still ends the wait when nothing comes.
 * DBT_STAT_FASTPATH counts the fast IPCs (none with "nofastpath").
 */
#define DL_FAR_NS 5000000000ull         /* a receive deadline no passing test reaches */
#define DL_SHORT_NS 30000000ull         /* one that a test waits out: 30 ms */

static dbt_slot_t dl_ep, dl_ntf;
static volatile dbt_word_t dl_err, dl_err2;
static volatile unsigned dl_n;
static volatile uint64_t dl_wait_ns;    /* the last receive's wait, deadline to timeout */

/* Answer label L with label L + 1 by reply-and-receive, the receive until
 * wait_ns from now; a call with label 0 is answered by reply, and the
 * server then waits on dl_ntf without a timeout (dl_err2). */
static void dl_server(dbt_word_t wait_ns)
{
	dbt_word_t tag = 0, badge;
	dl_err = dbt_recv(dl_ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	while (!dl_err && DBT_TAG_LABEL(tag) != 0) {
		dl_n++;
		tag = DBT_TAG(DBT_TAG_LABEL(tag) + 1, 0, 0);
		uint64_t deadline = dbt_clock_ns() + wait_ns;
		dl_err = dbt_reply_recv_until(dl_ep, &tag, &badge, deadline);
		dl_wait_ns = dbt_clock_ns() - deadline;
	}
	if (dl_err)
		return;
	dl_err = dbt_reply(DBT_TAG(1, 0, 0));
	dl_err2 = dbt_wait(dl_ntf, NULL, DBT_TIMEOUT_NEVER);
}

static void dl_late_signal(dbt_word_t unused)
{
	(void)unused;
	ksleep_ms(2 * DL_SHORT_NS / 1000000u);
	dbt_signal(dl_ntf);
}

static void dl_start(struct kchild *s, uint64_t wait_ns)
{
	dl_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dl_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dl_err = dl_err2 = ~0ull;
	dl_n = 0;
	EXPECT_OK(ktest_local(s, dl_server, wait_ns));
	EXPECT_OK(ktest_start(s));
	EXPECT(blocked_in(s, DBT_THREAD_RECEIVING));
}

/* Call dl_ep with label; the answer is label + 1 (label 0: 1). */
static void dl_call(dbt_word_t label)
{
	dbt_word_t tag = DBT_TAG(label, 0, 0);
	EXPECT_OK(dbt_call(dl_ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER));
	EXPECT_EQ(tag, DBT_TAG(label ? label + 1 : 1, 0, 0));
}

/* Fast IPCs since fp0: n with the fast path, none without. */
static void dl_expect_fast(dbt_word_t fp0, dbt_word_t n)
{
	EXPECT_EQ(dbt_stat(DBT_STAT_FASTPATH) - fp0, ipc_fast_on() ? n : 0);
}

KTEST(ipc, reply_recv_deadline_round_trips_fast)
{
	struct kchild s;
	const unsigned n = 50;
	dl_start(&s, DL_FAR_NS);
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	for (unsigned i = 1; i <= n; i++)
		dl_call(i);
	dl_call(0);
	/* every call (to a receiver waiting with a deadline but the first)
	 * and every answer with a deadline; the last answer is a reply */
	dl_expect_fast(fp0, 2 * n + 1);
	EXPECT_EQ(dl_n, n);
	EXPECT_OK(dl_err);
	EXPECT_OK(dbt_signal(dl_ntf));
	EXPECT(ktest_join(&s, 1000));
	EXPECT_OK(dl_err2);
}

KTEST(ipc, reply_recv_deadline_expires)
{
	struct kchild s;
	dl_start(&s, DL_SHORT_NS);
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	dl_call(1);
	dl_expect_fast(fp0, 2);                 /* the call, the answer */
	EXPECT(ktest_join(&s, 1000));
	EXPECT_EQ(dl_err, DBT_E_TIMEOUT);
	EXPECT(dl_wait_ns < 500000000ull);      /* not long after the deadline (and not before) */
	EXPECT_EQ(dl_n, 1);
}

/* The timer of a receive that a message completes is gone: the server's
 * next wait, without a timeout, outlasts the old deadline. */
KTEST(ipc, reply_recv_deadline_disarmed_by_message)
{
	struct kchild s, w;
	dl_start(&s, DL_SHORT_NS);
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	dl_call(1);
	dl_call(0);
	dl_expect_fast(fp0, 3);                 /* both calls, the answer between */
	EXPECT_OK(start_local(&w, dl_late_signal, 0));
	EXPECT(ktest_join(&s, 1000));
	EXPECT(ktest_join(&w, 1000));
	EXPECT_OK(dl_err);
	EXPECT_OK(dl_err2);
}

/* A caller's reply timeout ends with the answer the fast path gives: its
 * next wait, without a timeout, outlasts it. */
KTEST(ipc, reply_timeout_disarmed_by_fast_answer)
{
	struct kchild s, w;
	dl_start(&s, DL_FAR_NS);
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	dbt_word_t tag = DBT_TAG(1, 0, 0);
	EXPECT_OK(dbt_call(dl_ep, &tag, DBT_TIMEOUT_NEVER, DL_SHORT_NS / 1000u));
	EXPECT_EQ(tag, DBT_TAG(2, 0, 0));
	dl_expect_fast(fp0, 1);                 /* the answer; a call with a reply timeout is not */
	EXPECT_OK(start_local(&w, dl_late_signal, 0));
	EXPECT_OK(dbt_wait(dl_ntf, NULL, DBT_TIMEOUT_NEVER));
	EXPECT(ktest_join(&w, 1000));
	dl_call(0);
	EXPECT_OK(dbt_signal(dl_ntf));
	EXPECT(ktest_join(&s, 1000));
	EXPECT_OK(dl_err2);
}
