/* SPDX-License-Identifier: BSD-2-Clause */
/* Thread callouts (delayed calls). */
#include "gluetest.h"

static _Atomic unsigned fired;
static _Atomic uint64_t fired_at;

static void on_fire(void *arg)
{
	fired_at = iokit_uptime_us();
	fired += 1;
	(void)arg;
}

const char *glue_callout_once(void)
{
	iokit_callout_t *c = iokit_callout_create(on_fire, NULL);
	uint64_t t0;

	CHECK(c);
	fired = 0;
	t0 = iokit_uptime_us();
	CHECK(!iokit_callout_schedule(c, 50000));
	iokit_delay_us(20000);
	CHECK(fired == 0);
	iokit_delay_us(230000);
	CHECK(fired == 1);
	CHECK(fired_at - t0 >= 50000);
	CHECK(fired_at - t0 < 150000);
	CHECK(!iokit_callout_cancel(c));
	iokit_callout_free(c);
	CHECK(!iokit_callout_create(NULL, NULL));
	return NULL;
}

const char *glue_callout_cancel(void)
{
	iokit_callout_t *c = iokit_callout_create(on_fire, NULL);

	CHECK(c);
	fired = 0;
	CHECK(!iokit_callout_schedule(c, 50000));
	CHECK(iokit_callout_cancel(c));
	CHECK(!iokit_callout_cancel(c));
	iokit_delay_us(150000);
	CHECK(fired == 0);
	/* free while pending: never fires */
	CHECK(!iokit_callout_schedule(c, 30000));
	iokit_callout_free(c);
	iokit_delay_us(100000);
	CHECK(fired == 0);
	return NULL;
}

const char *glue_callout_reschedule(void)
{
	iokit_callout_t *c = iokit_callout_create(on_fire, NULL);
	uint64_t t0;

	CHECK(c);
	fired = 0;
	t0 = iokit_uptime_us();
	CHECK(!iokit_callout_schedule(c, 2000000));
	CHECK(iokit_callout_schedule(c, 30000));	/* moved earlier */
	iokit_delay_us(200000);
	CHECK(fired == 1);
	CHECK(fired_at - t0 >= 30000 && fired_at - t0 < 150000);
	/* fires again once re-scheduled after firing */
	CHECK(!iokit_callout_schedule(c, 10000));
	iokit_delay_us(100000);
	CHECK(fired == 2);
	iokit_callout_free(c);
	return NULL;
}
