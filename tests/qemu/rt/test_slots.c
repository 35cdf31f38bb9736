/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_slots.c - the index/slot allocators: exhaustion, reuse, bad frees,
 * concurrent allocation; and the string routines.
 */
#include "rttest.h"

const char *rt_slots_exhaustion(void)
{
	enum { N = 70 };
	static _Atomic uint64_t map[URT_IDSET_WORDS(N)];
	static uint8_t seen[N];
	struct urt_idset s;
	urt_idset_init(&s, 100, N, map);
	for (unsigned i = 0; i < N; i++) {
		uint64_t id = urt_idset_alloc(&s);
		CHECK(id >= 100 && id < 100 + N);
		CHECK(!seen[id - 100]);
		seen[id - 100] = 1;
	}
	CHECK(urt_idset_alloc(&s) == URT_IDSET_NONE);
	CHECK(urt_idset_used(&s) == N);
	CHECK(urt_idset_free(&s, 105) == URT_OK);
	CHECK(urt_idset_free(&s, 169) == URT_OK);
	CHECK(urt_idset_free(&s, 105) == URT_EINVAL);  /* double free */
	CHECK(urt_idset_free(&s, 99) == URT_EINVAL);   /* outside */
	CHECK(urt_idset_free(&s, 170) == URT_EINVAL);
	uint64_t a = urt_idset_alloc(&s), b = urt_idset_alloc(&s);
	CHECK((a == 105 && b == 169) || (a == 169 && b == 105));
	CHECK(urt_idset_alloc(&s) == URT_IDSET_NONE);
	return NULL;
}

#define PER_THREAD 100
static _Atomic uint64_t shared_map[URT_IDSET_WORDS(4 * PER_THREAD)];
static struct urt_idset shared;
static uint64_t got[4][PER_THREAD];

static void *slot_worker(void *arg)
{
	uintptr_t k = (uintptr_t)arg;
	for (unsigned i = 0; i < PER_THREAD; i++) {
		got[k][i] = urt_idset_alloc(&shared);
		if (i % 10 == 0)
			dbt_yield();
	}
	return NULL;
}

const char *rt_slots_threads(void)
{
	static uint8_t seen[4 * PER_THREAD];
	void *args[4] = { (void *)0, (void *)1, (void *)2, (void *)3 };
	urt_idset_init(&shared, 0, 4 * PER_THREAD, shared_map);
	const char *why = rt_run_threads(4, slot_worker, args);
	if (why)
		return why;
	for (unsigned k = 0; k < 4; k++) {
		for (unsigned i = 0; i < PER_THREAD; i++) {
			CHECK(got[k][i] < 4 * PER_THREAD);
			CHECK(!seen[got[k][i]]);        /* no index handed out twice */
			seen[got[k][i]] = 1;
		}
	}
	CHECK(urt_idset_alloc(&shared) == URT_IDSET_NONE);
	return NULL;
}

const char *rt_slot_alloc_reuse(void)
{
	dbt_slot_t a = urt_slot_alloc(), b = urt_slot_alloc();
	CHECK(a >= DBT_ROOT_SLOT_FREE && b >= DBT_ROOT_SLOT_FREE && a != b);
	CHECK(dbt_create(urt_quota_slot, DBT_OBJ_ENDPOINT, a, 0, 0) == DBT_OK);
	CHECK(dbt_cap_delete(a) == DBT_OK);
	urt_slot_free(a);
	CHECK(urt_slot_alloc() == a);           /* lowest free slot again */
	urt_slot_free(a);
	urt_slot_free(b);
	return NULL;
}

const char *rt_strings(void)
{
	char buf[8], *end;
	CHECK(strnlen("abcdef", 3) == 3 && strnlen("ab", 9) == 2);
	const char *h = "hello";
	CHECK(strchr(h, 'l') == h + 2 && strrchr(h, 'l') == h + 3);
	CHECK(strchr(h, 'z') == NULL && strchr(h, 0) == h + 5);
	CHECK(strlcpy(buf, "abcdefghij", sizeof(buf)) == 10 && !strcmp(buf, "abcdefg"));
	strlcpy(buf, "ab", sizeof(buf));
	CHECK(strlcat(buf, "cdefghij", sizeof(buf)) == 10 && !strcmp(buf, "abcdefg"));
	char *d = strdup("copy");
	CHECK(d && !strcmp(d, "copy"));
	free(d);
	CHECK(strtoul("0x1F", &end, 0) == 31 && *end == 0);
	CHECK(strtoul("0755", NULL, 0) == 0755);
	CHECK(strtoul(" 123abc", &end, 10) == 123 && *end == 'a');
	char out[32];
	snfmt(out, sizeof(out), "%s=%lu", "n", 42ul);
	CHECK(!strcmp(out, "n=42"));
	return NULL;
}
