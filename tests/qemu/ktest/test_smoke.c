/* SPDX-License-Identifier: BSD-2-Clause */
/* test_smoke.c - the first tests: the framework itself works. */
#include "ktest.h"

KTEST(smoke, create_endpoint)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t type, rights, badge;
	EXPECT_OK(dbt_cap_info(ep, &type, &rights, &badge));
	EXPECT_EQ(type, DBT_OBJ_ENDPOINT);
	EXPECT_EQ(rights, DBT_CAP_ALL);
	EXPECT_EQ(badge, 0);
}

static volatile dbt_word_t smoke_value;

static void set_value(dbt_word_t v)
{
	smoke_value = v;
}

KTEST(smoke, local_thread_runs)
{
	struct kchild c;
	smoke_value = 0;
	EXPECT_OK(ktest_local(&c, set_value, 42));
	EXPECT_OK(ktest_start(&c));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(smoke_value, 42);
}

KTEST(smoke, child_task_runs)
{
	struct kchild c;
	smoke_value = 0;
	EXPECT_OK(ktest_child(&c, set_value, 7));
	EXPECT_OK(ktest_start(&c));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(smoke_value, 7);
}

static void echo_server(dbt_word_t ep)
{
	dbt_word_t tag, badge, *mr = dbt_mr();
	EXPECT_OK(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER));
	mr[0] = mr[0] + 1;
	mr[1] = badge;
	dbt_reply(DBT_TAG(0, 2, 0));
}

KTEST(smoke, call_reply_cross_space)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t badged = kslot();
	EXPECT_OK(dbt_cap_copy(ep, badged, DBT_CAP_WRITE, 0x55));
	EXPECT_OK(ktest_child(&c, echo_server, CHILD_SLOT_FIRST));
	EXPECT_OK(ktest_give(&c, ep, CHILD_SLOT_FIRST, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	dbt_word_t tag = DBT_TAG(9, 1, 0), *mr = dbt_mr();
	mr[0] = 100;
	EXPECT_OK(dbt_call(badged, &tag, DBT_TIMEOUT_NEVER, 1000000));
	EXPECT_EQ(DBT_TAG_U(tag), 2);
	EXPECT_EQ(mr[0], 101);
	EXPECT_EQ(mr[1], 0x55);
}

/* A server at the caller's priority: the IPC fast path's case (when on). */
static void add_server(dbt_word_t ep)
{
	dbt_word_t tag = 0, badge, *mr = dbt_mr();
	dbt_word_t err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	while (!err) {
		unsigned u = DBT_TAG_U(tag);
		for (unsigned i = 0; i < u; i++)
			mr[i] += i + badge;
		tag = DBT_TAG(DBT_TAG_LABEL(tag) + 1, u, 0);
		err = dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	}
}

KTEST(smoke, call_reply_loop_equal_priority)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t badged = kslot();
	EXPECT_OK(dbt_cap_copy(ep, badged, DBT_CAP_WRITE, 3));
	EXPECT_OK(ktest_child(&c, add_server, CHILD_SLOT_FIRST));
	EXPECT_OK(ktest_give(&c, ep, CHILD_SLOT_FIRST, DBT_CAP_READ));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PRIORITY, 200, 0).err);
	EXPECT_OK(ktest_start(&c));
	dbt_word_t fast0 = dbt_stat(DBT_STAT_FASTPATH), *mr = dbt_mr();
	for (unsigned n = 0; n < 200; n++) {
		unsigned u = n % 9;
		for (unsigned i = 0; i < u; i++)
			mr[i] = n * 100 + i;
		dbt_word_t tag = DBT_TAG(n, u, 0);
		EXPECT_OK(dbt_call(badged, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER));
		EXPECT_EQ(DBT_TAG_LABEL(tag), n + 1);
		EXPECT_EQ(DBT_TAG_U(tag), u);
		for (unsigned i = 0; i < u; i++)
			EXPECT_EQ(mr[i], n * 100 + i + i + 3);
	}
	uprintf("smoke: %lu fast-path IPCs\n", dbt_stat(DBT_STAT_FASTPATH) - fast0);
}

/* The fast path is in use unless the kernel was booted with "nofastpath". */
static bool fastpath_expected(void)
{
	char v[24];
	return !urt_arg("variant", v, sizeof(v));
}

