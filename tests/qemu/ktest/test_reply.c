/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_reply.c - deferred replies (suite `reply`): a server moves the reply
 * right of a call into a capability (DBT_SYS_REPLY_SAVE) and answers it
 * later through that capability (DBT_SYS_REPLY_CAP, DBT_SYS_REPLY_CAP_RECV),
 * many callers at once and in any order.  Covered: the answer and its
 * message, the right moving out of the thread, using up the capability,
 * bad arguments (each with its exact error and nothing changed), copy
 * refused and move allowed (CAP_MOVE and grant items), deletion of a live
 * capability, callers that are stopped, destroyed, time out or make a new
 * call (stale capabilities never answer anyone), servers whose thread,
 * task or quota goes away, the kernel memory of reply objects, and
 * kernel-made messages (foreign system calls, page faults) parked the same
 * way.  Runs with and without the IPC fast path.
 *
 * As in test_ipc.c, children run small jobs described by the global J[],
 * shared with child tasks through the framework's pager.  The root thread
 * (priority 200) is usually the server; callers run at 150, so they run
 * while the root sleeps or waits.
 */
#include "ktest.h"

#define T_1S   1000000u         /* a timeout that never expires in a passing test */
#define NJOBS  6
#define REPLY_BYTES 64          /* a reply object's block (docs/KERNEL-API.md §12) */
#define LABEL  0x77
#define MEM_PAGE(k) ((dbt_word_t)(ktest_scratch + (k) * 4096))

struct job {
	dbt_slot_t ep;                  /* endpoint slot as the job's thread sees it */
	dbt_slot_t slot2;               /* a second slot: reply slot, notification */
	uint32_t timeout;               /* receive timeout of the (first) call */
	dbt_word_t in;                  /* the word a call sends */
	dbt_word_t addr;                /* an address to read */
	unsigned count;
	volatile dbt_word_t flag;       /* 1: calling, 2: first call back, 3: second back */
	volatile dbt_word_t err, err2;
	volatile dbt_word_t rtag, out, out2, n;
};

static struct job J[NJOBS];

static void jobs_reset(void)
{
	memset(J, 0, sizeof(J));
	for (unsigned i = 0; i < NJOBS; i++)
		J[i].timeout = DBT_TIMEOUT_NEVER;
}

/* ---- jobs (child thread bodies; arg is the index into J) ---------------- */

/* Call once with J.in; record the answer. */
static void job_call(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t *mr = dbt_mr(), tag = DBT_TAG(0x10 + i, 1, 0);
	dbt_utcb()->rcv_cap = 0;
	mr[0] = j->in;
	j->flag = 1;
	j->err = dbt_call(j->ep, &tag, DBT_TIMEOUT_NEVER, j->timeout);
	j->rtag = tag;
	j->out = mr[0];
	j->flag = 2;
}

/* Call (with J.timeout), then call again with J.in + 1 and no timeout. */
static void job_call_twice(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t *mr = dbt_mr(), tag = DBT_TAG(0x10 + i, 1, 0);
	mr[0] = j->in;
	j->flag = 1;
	j->err = dbt_call(j->ep, &tag, DBT_TIMEOUT_NEVER, j->timeout);
	j->out = mr[0];
	j->flag = 2;
	mr[0] = j->in + 1;
	tag = DBT_TAG(0x20 + i, 1, 0);
	j->err2 = dbt_call(j->ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER);
	j->out2 = mr[0];
	j->flag = 3;
}

static void job_send(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_mr()[0] = j->in;
	j->flag = 1;
	j->err = dbt_send(j->ep, DBT_TAG(0x30, 1, 0), DBT_TIMEOUT_NEVER);
	j->flag = 2;
}

