/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c - the kernel API test suite (root task): runs the tests of the
 * suite named by `suite=` on the boot command line (all when absent),
 * each with a fresh quota and a kernel-memory leak check, then prints
 * `SUITE <name> DONE`.
 */
#include "ktest.h"

extern const struct ktest __start_ktests[], __stop_ktests[];

dbt_slot_t T_QUOTA;
bool ktest_failed;
static const struct ktest *current_test;
static char variant[24];     /* "variant=" boot argument, shown after the suite */

#define TEST_QUOTA_BYTES (4u << 20)

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	if (ktest_failed)
		return;                 /* report the first failure only */
	ktest_failed = true;
	va_start(ap, fmt);
	vsnfmt(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	uprintf("TEST %s%s/%s FAIL %s:%d: %s\n", current_test->suite, variant, current_test->name, file, line,
	        msg);
}

void ktest_framework_init(void);
void ktest_slots_reset(void);

static void run_one(const struct ktest *t)
{
	current_test = t;
	ktest_failed = false;
	dbt_word_t before = dbt_stat(DBT_STAT_KMEM_USED);
	T_QUOTA = kslot();
	dbt_word_t err = dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_QUOTA, T_QUOTA, TEST_QUOTA_BYTES, 0);
	if (err) {
		ktest_fail(__FILE__, __LINE__, "cannot create the test quota: %lu", err);
		return;
	}
	t->fn();
	dbt_destroy(T_QUOTA);
	ktest_slots_reset();
	dbt_word_t after = dbt_stat(DBT_STAT_KMEM_USED);
	if (!ktest_failed && after != before)
		ktest_fail(__FILE__, __LINE__, "kernel memory not reclaimed: %ld bytes",
		           (long)(after - before));
	if (!ktest_failed)
		uprintf("TEST %s%s/%s PASS\n", t->suite, variant, t->name);
}

int main(const struct dbt_bootinfo *bi)
{
	char suite[32];
	(void)bi;
	const char *want = urt_arg("suite", suite, sizeof(suite));
	char v[20];
	if (urt_arg("variant", v, sizeof(v)))
		snfmt(variant, sizeof(variant), "+%s", v);
	ktest_framework_init();
	unsigned n = 0;
	for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++) {
		if (want && strcmp(want, t->suite))
			continue;
		run_one(t);
		n++;
	}
	uprintf("SUITE %s DONE %u tests\n", want ? want : "all", n);
	return 0;
}