/* A server that reads the CMOS seconds through ports it enabled for itself:
 * every reply switches to a task with an I/O bitmap and back. */
static void cmos_server(dbt_word_t ep)
{
	dbt_word_t tag = 0, badge, *mr = dbt_mr();
	if (dbt_io_enable(CHILD_SLOT_FIRST + 1, DBT_IO_FPAGE(0x70, 1)))
		return;
	dbt_word_t err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	while (!err) {
		uint8_t v;
		io_outb(0x70, 0);
		v = io_inb(0x71);
		mr[0] = v;
		mr[1] = mr[1] + 1;
		tag = DBT_TAG(0, 2, 0);
		err = dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	}
}

KTEST(smoke, fastpath_to_io_task)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_OK(ktest_child(&c, cmos_server, CHILD_SLOT_FIRST));
	EXPECT_OK(ktest_give(&c, ep, CHILD_SLOT_FIRST, DBT_CAP_READ));
	EXPECT_OK(ktest_give(&c, DBT_ROOT_SLOT_IOSPACE, CHILD_SLOT_FIRST + 1, DBT_CAP_ALL));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PRIORITY, 200, 0).err);
	EXPECT_OK(ktest_start(&c));
	dbt_word_t fast0 = dbt_stat(DBT_STAT_FASTPATH), *mr = dbt_mr();
	for (unsigned n = 0; n < 50; n++) {
		dbt_word_t tag = DBT_TAG(0, 2, 0);
		mr[0] = 0xdead;
		mr[1] = n;
		EXPECT_OK(dbt_call(ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER));
		EXPECT(mr[0] <= 0x59 && (mr[0] & 0xf) <= 9);    /* BCD seconds */
		EXPECT_EQ(mr[1], n + 1);
	}
	dbt_word_t fast = dbt_stat(DBT_STAT_FASTPATH) - fast0;
	if (fastpath_expected())
		EXPECT(fast >= 98);     /* the first call finds the server in recv already */
	else
		EXPECT_EQ(fast, 0);
}

/* A server above the caller's priority: calls go fast, and so do the
 * replies (to a lower priority) while no other thread is ready.  The
 * caller is a local thread at the children's priority (150), the server
 * runs at 200. */
static volatile dbt_word_t hp_ep, hp_done_ep, hp_errors, hp_fast;

static void hp_client(dbt_word_t n_calls)
{
	dbt_word_t fast0 = dbt_stat(DBT_STAT_FASTPATH), *mr = dbt_mr();
	for (dbt_word_t n = 0; n < n_calls; n++) {
		mr[0] = n;
		dbt_word_t tag = DBT_TAG(7, 1, 0);
		if (dbt_call(hp_ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER) ||
		    DBT_TAG_LABEL(tag) != 8 || mr[0] != n)      /* + 0 + badge 0 */
			hp_errors++;
	}
	hp_fast = dbt_stat(DBT_STAT_FASTPATH) - fast0;
	dbt_send(hp_done_ep, DBT_TAG(0, 0, 0), DBT_TIMEOUT_NEVER);
}

KTEST(smoke, fastpath_higher_priority_server)
{
	struct kchild srv, cli;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_OK(ktest_child(&srv, add_server, CHILD_SLOT_FIRST));
	EXPECT_OK(ktest_give(&srv, ep, CHILD_SLOT_FIRST, DBT_CAP_READ));
	EXPECT_OK(dbt_thread_ctl(srv.thread, DBT_THREAD_SET_PRIORITY, 200, 0).err);
	EXPECT_OK(ktest_start(&srv));
	hp_ep = ep;
	hp_done_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	hp_errors = 0;
	hp_fast = ~0ul;
	EXPECT_OK(ktest_local(&cli, hp_client, 100));
	EXPECT_OK(ktest_start(&cli));
	/* wait in a receive, not ktest_join's 1 ms polls: this thread, above the
	 * client, waking meanwhile would make a reply go the full path */
	dbt_word_t tag, badge;
	EXPECT_OK(dbt_recv(hp_done_ep, &tag, &badge, 5000000));
	EXPECT(ktest_join(&cli, 5000));
	EXPECT_EQ(hp_errors, 0);
	if (fastpath_expected())
		EXPECT(hp_fast >= 199 && hp_fast <= 200);
	else
		EXPECT_EQ(hp_fast, 0);
}