/* Receive with a capability window at slot2; record the message. */
static void job_recv_cap(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t tag = 0, badge, *mr = dbt_mr();
	dbt_utcb()->rcv_cap = DBT_CAP_FPAGE(j->slot2, 0, 0);
	j->flag = 1;
	j->err = dbt_recv(j->ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	j->rtag = tag;
	j->out = mr[1];
	j->flag = 2;
}

/* Receive a granted reply capability into slot2 and answer through it with
 * J.in; then delete whatever is left in slot2. */
static void job_answer_granted(dbt_word_t i)
{
	struct job *j = &J[i];
	job_recv_cap(i);
	if (j->err)
		return;
	dbt_mr()[0] = j->in;
	j->err2 = dbt_reply_cap(j->slot2, DBT_TAG(LABEL, 1, 0));
	j->n = dbt_cap_delete(j->slot2);
	j->flag = 3;
}

/* A server that defers every call: save, then answer through the saved
 * capability with the next receive (one kernel call per message). */
static void job_defer_server(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t tag = 0, badge = 0, *mr = dbt_mr();
	j->flag = 1;
	j->err = dbt_reply_cap_recv(0, j->ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	while (!j->err) {
		j->n++;
		if ((j->err = dbt_reply_save(j->slot2)))
			break;
		mr[0] = ~mr[0] + badge;
		tag = DBT_TAG(DBT_TAG_LABEL(tag) + 1, 1, 0);
		j->err = dbt_reply_cap_recv(j->slot2, j->ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	}
}

/* Call count times; each answer must be ~word + badge (J.in), label + 1. */
static void job_client_loop(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t *mr = dbt_mr();
	for (unsigned r = 0; r < j->count; r++) {
		dbt_word_t word = 0x5000 + r, tag = DBT_TAG(r + 100, 1, 0);
		mr[0] = word;
		dbt_word_t err = dbt_call(j->ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER);
		if (err) {
			j->err = err;
			return;
		}
		if (tag != DBT_TAG(r + 101, 1, 0) || mr[0] != ~word + j->in) {
			j->err2 = 0x1000 + r;
			return;
		}
		j->n++;
	}
}

/* Save the reply of each of count calls into slot2 + badge - 1, hold the
 * next one unsaved, then wait on the notification in J.addr. */
static void job_saver(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t tag, badge;
	for (unsigned k = 0; k < j->count && !j->err; k++) {
		j->err = dbt_recv(j->ep, &tag, &badge, DBT_TIMEOUT_NEVER);
		if (!j->err)
			j->err = dbt_reply_save(j->slot2 + badge - 1);
		j->n++;
	}
	j->err2 = dbt_recv(j->ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	j->flag = 2;
	dbt_wait(j->addr, NULL, DBT_TIMEOUT_NEVER);
}

/* Park the first caller (badge 1), answer count calls of the second at
 * once, then answer the first through its capability. */
static void job_mixed_server(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t tag = 0, badge = 0, *mr = dbt_mr();
	j->err = dbt_recv(j->ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	while (!j->err) {
		if (badge == 1) {
			j->out = mr[0];
			j->err2 = dbt_reply_save(j->slot2);
			j->err = dbt_recv(j->ep, &tag, &badge, DBT_TIMEOUT_NEVER);
			continue;
		}
		dbt_word_t word = mr[0];
		if (++j->n == j->count) {
			mr[0] = j->out + 1;
			j->err2 |= dbt_reply_cap(j->slot2, DBT_TAG(LABEL, 1, 0));
		}
		mr[0] = ~word + badge;
		tag = DBT_TAG(DBT_TAG_LABEL(tag) + 1, 1, 0);
		j->err = dbt_reply_recv(j->ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	}
}

/* Wait on slot2, then read the word at addr (a page fault). */
static void job_touch(dbt_word_t i)
{
	struct job *j = &J[i];
	j->flag = 1;
	dbt_wait(j->slot2, NULL, DBT_TIMEOUT_NEVER);
	j->out = *(volatile dbt_word_t *)j->addr;
	j->flag = 2;
}

/* ---- helpers for the root ----------------------------------------------- */

static dbt_word_t start_local(struct kchild *c, void (*fn)(dbt_word_t), unsigned i)
{
	dbt_word_t err = ktest_local(c, fn, i);
	return err ? err : ktest_start(c);
}

/* A child task running job i with ep at CHILD_SLOT_FIRST (rights), started. */
static dbt_word_t start_child(struct kchild *c, void (*fn)(dbt_word_t), unsigned i,
                              dbt_slot_t ep, unsigned rights)
{
	dbt_word_t err = ktest_child(c, fn, i);
	if (!err)
		err = ktest_give(c, ep, CHILD_SLOT_FIRST, rights);
	J[i].ep = CHILD_SLOT_FIRST;
	return err ? err : ktest_start(c);
}

static dbt_word_t state(struct kchild *c)
{
	return dbt_thread_ctl(c->thread, DBT_THREAD_INFO, 0, 0).v0;
}

/* Wait (sleeping, at most a second) until the child is blocked in state st. */
static bool blocked_in(struct kchild *c, dbt_word_t st)
{
	for (unsigned i = 0; i < 1000; i++) {
		if (state(c) == st)
			return true;
		ksleep_ms(1);
	}
	return false;
}

/* Wait (at most a second) until J[i].flag reaches f. */
static bool flag_reaches(unsigned i, dbt_word_t f)
{
	for (unsigned k = 0; k < 1000 && J[i].flag < f; k++)
		ksleep_ms(1);
	return J[i].flag >= f;
}

static dbt_word_t cap_kind(dbt_slot_t s)
{
	dbt_word_t type = ~0ull;
	dbt_cap_info(s, &type, NULL, NULL);
	return type;
}

static bool empty(dbt_slot_t s)
{
	return dbt_cap_info(s, NULL, NULL, NULL) == DBT_E_EMPTY_SLOT;
}

static dbt_word_t kmem(void)
{
	return dbt_stat(DBT_STAT_KMEM_USED);
}

static dbt_word_t quota_used(dbt_slot_t q)
{
	dbt_word_t used = ~0ull;
	dbt_quota_info(q, &used, NULL);
	return used;
}

static dbt_slot_t copy_of(dbt_slot_t src, unsigned rights, dbt_word_t badge)
{
	dbt_slot_t s = kslot();
	dbt_word_t err = dbt_cap_copy(src, s, rights, badge);
	if (err)
		ktest_fail(__FILE__, __LINE__, "cap_copy: error %lu", err);
	return s;
}

/* Receive one call on ep: its first word (and badge). */
static dbt_word_t take_call(dbt_slot_t ep, dbt_word_t *word, dbt_word_t *badge)
{
	dbt_word_t tag, b = 0;
	dbt_word_t err = dbt_recv(ep, &tag, &b, T_1S);
	*word = dbt_mr()[0];
	if (badge)
		*badge = b;
	return err;
}

/* Answer through reply capability r with one word. */
static dbt_word_t answer(dbt_slot_t r, dbt_word_t word)
{
	dbt_mr()[0] = word;
	return dbt_reply_cap(r, DBT_TAG(LABEL, 1, 0));
}

/* Start caller job i (local thread) calling ep with word in, receive its
 * call and save the reply right into a new slot: the live capability. */
static dbt_slot_t parked_local(struct kchild *c, void (*fn)(dbt_word_t), unsigned i,
                               dbt_slot_t ep, dbt_word_t in)
{
	dbt_word_t word;
	dbt_slot_t r = kslot();
	J[i].ep = ep;
	J[i].in = in;
	if (start_local(c, fn, i) || take_call(ep, &word, NULL) || word != in ||
	    dbt_reply_save(r)) {
		ktest_fail(__FILE__, __LINE__, "cannot park caller %u", i);
		return 0;
	}
	return r;
}

/* ---- saving and answering ----------------------------------------------- */

KTEST(reply, save_and_answer_later)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0), r = kslot();
	dbt_word_t word, *mr = dbt_mr();
	jobs_reset();
	J[0].ep = ep;
	J[0].in = 41;
	EXPECT_OK(start_local(&c, job_call, 0));
	EXPECT_OK(take_call(ep, &word, NULL));
	EXPECT_EQ(word, 41);
	dbt_word_t before = kmem();
	EXPECT_OK(dbt_reply_save(r));
	EXPECT_EQ(kmem() - before, REPLY_BYTES);
	dbt_word_t type, rights, badge;
	EXPECT_OK(dbt_cap_info(r, &type, &rights, &badge));
	EXPECT_EQ(type, DBT_OBJ_REPLY);
	EXPECT_EQ(rights, DBT_CAP_ALL);
	EXPECT_EQ(badge, 0);
	EXPECT_EQ(dbt_reply(DBT_TAG(0, 0, 0)), DBT_E_NO_CALLER);   /* the right moved */
	ksleep_ms(5);
	EXPECT_EQ(state(&c), DBT_THREAD_AWAIT_REPLY);
	EXPECT_EQ(J[0].flag, 1);
	mr[0] = 42;
	mr[1] = 43;
	EXPECT_OK(dbt_reply_cap(r, DBT_TAG(0x99, 2, 0)));
	EXPECT(empty(r));                       /* used up */
	EXPECT_EQ(kmem(), before);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].rtag, DBT_TAG(0x99, 2, 0));
	EXPECT_EQ(J[0].out, 42);
}

/* Four callers (two local, two in their own tasks) parked at once and
 * answered in an order of the server's choosing. */
KTEST(reply, callers_answered_in_any_order)
{
	struct kchild c[4];
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0), r[4];
	jobs_reset();
	for (unsigned i = 0; i < 4; i++) {
		dbt_slot_t b = copy_of(ep, DBT_CAP_WRITE, i + 1);
		r[i] = kslot();
		J[i].in = 100 * (i + 1);
		if (i < 2) {
			J[i].ep = b;
			EXPECT_OK(start_local(&c[i], job_call, i));
		} else {
			EXPECT_OK(start_child(&c[i], job_call, i, b, DBT_CAP_WRITE));
		}
	}
	for (unsigned k = 0; k < 4; k++) {
		dbt_word_t word, badge;
		EXPECT_OK(take_call(ep, &word, &badge));
		EXPECT(badge >= 1 && badge <= 4);
		EXPECT_EQ(word, 100 * badge);
		EXPECT_OK(dbt_reply_save(r[badge - 1]));
	}
	static const unsigned order[4] = { 2, 0, 3, 1 };
	for (unsigned k = 0; k < 4; k++) {
		unsigned i = order[k];
		for (unsigned m = k; m < 4; m++)
			EXPECT_EQ(state(&c[order[m]]), DBT_THREAD_AWAIT_REPLY);
		EXPECT_OK(answer(r[i], J[i].in + 1));
		EXPECT(ktest_join(&c[i], 1000));
		EXPECT_OK(J[i].err);
		EXPECT_EQ(J[i].out, J[i].in + 1);
		EXPECT_EQ(J[i].rtag, DBT_TAG(LABEL, 1, 0));
	}
}

/* A saved right is out of the thread: the next call received does not
 * cancel it (an unsaved one would be). */
KTEST(reply, second_call_keeps_saved_first)
{
	struct kchild a, b;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t word;
	jobs_reset();
	dbt_slot_t r = parked_local(&a, job_call, 0, ep, 7);
	EXPECT(r);
	J[1].ep = ep;
	J[1].in = 8;
	EXPECT_OK(start_local(&b, job_call, 1));
	EXPECT_OK(take_call(ep, &word, NULL));
	EXPECT_EQ(word, 8);
	ksleep_ms(5);
	EXPECT_EQ(state(&a), DBT_THREAD_AWAIT_REPLY);
	EXPECT_EQ(J[0].flag, 1);
	dbt_mr()[0] = 80;
	EXPECT_OK(dbt_reply(DBT_TAG(LABEL, 1, 0)));
	EXPECT(ktest_join(&b, 1000));
	EXPECT_OK(J[1].err);
	EXPECT_EQ(J[1].out, 80);
	EXPECT_EQ(state(&a), DBT_THREAD_AWAIT_REPLY);
	EXPECT_OK(answer(r, 70));
	EXPECT(ktest_join(&a, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].out, 70);
}

/* A server in its own task answering every call through a saved
 * capability with DBT_SYS_REPLY_CAP_RECV, reusing one slot. */
KTEST(reply, reply_cap_recv_server_loop)
{
	struct kchild s, c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t b = copy_of(ep, DBT_CAP_WRITE, 0x21);
	jobs_reset();
	J[0].slot2 = CHILD_SLOT_FIRST + 1;
	EXPECT_OK(start_child(&s, job_defer_server, 0, ep, DBT_CAP_READ));
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	J[1].ep = b;
	J[1].in = 0x21;
	J[1].count = 100;
	EXPECT_OK(start_local(&c, job_client_loop, 1));
	EXPECT(ktest_join(&c, 3000));
	EXPECT_OK(J[1].err);
	EXPECT_EQ(J[1].err2, 0);
	EXPECT_EQ(J[1].n, 100);
	EXPECT_EQ(J[0].n, 100);
	EXPECT_OK(J[0].err);
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
}

/* A capability answers once: the answer empties its slot. */
KTEST(reply, reply_cap_used_up)
{
	struct kchild c, snd;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t tag, badge, word;
	jobs_reset();
	dbt_slot_t r = parked_local(&c, job_call, 0, ep, 5);
	EXPECT(r);
	EXPECT_OK(answer(r, 6));
	EXPECT_EQ(answer(r, 7), DBT_E_EMPTY_SLOT);
	/* and a second answer with a receive fails before receiving */
	J[1].ep = ep;
	J[1].in = 0x51;
	EXPECT_OK(start_local(&snd, job_send, 1));
	EXPECT(blocked_in(&snd, DBT_THREAD_SENDING));
	tag = DBT_TAG(LABEL, 1, 0);
	EXPECT_EQ(dbt_reply_cap_recv(r, ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(state(&snd), DBT_THREAD_SENDING);
	EXPECT_OK(take_call(ep, &word, NULL));
	EXPECT_EQ(word, 0x51);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].out, 6);
	EXPECT(ktest_join(&snd, 1000));
}

/* ---- bad arguments: exact errors, nothing changed ------------------------ */

KTEST(reply, save_errors)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0), r = kslot();
	dbt_slot_t occupied = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_word_t slots = urt_bootinfo->cspace_slots, word;
	jobs_reset();
	/* no call received: slot errors first, then no caller */
	EXPECT_EQ(dbt_reply_save(0), DBT_E_INVALID_SLOT);
	EXPECT_EQ(dbt_reply_save(occupied), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(dbt_reply_save(r), DBT_E_NO_CALLER);
	EXPECT(empty(r));
	J[0].ep = ep;
	J[0].in = 3;
	EXPECT_OK(start_local(&c, job_call, 0));
	EXPECT_OK(take_call(ep, &word, NULL));
	dbt_word_t before = kmem();
	EXPECT_EQ(dbt_reply_save(0), DBT_E_INVALID_SLOT);
	EXPECT_EQ(dbt_reply_save(slots), DBT_E_INVALID_SLOT);
	EXPECT_EQ(dbt_reply_save(~0ull), DBT_E_INVALID_SLOT);
	EXPECT_EQ(dbt_reply_save(occupied), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(cap_kind(occupied), DBT_OBJ_NOTIFICATION);
	EXPECT_EQ(kmem(), before);
	/* the right is still the thread's */
	dbt_mr()[0] = 4;
	EXPECT_OK(dbt_reply(DBT_TAG(LABEL, 1, 0)));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].out, 4);
	EXPECT_EQ(dbt_reply_save(r), DBT_E_NO_CALLER);
	EXPECT(empty(r));
}

