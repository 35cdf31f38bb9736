/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * charstream_srv.c - the cstream interface on a service endpoint
 * (charstream.h: charstream_serve, charstream_services_start): the IDL
 * operations, which add the service's grant to the caller's badge and
 * call the stream operations in charstream.c, and the receiving threads.
 *
 * Several threads receive on one endpoint, so a client blocked in read
 * does not hold up the others' calls.
 */
#include "urt.h"
#include "charstream.h"
#include "cstream.h"

#define CS_SERVICE_THREADS 3

struct cs_service {
	dbt_slot_t ep;
	char grant[32];
};

static dbt_word_t op_open(void *ctx, dbt_word_t badge, const void *name, dbt_word_t name_len,
                          dbt_word_t *handle, dbt_word_t *flags)
{
	const struct cs_service *svc = ctx;
	char buf[CSTREAM_NAME_MAX + 1];
	memcpy(buf, name, name_len);    /* name_len <= CSTREAM_NAME_MAX: the stub checked */
	buf[name_len] = 0;
	return charstream_open(svc->grant, badge, buf, handle, flags);
}

static dbt_word_t op_read(void *ctx, dbt_word_t badge, dbt_word_t handle, dbt_word_t max,
                          dbt_word_t timeout_us, void *data, dbt_word_t *data_len)
{
	(void)ctx;
	size_t n = 0;
	unsigned err = charstream_read(badge, handle, max, timeout_us, data, &n);
	*data_len = n;
	return err;
}

static dbt_word_t op_write(void *ctx, dbt_word_t badge, dbt_word_t handle, const void *data,
                           dbt_word_t data_len, dbt_word_t *written)
{
	(void)ctx;
	size_t n = 0;
	unsigned err = charstream_write(badge, handle, data, data_len, &n);
	*written = n;
	return err;
}

static dbt_word_t op_status(void *ctx, dbt_word_t badge, dbt_word_t handle, dbt_word_t *rx,
                            dbt_word_t *tx, dbt_word_t *overruns, dbt_word_t *errors,
                            dbt_word_t *dropped)
{
	(void)ctx;
	struct charstream_status st;
	unsigned err = charstream_stat(badge, handle, &st);
	if (!err) {
		*rx = st.rx;
		*tx = st.tx;
		*overruns = st.overruns;
		*errors = st.errors;
		*dropped = st.dropped;
	}
	return err;
}

static dbt_word_t op_close(void *ctx, dbt_word_t badge, dbt_word_t handle)
{
	(void)ctx;
	return charstream_close(badge, handle);
}

static const struct cstream_ops cs_ops = {
	.open = op_open, .read = op_read, .write = op_write,
	.status = op_status, .close = op_close,
};

static void *serve_thread(void *arg)
{
	struct cs_service *svc = arg;
	cstream_serve(&cs_ops, svc, svc->ep);
	uprintf("charstream: service '%s': its endpoint failed\n", svc->grant);
	return NULL;
}

int charstream_serve(dbt_slot_t ep, const char *grant, unsigned threads)
{
	if (!ep || !grant || !grant[0] || strlen(grant) >= 32 || threads < 1 || threads > 4)
		return URT_EINVAL;
	/* Lives as long as its threads, which serve for ever. */
	struct cs_service *svc = calloc(1, sizeof(*svc));
	if (!svc)
		return URT_ENOMEM;
	svc->ep = ep;
	strlcpy(svc->grant, grant, sizeof(svc->grant));
	for (unsigned i = 0; i < threads; i++) {
		urt_thread_t *t;
		int err = urt_thread_create(&t, serve_thread, svc, URT_PRIO_INHERIT);
		if (err)
			return i ? 0 : err;     /* fewer threads still serve */
	}
	return 0;
}

/* One `SERVICE[:GRANT]` item of the cstream= argument. */
static bool start_item(char *item)
{
	char *colon = strchr(item, ':');
	const char *grant = item;
	if (colon) {
		*colon = 0;
		grant = colon + 1;
	}
	const struct dbt_env_entry *e = urt_env_find(item);
	if (!e || e->kind != DBT_ENV_PROVIDES) {
		uprintf("charstream: cstream=%s: not a service this component provides\n", item);
		return false;
	}
	int err = charstream_serve((dbt_slot_t)e->slot, grant, CS_SERVICE_THREADS);
	if (err)
		uprintf("charstream: service %s: cannot start (%d)\n", item, err);
	return !err;
}

unsigned charstream_services_start(void)
{
	static _Atomic bool started;
	char arg[128];
	if (atomic_exchange(&started, true) || !urt_env || !urt_arg("cstream", arg, sizeof(arg)))
		return 0;
	unsigned n = 0;
	char *p = arg;
	while (*p) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = 0;
		n += start_item(p);
		if (!comma)
			break;
		p = comma + 1;
	}
	return n;
}
