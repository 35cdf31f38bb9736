/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * server.c - the demo interface's server: ops for demo.idl, run by the
 * generated demo_serve() in a thread of its own task.
 *
 * Capabilities received (window C_WINDOW..+7) are consumed by the op that
 * receives them: put_cap deletes its argument; swap hands its two back in
 * the reply and deletes them at the start of the next request.
 */
#include "idltest.h"

struct dbt_idl_region server_region;
volatile dbt_word_t server_exit_err;
static dbt_slot_t pending[2];

static void tidy(void)
{
	for (unsigned i = 0; i < 2; i++)
		if (pending[i]) {
			dbt_cap_delete(pending[i]);
			pending[i] = 0;
		}
}

static dbt_word_t op_ping(void *ctx, dbt_word_t badge)
{
	(void)ctx;
	(void)badge;
	return 0;
}

static dbt_word_t op_add(void *ctx, dbt_word_t badge, dbt_word_t a, dbt_word_t b,
                         dbt_word_t *sum, dbt_word_t *diff)
{
	(void)ctx;
	(void)badge;
	tidy();
	*sum = a + b;
	*diff = a - b;
	return 0;
}

static dbt_word_t op_fail(void *ctx, dbt_word_t badge, dbt_word_t code)
{
	(void)ctx;
	(void)badge;
	return code;
}

static dbt_word_t op_get_cap(void *ctx, dbt_word_t badge, dbt_slot_t *ntf)
{
	(void)ctx;
	(void)badge;
	tidy();
	*ntf = C_NTF;
	return 0;
}

static dbt_word_t op_put_cap(void *ctx, dbt_word_t badge, dbt_slot_t peer, dbt_word_t *type,
                             dbt_word_t *badge_seen)
{
	(void)ctx;
	tidy();
	dbt_word_t err = dbt_cap_info(peer, type, NULL, NULL);
	dbt_cap_delete(peer);
	*badge_seen = badge;
	return err;
}

static dbt_word_t op_echo(void *ctx, dbt_word_t badge, const void *msg, dbt_word_t msg_len,
                          dbt_word_t xor, void *reply, dbt_word_t *reply_len)
{
	const uint8_t *m = msg;
	uint8_t *r = reply;
	(void)ctx;
	(void)badge;
	tidy();
	for (dbt_word_t i = 0; i < msg_len; i++)
		r[i] = m[i] ^ (uint8_t)xor;
	*reply_len = msg_len;
	return 0;
}

static dbt_word_t op_shm_sum(void *ctx, dbt_word_t badge, const void *buf, dbt_word_t len,
                             dbt_word_t *sum)
{
	const uint8_t *b = buf;
	(void)ctx;
	(void)badge;
	*sum = 0;
	for (dbt_word_t i = 0; i < len; i++)
		*sum += b[i];
	return 0;
}

static dbt_word_t op_shm_fill(void *ctx, dbt_word_t badge, dbt_word_t seed, void *buf,
                              dbt_word_t size, dbt_word_t *len)
{
	uint8_t *b = buf;
	(void)ctx;
	(void)badge;
	for (dbt_word_t i = 0; i < size; i++)
		b[i] = (uint8_t)(seed + i);
	*len = size;
	return 0;
}

static dbt_word_t op_swap(void *ctx, dbt_word_t badge, dbt_slot_t a, dbt_slot_t b,
                          dbt_slot_t *c, dbt_slot_t *d, const void *tag8, dbt_word_t tag8_len,
                          void *back, dbt_word_t *back_len)
{
	const uint8_t *t = tag8;
	uint8_t *o = back;
	(void)ctx;
	(void)badge;
	tidy();
	*c = a;
	*d = b;
	pending[0] = a;
	pending[1] = b;
	for (dbt_word_t i = 0; i < tag8_len; i++)
		o[i] = t[tag8_len - 1 - i];
	*back_len = tag8_len;
	return 0;
}

static const struct dbt_idl_region *op_region(void *ctx, dbt_word_t badge)
{
	(void)ctx;
	(void)badge;
	return &server_region;
}

static const struct demo_ops server_ops = {
	.ping = op_ping,
	.add = op_add,
	.fail = op_fail,
	.get_cap = op_get_cap,
	.put_cap = op_put_cap,
	.echo = op_echo,
	.shm_sum = op_shm_sum,
	.shm_fill = op_shm_fill,
	.swap = op_swap,
	.missing = NULL,
	.idl_region = op_region,
};

static void server_main(dbt_word_t unused)
{
	(void)unused;
	dbt_utcb()->rcv_cap = DBT_CAP_FPAGE(C_WINDOW, C_WINDOW_ORDER, 0);
	server_exit_err = demo_serve(&server_ops, NULL, C_EP);
	uprintf("idltest: server: demo_serve returned %lu\n", (dbt_word_t)server_exit_err);
	for (;;)
		dbt_thread_ctl(C_SELF, DBT_THREAD_STOP, 0, 0);
}

void server_start(dbt_slot_t ep, dbt_slot_t ntf)
{
	static struct thr t;
	thr_create(&t, true);
	CHECK("give endpoint", dbt_cap_give(t.task, ep, C_EP, DBT_CAP_READ));
	CHECK("give notification", dbt_cap_give(t.task, ntf, C_NTF, DBT_CAP_ALL));
	thr_start(&t, server_main, 0);
}