KTEST(reply, reply_cap_errors_keep_cap)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t slots = urt_bootinfo->cspace_slots;
	jobs_reset();
	dbt_slot_t r = parked_local(&c, job_call, 0, ep, 9);
	EXPECT(r);
	dbt_word_t before = kmem();
	EXPECT_EQ(dbt_reply_cap(r, DBT_TAG(1, 0, 0) | 0x1000), DBT_E_BAD_MESSAGE);
	EXPECT_EQ(dbt_reply_cap(r, DBT_TAG(1, 65, 0)), DBT_E_BAD_MESSAGE);
	EXPECT_EQ(dbt_reply_cap(r, DBT_TAG(1, 60, 3)), DBT_E_BAD_MESSAGE);
	EXPECT_EQ(answer(ep, 1), DBT_E_WRONG_TYPE);
	EXPECT_EQ(answer(kslot(), 1), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(answer(0, 1), DBT_E_INVALID_SLOT);
	EXPECT_EQ(answer(slots, 1), DBT_E_INVALID_SLOT);
	EXPECT_EQ(answer((1ull << 32) | r, 1), DBT_E_INVALID_SLOT);
	EXPECT_EQ(kmem(), before);
	EXPECT_EQ(cap_kind(r), DBT_OBJ_REPLY);
	EXPECT_EQ(state(&c), DBT_THREAD_AWAIT_REPLY);
	EXPECT_OK(answer(r, 10));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].out, 10);
}

