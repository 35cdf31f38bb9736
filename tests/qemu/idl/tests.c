/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests.c - round trips through the generated demo stubs, and hostile
 * requests sent raw to the generated server: each test prints
 * `TEST idl/<name> PASS` or `TEST idl/<name> FAIL <why>`.
 */
#include "idltest.h"

#define RAW_WAIT_US 2000000u
#define SHM_PAGES 2

static unsigned passed, failed;
static dbt_slot_t ntf_root;             /* the notification the server hands out */
static uint8_t *shm;                    /* the client's view of the shared region */

/* Evil server (a root-task thread): answers every call with evil_tag/evil_mr. */
static volatile dbt_word_t evil_tag;
static dbt_word_t evil_mr[DBT_MSG_WORDS];

static void result(const char *name, const char *why, dbt_word_t a, dbt_word_t b)
{
	if (!why) {
		uprintf("TEST idl/%s PASS\n", name);
		passed++;
	} else {
		uprintf("TEST idl/%s FAIL %s (got %lx, expected %lx)\n", name, why, a, b);
		failed++;
	}
}

#define EXPECT_EQ(name, got, want)                                              \
	do {                                                                    \
		dbt_word_t g_ = (dbt_word_t)(got), w_ = (dbt_word_t)(want);     \
		if (g_ != w_) {                                                 \
			result(name, #got, g_, w_);                             \
			return;                                                 \
		}                                                               \
	} while (0)

/* One raw call: tag and mr[0..n) as given; returns the IPC error, *label the reply's. */
static dbt_word_t raw_call(dbt_slot_t ep, dbt_word_t tag, const dbt_word_t *w, unsigned n,
                           dbt_word_t *label)
{
	dbt_word_t *mr = dbt_mr();
	for (unsigned i = 0; i < n; i++)
		mr[i] = w[i];
	dbt_word_t err = dbt_ipc(DBT_SYS_CALL, ep, &tag, DBT_TIMEOUTS(RAW_WAIT_US, RAW_WAIT_US),
	                         mr, 0);
	*label = err ? ~0ull : DBT_TAG_LABEL(tag);
	return err;
}

/* ---- well-formed calls --------------------------------------------------------------- */

static void test_words(dbt_slot_t ep)
{
	dbt_word_t sum = 0, diff = 0;
	EXPECT_EQ("words", demo_add(ep, 50, 8, &sum, &diff), DBT_OK);
	EXPECT_EQ("words", sum, 58);
	EXPECT_EQ("words", diff, 42);
	EXPECT_EQ("words", demo_ping(ep), DBT_OK);
	result("words", NULL, 0, 0);
}

static void test_server_error(dbt_slot_t ep)
{
	EXPECT_EQ("server_error", demo_fail(ep, 0x4242), 0x4242);
	EXPECT_EQ("server_error", demo_fail(ep, 0), DBT_OK);
	EXPECT_EQ("server_error", demo_fail(ep, 0xffffffffffffull), 0xffffffffffffull);
	EXPECT_EQ("server_error", demo_fail(ep, 1ull << 50), DBT_IDL_E_BAD_ERROR);
	EXPECT_EQ("server_error", demo_missing(ep), DBT_IDL_E_NO_METHOD);
	result("server_error", NULL, 0, 0);
}

static void test_cap_in(dbt_slot_t ep)
{
	dbt_word_t type = 0, badge = 0;
	EXPECT_EQ("cap_in", demo_put_cap(ep, ep, &type, &badge), DBT_OK);
	EXPECT_EQ("cap_in", type, DBT_OBJ_ENDPOINT);
	EXPECT_EQ("cap_in", badge, 0x77);       /* the badge of the client's capability */
	EXPECT_EQ("cap_in", demo_put_cap(ep, ntf_root, &type, &badge), DBT_OK);
	EXPECT_EQ("cap_in", type, DBT_OBJ_NOTIFICATION);
	result("cap_in", NULL, 0, 0);
}

static void test_cap_out(dbt_slot_t ep)
{
	dbt_slot_t got = urt_slot_alloc(), want = got;
	dbt_word_t type = 0, bits = 0;
	EXPECT_EQ("cap_out", demo_get_cap(ep, &got), DBT_OK);
	EXPECT_EQ("cap_out", got, want);
	EXPECT_EQ("cap_out", dbt_cap_info(got, &type, NULL, NULL), DBT_OK);
	EXPECT_EQ("cap_out", type, DBT_OBJ_NOTIFICATION);
	EXPECT_EQ("cap_out", dbt_signal(got), DBT_OK);      /* it is the root's notification */
	EXPECT_EQ("cap_out", dbt_wait(ntf_root, &bits, 1000000), DBT_OK);
	EXPECT_EQ("cap_out", bits, 1);
	EXPECT_EQ("cap_out", dbt_utcb()->rcv_cap, 0);       /* the stub closed its window */
	dbt_cap_delete(got);
	result("cap_out", NULL, 0, 0);
}

static void test_caps_both(dbt_slot_t ep)
{
	dbt_slot_t c = urt_slot_alloc(), d = urt_slot_alloc();
	dbt_word_t tc = 0, td = 0, n = 0;
	uint8_t back[16] = { 0 };
	if (d != c + 1) {
		result("caps_both", "slots not consecutive", d, c + 1);
		return;
	}
	EXPECT_EQ("caps_both", demo_swap(ep, ntf_root, ep, &c, &d, "0123456789", 10, back, &n),
	          DBT_OK);
	EXPECT_EQ("caps_both", dbt_cap_info(c, &tc, NULL, NULL), DBT_OK);
	EXPECT_EQ("caps_both", dbt_cap_info(d, &td, NULL, NULL), DBT_OK);
	EXPECT_EQ("caps_both", tc, DBT_OBJ_NOTIFICATION);
	EXPECT_EQ("caps_both", td, DBT_OBJ_ENDPOINT);
	EXPECT_EQ("caps_both", n, 10);
	EXPECT_EQ("caps_both", memcmp(back, "9876543210", 10), 0);
	dbt_cap_delete(c);
	dbt_cap_delete(d);
	result("caps_both", NULL, 0, 0);
}

static void test_bytes(dbt_slot_t ep)
{
	static uint8_t msg[DEMO_ECHO_MSG_MAX + 1], reply[DEMO_ECHO_REPLY_MAX];
	static const unsigned lens[] = { 0, 1, 7, 8, 9, 100, DEMO_ECHO_MSG_MAX };
	for (unsigned i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7 + 1);
	for (unsigned k = 0; k < ARRAY_SIZE(lens); k++) {
		dbt_word_t n = ~0ull;
		memset(reply, 0xee, sizeof(reply));
		EXPECT_EQ("bytes", demo_echo(ep, msg, lens[k], 0x5a, reply, &n), DBT_OK);
		EXPECT_EQ("bytes", n, lens[k]);
		for (unsigned i = 0; i < lens[k]; i++)
			EXPECT_EQ("bytes", reply[i], msg[i] ^ 0x5a);
		if (lens[k] < sizeof(reply))
			EXPECT_EQ("bytes", reply[lens[k]], 0xee);   /* nothing written beyond */
	}
	dbt_word_t n = 12345;
	EXPECT_EQ("bytes", demo_echo(ep, msg, DEMO_ECHO_MSG_MAX + 1, 0, reply, &n), DBT_IDL_E_RANGE);
	EXPECT_EQ("bytes", n, 12345);
	result("bytes", NULL, 0, 0);
}

static void test_shm(dbt_slot_t ep)
{
	dbt_word_t size = SHM_PAGES * 4096, sum = 0, want = 0, len = 0;
	for (dbt_word_t i = 0; i < size; i++)
		shm[i] = (uint8_t)(i * 13);
	for (dbt_word_t i = 100; i < 100 + 5000; i++)
		want += shm[i];
	EXPECT_EQ("shm_in", demo_shm_sum(ep, 100, 5000, &sum), DBT_OK);
	EXPECT_EQ("shm_in", sum, want);
	EXPECT_EQ("shm_in", demo_shm_sum(ep, size, 0, &sum), DBT_OK);
	EXPECT_EQ("shm_in", sum, 0);
	result("shm_in", NULL, 0, 0);

	EXPECT_EQ("shm_out", demo_shm_fill(ep, 3, 4000, 200, &len), DBT_OK);
	EXPECT_EQ("shm_out", len, 200);
	for (dbt_word_t i = 0; i < 200; i++)
		EXPECT_EQ("shm_out", shm[4000 + i], (uint8_t)(3 + i));
	EXPECT_EQ("shm_out", shm[4200], (uint8_t)(4200 * 13));
	result("shm_out", NULL, 0, 0);

	sum = 777;
	EXPECT_EQ("shm_bounds", demo_shm_sum(ep, size - 8, 16, &sum), DBT_IDL_E_RANGE);
	EXPECT_EQ("shm_bounds", demo_shm_sum(ep, size + 1, 0, &sum), DBT_IDL_E_RANGE);
	EXPECT_EQ("shm_bounds", demo_shm_sum(ep, 8, ~0ull, &sum), DBT_IDL_E_RANGE);
	EXPECT_EQ("shm_bounds", demo_shm_sum(ep, ~0ull, 2, &sum), DBT_IDL_E_RANGE);
	EXPECT_EQ("shm_bounds", demo_shm_fill(ep, 1, size - 1, 2, &len), DBT_IDL_E_RANGE);
	EXPECT_EQ("shm_bounds", sum, 777);
	EXPECT_EQ("shm_bounds", shm[size - 1], (uint8_t)((size - 1) * 13));
	result("shm_bounds", NULL, 0, 0);
}

/* ---- hostile requests, raw ------------------------------------------------------------- */

struct raw_case {
	const char *name;
	dbt_word_t tag;
	unsigned n;
	dbt_word_t w[8];
	dbt_word_t want;                /* reply label */
};

#define L(m) DEMO_LABEL(m)
static const struct raw_case raw_cases[] = {
	{ "raw_no_method", DBT_TAG(L(77), 0, 0), 0, { 0 }, DBT_IDL_E_NO_METHOD },
	{ "raw_other_iface", DBT_TAG(1ull << 16 | DEMO_PING, 0, 0), 0, { 0 }, DBT_IDL_E_NO_METHOD },
	{ "raw_words_short", DBT_TAG(L(DEMO_ADD), 1, 0), 1, { 1 }, DBT_IDL_E_BAD_REQUEST },
	{ "raw_words_long", DBT_TAG(L(DEMO_ADD), 3, 0), 3, { 1, 2, 3 }, DBT_IDL_E_BAD_REQUEST },
	{ "raw_ping_words", DBT_TAG(L(DEMO_PING), 2, 0), 2, { 1, 2 }, DBT_IDL_E_BAD_REQUEST },
	{ "raw_bytes_over", DBT_TAG(L(DEMO_ECHO), 2, 0), 2, { 0, 1000 }, DBT_IDL_E_RANGE },
	{ "raw_bytes_huge", DBT_TAG(L(DEMO_ECHO), 2, 0), 2, { 0, ~0ull }, DBT_IDL_E_RANGE },
	{ "raw_bytes_cut", DBT_TAG(L(DEMO_ECHO), 3, 0), 3, { 0, 100, 1 }, DBT_IDL_E_BAD_REQUEST },
	{ "raw_bytes_extra", DBT_TAG(L(DEMO_ECHO), 4, 0), 4, { 0, 8, 1, 2 }, DBT_IDL_E_BAD_REQUEST },
	{ "raw_bytes_no_len", DBT_TAG(L(DEMO_ECHO), 1, 0), 1, { 0 }, DBT_IDL_E_BAD_REQUEST },
	{ "raw_cap_missing", DBT_TAG(L(DEMO_PUT_CAP), 0, 0), 0, { 0 }, DBT_IDL_E_BAD_REQUEST },
	{ "raw_cap_as_word", DBT_TAG(L(DEMO_PUT_CAP), 2, 0), 2, { 0x21, 0x2000 },
	  DBT_IDL_E_BAD_REQUEST },
	{ "raw_shm_wrap", DBT_TAG(L(DEMO_SHM_SUM), 2, 0), 2, { 16, ~0ull - 8 }, DBT_IDL_E_RANGE },
};

static void test_raw(dbt_slot_t ep)
{
	for (unsigned i = 0; i < ARRAY_SIZE(raw_cases); i++) {
		const struct raw_case *c = &raw_cases[i];
		dbt_word_t label;
		dbt_word_t err = raw_call(ep, c->tag, c->w, c->n, &label);
		if (err)
			result(c->name, "IPC error", err, 0);
		else
			result(c->name, label == c->want ? NULL : "reply label", label, c->want);
	}
}

/* Malformed requests carrying capabilities: each is refused and its cap dropped,
 * so the server's 8-slot window never fills up. */
static void test_raw_caps(dbt_slot_t ep)
{
	dbt_word_t label, type, badge;
	for (unsigned i = 0; i < 12; i++) {
		dbt_word_t w[3] = { 99, DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0),
		                    DBT_CAP_FPAGE(ntf_root, 0, DBT_CAP_ALL) };
		dbt_word_t err = raw_call(ep, DBT_TAG(L(DEMO_PUT_CAP), 1, 1), w, 3, &label);
		EXPECT_EQ("raw_caps_dropped", err, DBT_OK);
		EXPECT_EQ("raw_caps_dropped", label, DBT_IDL_E_BAD_REQUEST);
		err = raw_call(ep, DBT_TAG(L(DEMO_ADD), 0, 1), w + 1, 2, &label);
		EXPECT_EQ("raw_caps_dropped", err, DBT_OK);
		EXPECT_EQ("raw_caps_dropped", label, DBT_IDL_E_BAD_REQUEST);
		err = raw_call(ep, DBT_TAG(L(300), 0, 1), w + 1, 2, &label);
		EXPECT_EQ("raw_caps_dropped", label, DBT_IDL_E_NO_METHOD);
	}
	for (unsigned i = 0; i < 12; i++) {
		EXPECT_EQ("raw_caps_dropped", demo_put_cap(ep, ntf_root, &type, &badge), DBT_OK);
		EXPECT_EQ("raw_caps_dropped", type, DBT_OBJ_NOTIFICATION);
	}
	result("raw_caps_dropped", NULL, 0, 0);
}

