/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit_test.h - helpers shared by the driver-framework core's host tests:
 * an event log, and test driver classes whose behaviour (probe result and
 * score change, start result, nubs published from start) sits in an
 * extended method table, the way a real subclass adds virtual functions.
 */
#ifndef IOKIT_TEST_H
#define IOKIT_TEST_H

#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "iokit/core/match.h"
#include "iokit/core/mem.h"

/* ---- event log: "probe:A start:A stop:A free:A " ---------------------------- */
static char evlog[2048];

__attribute__((unused)) static void ev(const char *what, const char *who)
{
	size_t n = strlen(evlog);
	snprintf(evlog + n, sizeof(evlog) - n, "%s:%s ", what, who);
}

/* ---- test drivers -------------------------------------------------------------- */
struct tdrv_methods {
	struct io_service_methods base;
	const char *tag;
	int probe_result;
	int probe_delta;        /* added to the score */
	int start_result;
	int nubs;               /* nubs attached and published by start */
	int nub_before_fail;    /* attach a nub even when start fails */
};

__attribute__((unused)) static const struct tdrv_methods *tdrv_m(const struct io_service *s)
{
	return s->obj.cls->methods;
}

__attribute__((unused)) static int tdrv_probe(struct io_service *self, struct io_service *prov, int *score)
{
	(void)prov;
	ev("probe", tdrv_m(self)->tag);
	*score += tdrv_m(self)->probe_delta;
	return tdrv_m(self)->probe_result;
}

__attribute__((unused)) static int tdrv_start(struct io_service *self, struct io_service *prov)
{
	const struct tdrv_methods *m = tdrv_m(self);
	char loc[16];
	(void)prov;
	ev("start", m->tag);
	int n = m->start_result ? m->nub_before_fail : m->nubs;
	for (int i = 0; i < n; i++) {
		snprintf(loc, sizeof(loc), "%d", i);
		struct io_service *nub = io_service_create(&IOService_class, "nub", loc);
		io_service_attach(self, nub);
		io_release(nub);
		if (!m->start_result)
			io_service_register(nub);
	}
	return m->start_result;
}

__attribute__((unused)) static void tdrv_stop(struct io_service *self, struct io_service *prov)
{
	(void)prov;
	ev("stop", tdrv_m(self)->tag);
}

__attribute__((unused)) static void tdrv_finalize(struct io_object *o)
{
	ev("free", tdrv_m((struct io_service *)o)->tag);
}

#define TDRV_METHODS(tag_, pr, pd, sr, nubs_)                                   \
	{ { tdrv_probe, tdrv_start, tdrv_stop }, tag_, pr, pd, sr, nubs_, 0 }

#define TDRV_CLASS(var, name_, methods_)                                        \
	static const struct io_class var = {                                    \
		.name = name_, .super = &IOService_class,                       \
		.size = sizeof(struct io_service), .finalize = tdrv_finalize,   \
		.methods = methods_,                                            \
	}

#endif