/* REPLY_CAP_RECV checks the tag, the endpoint and the reply capability
 * before it answers: on any error nothing is sent and nothing received. */
KTEST(reply, reply_cap_recv_checks_before_answer)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t wo = copy_of(ep, DBT_CAP_WRITE, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_word_t tag, badge;
	jobs_reset();
	dbt_slot_t r = parked_local(&c, job_call, 0, ep, 11);
	EXPECT(r);
	dbt_mr()[0] = 12;
	tag = DBT_TAG(LABEL, 1, 0) | 0x4000;
	EXPECT_EQ(dbt_reply_cap_recv(r, ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_BAD_MESSAGE);
	tag = DBT_TAG(LABEL, 1, 0);
	EXPECT_EQ(dbt_reply_cap_recv(r, wo, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	tag = DBT_TAG(LABEL, 1, 0);
	EXPECT_EQ(dbt_reply_cap_recv(r, ntf, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_WRONG_TYPE);
	tag = DBT_TAG(LABEL, 1, 0);
	EXPECT_EQ(dbt_reply_cap_recv(r, r, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_WRONG_TYPE);
	tag = DBT_TAG(LABEL, 1, 0);
	EXPECT_EQ(dbt_reply_cap_recv(ep, ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_WRONG_TYPE);
	tag = DBT_TAG(LABEL, 1, 0);
	EXPECT_EQ(dbt_reply_cap_recv(kslot(), ep, &tag, &badge, DBT_TIMEOUT_POLL),
	          DBT_E_EMPTY_SLOT);
	/* a slot that does not fit the 32 bits never wraps round to r */
	tag = DBT_TAG(LABEL, 1, 0);
	EXPECT_EQ(dbt_reply_cap_recv((1ull << 32) | r, ep, &tag, &badge, DBT_TIMEOUT_POLL),
	          DBT_E_INVALID_SLOT);
	EXPECT_EQ(cap_kind(r), DBT_OBJ_REPLY);
	EXPECT_EQ(state(&c), DBT_THREAD_AWAIT_REPLY);
	/* the good one answers, then finds nothing to receive */
	dbt_mr()[0] = 12;
	tag = DBT_TAG(LABEL, 1, 0);
	EXPECT_EQ(dbt_reply_cap_recv(r, ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	EXPECT(empty(r));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].out, 12);
}

/* ---- copy refused, move allowed ------------------------------------------ */

KTEST(reply, copy_give_map_refused)
{
	struct kchild c, rc;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0), ep2 = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t occupied = kcreate(DBT_OBJ_NOTIFICATION, 0, 0), dst = kslot();
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 3, 0), win = kslot();
	jobs_reset();
	dbt_slot_t r = parked_local(&c, job_call, 0, ep, 13);
	EXPECT(r);
	J[1].ep = ep2;
	J[1].slot2 = win;
	EXPECT_OK(start_local(&rc, job_recv_cap, 1));
	EXPECT(blocked_in(&rc, DBT_THREAD_RECEIVING));
	dbt_word_t before = kmem();
	EXPECT_EQ(dbt_cap_copy(r, dst, DBT_CAP_ALL, 0), DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_cap_copy(r, dst, DBT_CAP_WRITE, 0x5), DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_cap_copy(r, occupied, DBT_CAP_ALL, 0), DBT_E_WRONG_TYPE);
	EXPECT(empty(dst));
	EXPECT_EQ(dbt_cap_give(task, r, 1, DBT_CAP_ALL), DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_task_cap_info(task, 1, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	/* a map item copies: refused; the receiver gets the error and no item */
	dbt_word_t *mr = dbt_mr();
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);
	mr[1] = DBT_CAP_FPAGE(r, 0, DBT_CAP_ALL);
	EXPECT_EQ(dbt_send(ep2, DBT_TAG(1, 0, 1), DBT_TIMEOUT_POLL), DBT_E_WRONG_TYPE);
	EXPECT(ktest_join(&rc, 1000));
	EXPECT_EQ(J[1].err, DBT_E_WRONG_TYPE);
	EXPECT_EQ(J[1].rtag, DBT_TAG(1, 0, 0));
	EXPECT(empty(win));
	EXPECT_EQ(kmem(), before);
	/* the original still answers */
	EXPECT_OK(answer(r, 14));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].out, 14);
}

KTEST(reply, move_then_answer_from_new_slot)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0), r2 = kslot();
	jobs_reset();
	dbt_slot_t r = parked_local(&c, job_call, 0, ep, 15);
	EXPECT(r);
	EXPECT_OK(dbt_cap_move(r, r2));
	EXPECT(empty(r));
	EXPECT_EQ(cap_kind(r2), DBT_OBJ_REPLY);
	EXPECT_EQ(answer(r, 1), DBT_E_EMPTY_SLOT);
	EXPECT_OK(answer(r2, 16));
	EXPECT(empty(r2));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].out, 16);
}

/* A grant item moves the reply capability to another task (rights masked
 * as for any capability); a helper there answers, or, without WRITE,
 * cannot and deletes it. */