/* A memory item where a capability belongs: the server has no memory window. */
static void test_raw_mem_item(dbt_slot_t ep)
{
	dbt_word_t label;
	dbt_word_t w[2] = { DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, 0),
	                    DBT_FPAGE((dbt_word_t)shm, 12, DBT_R) };
	dbt_word_t err = raw_call(ep, DBT_TAG(L(DEMO_PUT_CAP), 0, 1), w, 2, &label);
	EXPECT_EQ("raw_mem_item", err, DBT_E_NO_WINDOW);
	EXPECT_EQ("raw_mem_item", demo_ping(ep), DBT_OK);
	result("raw_mem_item", NULL, 0, 0);
}

/* ---- the client against a hostile server ---------------------------------------------- */

static void evil_loop(dbt_word_t ep)
{
	dbt_word_t tag = 0, badge, *mr = dbt_mr();
	dbt_word_t err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	for (;;) {
		(void)err;
		for (unsigned i = 0; i < DBT_MSG_WORDS; i++)
			mr[i] = evil_mr[i];
		tag = evil_tag;
		err = dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	}
}

static void test_bad_reply(dbt_slot_t evil)
{
	dbt_word_t sum = 1, diff = 2, n = 3, len = 4;
	uint8_t buf[DEMO_ECHO_REPLY_MAX];
	evil_tag = DBT_TAG(0, 1, 0);                    /* add answers one word, not two */
	EXPECT_EQ("bad_reply", demo_add(evil, 1, 2, &sum, &diff), DBT_IDL_E_BAD_REPLY);
	EXPECT_EQ("bad_reply", sum + diff, 3);          /* out parameters untouched */
	evil_tag = DBT_TAG(0, 2, 0);
	evil_mr[0] = DEMO_ECHO_REPLY_MAX + 1;           /* bytes longer than declared */
	EXPECT_EQ("bad_reply", demo_echo(evil, "x", 1, 0, buf, &n), DBT_IDL_E_BAD_REPLY);
	evil_mr[0] = 40;                                /* length beyond the message */
	EXPECT_EQ("bad_reply", demo_echo(evil, "x", 1, 0, buf, &n), DBT_IDL_E_BAD_REPLY);
	EXPECT_EQ("bad_reply", n, 3);
	evil_tag = DBT_TAG(0, 1, 0);
	evil_mr[0] = 4096;                              /* more than the buffer it was given */
	EXPECT_EQ("bad_reply", demo_shm_fill(evil, 0, 0, 100, &len), DBT_IDL_E_BAD_REPLY);
	EXPECT_EQ("bad_reply", len, 4);
	evil_tag = DBT_TAG(0x1234, 0, 0);               /* an error label passes through */
	EXPECT_EQ("bad_reply", demo_ping(evil), 0x1234);
	result("bad_reply", NULL, 0, 0);
}

void run_tests(dbt_slot_t ep, dbt_slot_t raw_ep, dbt_slot_t ntf)
{
	static struct thr evil_thr;
	dbt_slot_t evil = urt_slot_alloc();
	CHECK("create endpoint", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, evil, 0, 0));
	thr_create(&evil_thr, false);
	thr_start(&evil_thr, evil_loop, evil);
	ntf_root = ntf;
	shm = server_region.base;

	test_words(ep);
	test_server_error(ep);
	test_cap_in(ep);
	test_cap_out(ep);
	test_caps_both(ep);
	test_bytes(ep);
	test_shm(ep);
	test_raw(raw_ep);
	test_raw_caps(raw_ep);
	test_raw_mem_item(raw_ep);
	test_bad_reply(evil);
	/* after all of it the server still answers */
	dbt_word_t sum = 0, diff = 0;
	if (demo_add(ep, 2, 2, &sum, &diff) == DBT_OK && sum == 4 && !server_exit_err)
		result("server_survives", NULL, 0, 0);
	else
		result("server_survives", "server gone", server_exit_err, 0);
	uprintf("idltest: %u passed, %u failed\n", passed, failed);
}