static void grant_test(unsigned mask, dbt_word_t want_answer, dbt_word_t want_err)
{
	struct kchild c, h;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0), ep2 = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	dbt_slot_t r = parked_local(&c, job_call, 0, ep, 17);
	EXPECT(r);
	J[1].slot2 = CHILD_SLOT_FIRST + 4;
	J[1].in = 18;
	EXPECT_OK(start_child(&h, job_answer_granted, 1, ep2, DBT_CAP_READ));
	EXPECT(blocked_in(&h, DBT_THREAD_RECEIVING));
	dbt_word_t *mr = dbt_mr();
	mr[0] = DBT_ITEM(DBT_ITEM_GRANT, DBT_SPACE_CAP, 0);
	mr[1] = DBT_CAP_FPAGE(r, 0, mask);
	EXPECT_OK(dbt_send(ep2, DBT_TAG(2, 0, 1), DBT_TIMEOUT_POLL));
	EXPECT(empty(r));                       /* moved away */
	EXPECT(ktest_join(&h, 1000));
	EXPECT_OK(J[1].err);
	EXPECT_EQ(J[1].out, DBT_CAP_FPAGE(CHILD_SLOT_FIRST + 4, 0, mask));
	EXPECT_EQ(J[1].err2, want_err);
	EXPECT_EQ(J[1].n, want_err ? DBT_OK : DBT_E_EMPTY_SLOT);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].err, want_err ? DBT_E_DELETED : DBT_OK);
	EXPECT_EQ(J[0].out, want_answer);
}

KTEST(reply, grant_item_moves_reply_cap) { grant_test(DBT_CAP_ALL, 18, DBT_OK); }
KTEST(reply, granted_without_write_cannot_answer)
{
	grant_test(DBT_CAP_READ | DBT_CAP_DELETE, 17, DBT_E_NO_RIGHTS);
}

/* ---- deleting a live capability ----------------------------------------- */

/* The caller of a capability deleted (or destroyed) unanswered is not left
 * waiting for ever: it wakes with DBT_E_DELETED. */
static void delete_test(bool destroy)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	dbt_word_t before = kmem();
	dbt_slot_t r = parked_local(&c, job_call, 0, ep, 19);
	EXPECT(r);
	EXPECT_OK(destroy ? dbt_destroy(r) : dbt_cap_delete(r));
	EXPECT(empty(r));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].err, DBT_E_DELETED);
	EXPECT_EQ(J[0].out, 19);                /* nothing delivered */
	EXPECT_OK(dbt_destroy(c.thread));
	EXPECT_EQ(kmem(), before);              /* thread, UTCB and reply object gone */
}

KTEST(reply, delete_wakes_caller_deleted) { delete_test(false); }
KTEST(reply, destroy_wakes_caller_deleted) { delete_test(true); }

/* ---- callers that go away: stale capabilities ---------------------------- */

/* A stopped caller loses its place; the capability stays, answers nobody
 * (not even the same thread's next call) and can be deleted. */
KTEST(reply, caller_stopped_cap_stale)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t word;
	jobs_reset();
	dbt_slot_t r = parked_local(&c, job_call_twice, 0, ep, 21);
	EXPECT(r);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_EQ(state(&c), DBT_THREAD_STOPPED);
	EXPECT_EQ(answer(r, 1), DBT_E_NO_CALLER);
	EXPECT_EQ(cap_kind(r), DBT_OBJ_REPLY);  /* kept: the server deletes it */
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT_OK(take_call(ep, &word, NULL));  /* the caller's next call */
	EXPECT_EQ(word, 22);
	EXPECT_EQ(J[0].flag, 2);
	EXPECT_EQ(J[0].err, DBT_E_CANCELLED);
	EXPECT_EQ(answer(r, 2), DBT_E_NO_CALLER);
	ksleep_ms(5);
	EXPECT_EQ(state(&c), DBT_THREAD_AWAIT_REPLY);
	EXPECT_EQ(J[0].flag, 2);
	dbt_mr()[0] = 23;
	EXPECT_OK(dbt_reply(DBT_TAG(LABEL, 1, 0)));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err2);
	EXPECT_EQ(J[0].out2, 23);
	EXPECT_OK(dbt_cap_delete(r));
}

KTEST(reply, caller_destroyed_cap_stale)
{
	struct kchild c, snd;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t tag, badge, word;
	jobs_reset();
	dbt_slot_t r = parked_local(&c, job_call, 0, ep, 25);
	EXPECT(r);
	EXPECT_OK(dbt_destroy(c.thread));
	EXPECT_EQ(answer(r, 1), DBT_E_NO_CALLER);
	/* reply-and-receive with it fails before receiving */
	J[1].ep = ep;
	J[1].in = 0x52;
	EXPECT_OK(start_local(&snd, job_send, 1));
	EXPECT(blocked_in(&snd, DBT_THREAD_SENDING));
	tag = DBT_TAG(LABEL, 1, 0);
	EXPECT_EQ(dbt_reply_cap_recv(r, ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_NO_CALLER);
	EXPECT_EQ(state(&snd), DBT_THREAD_SENDING);
	EXPECT_EQ(cap_kind(r), DBT_OBJ_REPLY);
	dbt_word_t before = kmem();
	EXPECT_OK(dbt_cap_delete(r));
	EXPECT_EQ(before - kmem(), REPLY_BYTES);
	EXPECT_OK(take_call(ep, &word, NULL));
	EXPECT_EQ(word, 0x52);
	EXPECT(ktest_join(&snd, 1000));
}

KTEST(reply, caller_task_destroyed_cap_stale)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0), r = kslot();
	dbt_word_t word;
	jobs_reset();
	J[0].in = 27;
	EXPECT_OK(start_child(&c, job_call, 0, ep, DBT_CAP_WRITE));
	EXPECT_OK(take_call(ep, &word, NULL));
	EXPECT_EQ(word, 27);
	EXPECT_OK(dbt_reply_save(r));
	EXPECT_OK(dbt_destroy(c.task));
	EXPECT_EQ(answer(r, 1), DBT_E_NO_CALLER);
	EXPECT_EQ(cap_kind(r), DBT_OBJ_REPLY);
	EXPECT_OK(dbt_cap_delete(r));
	EXPECT_EQ(J[0].flag, 1);
}

/* The epoch check: a caller whose call timed out calls again; the reply
 * saved for the first call never answers the second. */
KTEST(reply, caller_timeout_then_new_call)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0), r2 = kslot();
	dbt_word_t word;
	jobs_reset();
	J[0].timeout = 20000;
	dbt_slot_t r = parked_local(&c, job_call_twice, 0, ep, 31);
	EXPECT(r);
	EXPECT(flag_reaches(0, 2));             /* the saved right does not stop the clock */
	EXPECT_EQ(J[0].err, DBT_E_TIMEOUT);
	EXPECT_OK(take_call(ep, &word, NULL));
	EXPECT_EQ(word, 32);
	EXPECT_EQ(answer(r, 0xbad), DBT_E_NO_CALLER);
	EXPECT_OK(dbt_reply_save(r2));
	EXPECT_EQ(answer(r, 0xbad), DBT_E_NO_CALLER);
	ksleep_ms(5);
	EXPECT_EQ(J[0].flag, 2);
	EXPECT_EQ(state(&c), DBT_THREAD_AWAIT_REPLY);
	EXPECT_OK(answer(r2, 33));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err2);
	EXPECT_EQ(J[0].out2, 33);
	EXPECT_OK(dbt_cap_delete(r));
}

/* ---- servers that go away ------------------------------------------------ */

/* Saved replies belong to the task's capability space, not to the thread:
 * they outlive the server thread, and another thread answers them.  The
 * one it held unsaved dies with it (DBT_E_DELETED). */
KTEST(reply, server_thread_dies_saved_caps_survive)
{
	struct kchild s, c[4];
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0), r[4];
	jobs_reset();
	for (unsigned i = 0; i < 4; i++)
		r[i] = kslot();
	for (unsigned i = 1; i < 4; i++)
		EXPECT_EQ(r[i], r[0] + i);      /* consecutive, as job_saver needs */
	J[0].ep = ep;
	J[0].slot2 = r[0];
	J[0].count = 3;
	J[0].addr = ntf;
	EXPECT_OK(start_local(&s, job_saver, 0));
	for (unsigned i = 0; i < 4; i++) {
		J[i + 1].ep = copy_of(ep, DBT_CAP_WRITE, i + 1);
		J[i + 1].in = 40 + i;
		EXPECT_OK(start_local(&c[i], job_call, i + 1));
	}
	EXPECT(blocked_in(&s, DBT_THREAD_WAITING));
	EXPECT_OK(J[0].err);
	EXPECT_OK(J[0].err2);
	unsigned held = 4, saved = 0;
	for (unsigned i = 0; i < 4; i++) {
		if (empty(r[i]))
			held = i;
		else
			saved += cap_kind(r[i]) == DBT_OBJ_REPLY;
	}
	EXPECT_EQ(saved, 3);
	EXPECT(held < 4);
	EXPECT_OK(dbt_destroy(s.thread));
	EXPECT(ktest_join(&c[held], 1000));
	EXPECT_EQ(J[held + 1].err, DBT_E_DELETED);
	for (unsigned i = 4; i-- > 0;) {
		if (i == held)
			continue;
		EXPECT_EQ(state(&c[i]), DBT_THREAD_AWAIT_REPLY);
		EXPECT_OK(answer(r[i], 50 + i));
		EXPECT(ktest_join(&c[i], 1000));
		EXPECT_OK(J[i + 1].err);
		EXPECT_EQ(J[i + 1].out, 50 + i);
	}
}

/* A server task destroyed with saved replies: every caller wakes with
 * DBT_E_DELETED.  With `quota`, the quota charged for the server is
 * destroyed instead (the reply objects are charged to it). */
static void server_gone_test(bool quota)
{
	struct kchild s, c[3];
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t qs = kcreate(DBT_OBJ_QUOTA, 1u << 20, 0), test_quota = T_QUOTA;
	jobs_reset();
	J[0].slot2 = CHILD_SLOT_FIRST + 2;
	J[0].count = 3;
	J[0].addr = CHILD_SLOT_FIRST + 1;
	T_QUOTA = qs;                           /* the server's task and thread */
	dbt_word_t err = ktest_child(&s, job_saver, 0);
	T_QUOTA = test_quota;
	EXPECT_OK(err);
	J[0].ep = CHILD_SLOT_FIRST;
	EXPECT_OK(ktest_give(&s, ep, CHILD_SLOT_FIRST, DBT_CAP_READ));
	EXPECT_OK(ktest_give(&s, ntf, CHILD_SLOT_FIRST + 1, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&s));
	for (unsigned i = 0; i < 3; i++) {
		J[i + 1].ep = copy_of(ep, DBT_CAP_WRITE, i + 1);
		J[i + 1].in = 60 + i;
		EXPECT_OK(start_local(&c[i], job_call, i + 1));
	}
	/* the three are saved; the server waits for a fourth call */
	for (unsigned k = 0; k < 1000 && J[0].n < 3; k++)
		ksleep_ms(1);
	EXPECT_EQ(J[0].n, 3);
	EXPECT_OK(J[0].err);
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	for (unsigned i = 0; i < 3; i++)
		EXPECT_EQ(state(&c[i]), DBT_THREAD_AWAIT_REPLY);
	EXPECT_OK(dbt_destroy(quota ? qs : s.task));
	for (unsigned i = 0; i < 3; i++) {
		EXPECT(ktest_join(&c[i], 1000));
		EXPECT_EQ(J[i + 1].err, DBT_E_DELETED);
		EXPECT_EQ(J[i + 1].out, 60 + i);
	}
}

KTEST(reply, server_task_destroyed_callers_deleted) { server_gone_test(false); }
KTEST(reply, server_quota_destroyed_callers_deleted) { server_gone_test(true); }

/* ---- kernel memory -------------------------------------------------------- */


/* A reply object is charged to the quota of the task that saves it (here
 * the root task, the server), never to the callers', and every byte comes
 * back: answered, deleted, or stale and then deleted. */
KTEST(reply, charged_to_the_saving_task)
{
	struct kchild c[3];
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0), r[3];
	dbt_slot_t qc = kcreate(DBT_OBJ_QUOTA, 1u << 20, 0), test_quota = T_QUOTA;
	dbt_word_t word, badge;
	jobs_reset();
	for (unsigned i = 0; i < 3; i++) {
		r[i] = kslot();
		J[i].in = 70 + i;
		T_QUOTA = qc;                   /* the callers' tasks and threads */
		dbt_word_t err = ktest_child(&c[i], job_call, i);
		T_QUOTA = test_quota;
		EXPECT_OK(err);
		J[i].ep = CHILD_SLOT_FIRST;
		EXPECT_OK(ktest_give(&c[i], copy_of(ep, DBT_CAP_WRITE, i + 1), CHILD_SLOT_FIRST,
		                     DBT_CAP_WRITE));
		EXPECT_OK(ktest_start(&c[i]));
	}
	dbt_word_t root0 = quota_used(DBT_ROOT_SLOT_QUOTA);
	for (unsigned k = 0; k < 3; k++) {
		EXPECT_OK(take_call(ep, &word, &badge));
		EXPECT(badge >= 1 && badge <= 3);
		EXPECT_EQ(word, 69 + badge);
		EXPECT_OK(dbt_reply_save(r[badge - 1]));
		EXPECT_EQ(quota_used(DBT_ROOT_SLOT_QUOTA) - root0, (k + 1) * REPLY_BYTES);
	}
	for (unsigned i = 0; i < 3; i++)
		EXPECT(blocked_in(&c[i], DBT_THREAD_AWAIT_REPLY));
	dbt_word_t qc0 = quota_used(qc), t0 = quota_used(test_quota);
	/* answered: its block comes back (the callers have not run since) */
	EXPECT_OK(answer(r[0], 1));
	EXPECT_EQ(quota_used(DBT_ROOT_SLOT_QUOTA) - root0, 2 * REPLY_BYTES);
	EXPECT_EQ(quota_used(qc), qc0);
	EXPECT_EQ(quota_used(test_quota), t0);
	/* deleted unanswered */
	EXPECT_OK(dbt_cap_delete(r[1]));
	EXPECT_EQ(quota_used(DBT_ROOT_SLOT_QUOTA) - root0, REPLY_BYTES);
	EXPECT_EQ(quota_used(qc), qc0);
	/* stale: still charged until deleted */
	EXPECT_OK(dbt_destroy(c[2].thread));
	EXPECT_EQ(quota_used(DBT_ROOT_SLOT_QUOTA) - root0, REPLY_BYTES);
	EXPECT_EQ(answer(r[2], 1), DBT_E_NO_CALLER);
	EXPECT_OK(dbt_cap_delete(r[2]));
	EXPECT_EQ(quota_used(DBT_ROOT_SLOT_QUOTA), root0);
	EXPECT(ktest_join(&c[0], 1000));
	EXPECT(ktest_join(&c[1], 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[1].err, DBT_E_DELETED);
}

/* No room in the saving task's quota: DBT_E_NO_QUOTA, and the reply right
 * stays with the thread. */
KTEST(reply, save_no_quota_keeps_right)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0), r = kslot(), filler = kslot();
	dbt_word_t word, used = 0, limit = 0;
	jobs_reset();
	J[0].ep = ep;
	J[0].in = 81;
	EXPECT_OK(start_local(&c, job_call, 0));
	EXPECT_OK(take_call(ep, &word, NULL));
	/* fill the root task's quota to the last byte with one sub-quota */
	dbt_word_t before = kmem();
	EXPECT_OK(dbt_quota_info(DBT_ROOT_SLOT_QUOTA, &used, &limit));
	EXPECT(limit - used > 1024);
	EXPECT_OK(dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_QUOTA, filler, limit - used - 128, 0));
	dbt_word_t full = quota_used(DBT_ROOT_SLOT_QUOTA);
	dbt_word_t err = dbt_reply_save(r);
	dbt_destroy(filler);                    /* first: the kernel needs its quota back */
	EXPECT_EQ(full, limit);
	EXPECT_EQ(err, DBT_E_NO_QUOTA);
	EXPECT(empty(r));
	EXPECT_EQ(quota_used(DBT_ROOT_SLOT_QUOTA), used);
	EXPECT_EQ(kmem(), before);
	EXPECT_EQ(state(&c), DBT_THREAD_AWAIT_REPLY);
	dbt_mr()[0] = 82;
	EXPECT_OK(dbt_reply(DBT_TAG(LABEL, 1, 0)));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(J[0].err);
	EXPECT_EQ(J[0].out, 82);
}

/* ---- kernel-made messages parked the same way ----------------------------- */

/* A foreign-ABI thread: its `syscall` becomes an exception IPC; the answer's
 * rax is the result. */
static void job_foreign(dbt_word_t i)
{
	struct job *j = &J[i];
	dbt_word_t rax = j->in;
	j->flag = 1;
	__asm__ volatile("syscall" : "+a"(rax) :: "rcx", "r11", "memory");
	j->out = rax;
	j->flag = 2;
}

static dbt_word_t start_foreign(struct kchild *c, unsigned i, dbt_slot_t ep, dbt_word_t rax)
{
	J[i].in = rax;
	dbt_word_t err = ktest_local(c, job_foreign, i);
	if (!err)
		err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_EXC, ep, 0).err;
	if (!err)
		err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_FOREIGN, 1, 0).err;
	return err ? err : ktest_start(c);
}

/* Receive a foreign system call: its registers. */
static dbt_word_t take_syscall(dbt_slot_t ep, struct dbt_regs *regs)
{
	dbt_word_t tag, badge;
	dbt_word_t err = dbt_recv(ep, &tag, &badge, T_1S);
	if (err)
		return err;
	if (DBT_TAG_LABEL(tag) != DBT_LABEL_SYSCALL || DBT_TAG_U(tag) != DBT_EXC_WORDS)
		return ~0ull;
	*regs = *(const struct dbt_regs *)dbt_mr();
	return DBT_OK;
}

/* Answer a foreign system call with rax: through r, or (r = 0) the
 * thread's own reply right.  The thread is made native first, for the
 * framework's stop call after its job. */
static dbt_word_t answer_syscall(struct kchild *c, dbt_slot_t r, struct dbt_regs *regs,
                                 dbt_word_t rax)
{
	dbt_word_t err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_FOREIGN, 0, 0).err;
	if (err)
		return err;
	regs->rax = rax;
	*(struct dbt_regs *)dbt_mr() = *regs;
	dbt_word_t tag = DBT_TAG(0, DBT_REGS_WORDS, 0);
	return r ? dbt_reply_cap(r, tag) : dbt_reply(tag);
}

KTEST(reply, foreign_syscalls_answered_out_of_order)
{
	struct kchild f[2];
	struct dbt_regs first, second;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0), r = kslot();
	jobs_reset();
	EXPECT_OK(start_foreign(&f[0], 0, ep, 0xf00));
	EXPECT_OK(start_foreign(&f[1], 1, ep, 0xf01));
	EXPECT_OK(take_syscall(ep, &first));
	EXPECT_OK(dbt_reply_save(r));
	EXPECT_OK(take_syscall(ep, &second));
	unsigned a = (unsigned)(first.rax - 0xf00), b = (unsigned)(second.rax - 0xf00);
	EXPECT(a < 2 && b < 2 && a != b);
	/* the second first, through the thread's own right */
	EXPECT_OK(answer_syscall(&f[b], 0, &second, 0x1000 + b));
	EXPECT(ktest_join(&f[b], 1000));
	EXPECT_EQ(J[b].out, 0x1000 + b);
	EXPECT_EQ(state(&f[a]), DBT_THREAD_AWAIT_REPLY);
	EXPECT_EQ(J[a].flag, 1);
	EXPECT_OK(answer_syscall(&f[a], r, &first, 0x1000 + a));
	EXPECT(empty(r));
	EXPECT(ktest_join(&f[a], 1000));
	EXPECT_EQ(J[a].out, 0x1000 + a);
}

/* A parked foreign system call whose thread is stopped: the capability is
 * stale, and the resumed thread makes the system call again. */
KTEST(reply, foreign_parked_stop_restarts)
{
	struct kchild f;
	struct dbt_regs regs, again;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0), r = kslot();
	jobs_reset();
	EXPECT_OK(start_foreign(&f, 0, ep, 0xf10));
	EXPECT_OK(take_syscall(ep, &regs));
	EXPECT_OK(dbt_reply_save(r));
	EXPECT_OK(dbt_thread_ctl(f.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_EQ(answer_syscall(&f, r, &regs, 0xbad), DBT_E_NO_CALLER);
	EXPECT_OK(dbt_thread_ctl(f.thread, DBT_THREAD_SET_FOREIGN, 1, 0).err);
	EXPECT_OK(dbt_thread_ctl(f.thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT_OK(take_syscall(ep, &again));
	EXPECT_EQ(again.rax, 0xf10);
	EXPECT_EQ(again.rip, regs.rip);
	EXPECT_EQ(J[0].flag, 1);
	EXPECT_OK(answer_syscall(&f, 0, &again, 0xf11));
	EXPECT(ktest_join(&f, 1000));
	EXPECT_EQ(J[0].out, 0xf11);
	EXPECT_EQ(answer_syscall(&f, r, &regs, 0xbad), DBT_E_NO_CALLER);
	EXPECT_EQ(J[0].out, 0xf11);
	EXPECT_OK(dbt_cap_delete(r));
}

/* A page fault parked by its pager and resolved later with a map item
 * through the capability. */
KTEST(reply, pagefault_parked_answered_later)
{
	struct kchild c;
	dbt_slot_t pf = kcreate(DBT_OBJ_ENDPOINT, 0, 0), r = kslot();
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_word_t x = MEM_PAGE(9), tag, badge, *mr = dbt_mr();
	*(volatile dbt_word_t *)x = 0xfeed;
	jobs_reset();
	J[0].addr = x;
	J[0].slot2 = CHILD_SLOT_FIRST;          /* the notification, as start_child gives it */
	EXPECT_OK(start_child(&c, job_touch, 0, ntf, DBT_CAP_READ));
	EXPECT(blocked_in(&c, DBT_THREAD_WAITING));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PAGER, pf, 0).err);
	EXPECT_OK(dbt_signal(ntf));
	bool parked = false;
	for (unsigned k = 0; k < 64 && !parked; k++) {
		EXPECT_OK(dbt_recv(pf, &tag, &badge, T_1S));
		EXPECT_EQ(DBT_TAG_LABEL(tag), DBT_LABEL_PAGEFAULT);
		dbt_word_t page = mr[0] & ~0xfffull;
		if (page == x) {
			EXPECT_OK(dbt_reply_save(r));
			parked = true;
		} else {                        /* code or stack: resolve at once */
			mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, page);
			mr[1] = DBT_FPAGE(page, 12, DBT_RWX);
			EXPECT_OK(dbt_reply(DBT_TAG(0, 0, 1)));
		}
	}
	EXPECT(parked);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PAGER, ktest_pager_ep, 0).err);
	ksleep_ms(5);
	EXPECT_EQ(state(&c), DBT_THREAD_AWAIT_REPLY);
	EXPECT_EQ(J[0].flag, 1);
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, x);
	mr[1] = DBT_FPAGE(x, 12, DBT_R);
	EXPECT_OK(dbt_reply_cap(r, DBT_TAG(0, 0, 1)));
	EXPECT(empty(r));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].out, 0xfeed);
}

/* ---- the answer's message --------------------------------------------------- */

/* A typed item that fails in the answer: both sides get the error, the
 * words arrive, and the capability is used up all the same. */
KTEST(reply, transfer_error_uses_up_cap)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	jobs_reset();
	dbt_slot_t r = parked_local(&c, job_call, 0, ep, 91);
	EXPECT(r);
	dbt_word_t *mr = dbt_mr();
	mr[0] = 0x66;
	mr[1] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);
	mr[2] = DBT_CAP_FPAGE(ntf, 0, DBT_CAP_READ);
	EXPECT_EQ(dbt_reply_cap(r, DBT_TAG(1, 1, 1)), DBT_E_NO_WINDOW);
	EXPECT(empty(r));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(J[0].err, DBT_E_NO_WINDOW);
	EXPECT_EQ(J[0].rtag, DBT_TAG(1, 1, 0));
	EXPECT_EQ(J[0].out, 0x66);
}

/* One caller parked while another is served call by call (by the fast path
 * where it is on): the parked one is answered at the end, correctly. */
KTEST(reply, parked_caller_while_others_served)
{
	struct kchild s, a, b;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	jobs_reset();
	J[0].slot2 = CHILD_SLOT_FIRST + 1;
	J[0].count = 50;
	EXPECT_OK(start_child(&s, job_mixed_server, 0, ep, DBT_CAP_READ));
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	J[1].ep = copy_of(ep, DBT_CAP_WRITE, 1);
	J[1].in = 0x600;
	EXPECT_OK(start_local(&a, job_call, 1));
	EXPECT(blocked_in(&a, DBT_THREAD_AWAIT_REPLY));
	EXPECT(blocked_in(&s, DBT_THREAD_RECEIVING));
	J[2].ep = copy_of(ep, DBT_CAP_WRITE, 2);
	J[2].in = 2;
	J[2].count = 50;
	EXPECT_OK(start_local(&b, job_client_loop, 2));
	EXPECT(ktest_join(&b, 3000));
	EXPECT_OK(J[2].err);
	EXPECT_EQ(J[2].err2, 0);
	EXPECT_EQ(J[2].n, 50);
	EXPECT(ktest_join(&a, 1000));
	EXPECT_OK(J[1].err);
	EXPECT_EQ(J[1].out, 0x601);
	EXPECT_EQ(J[0].n, 50);
	EXPECT_OK(J[0].err2);
}
