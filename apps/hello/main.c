/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hello - the demo component of the default composition (what `make run`
 * boots): it says what the composer handed it - its name, arguments,
 * memory budget and the names in its environment - proves its heap and a
 * second thread work, and then waits, so the composer's console (type
 * `list`, `caps hello`, `logs hello`...) and the kernel debugger (Ctrl-K
 * twice) can be tried.
 */
#include "urt.h"

static const char *const kinds[] = { "?", "provides", "uses", "irq", "mmio", "ioports" };

static void *worker(void *arg)
{
	uprintf("hello: a second thread says %s\n", (const char *)arg);
	return NULL;
}

int main(const struct dbt_bootinfo *bi)
{
	(void)bi;
	if (!urt_env) {
		uprintf("hello: start me through the composer (make run)\n");
		return 1;
	}
	uprintf("hello: I am '%s' (generation %lu), args '%s'\n", urt_env->name,
	        urt_env->generation, urt_env->args);
	uprintf("hello: heap up to %lu KiB\n", urt_env->heap_max >> 10);
	for (dbt_word_t i = 0; i < urt_env->nentries; i++) {
		const struct dbt_env_entry *e = &urt_env->entry[i];
		uprintf("hello: %s %s (slot %lu)\n", e->kind < 6 ? kinds[e->kind] : "?", e->name, e->slot);
	}
	char *msg = malloc(64);
	if (msg)
		snfmt(msg, 64, "hello from the heap at %p", (void *)msg);
	urt_thread_t *t;
	if (msg && urt_thread_create(&t, worker, msg, URT_PRIO_INHERIT) == URT_OK)
		urt_thread_join(t, NULL);
	free(msg);
	uprintf("hello: type 'help' for the composer's console; Ctrl-K twice for the kernel debugger\n");
	for (;;)
		urt_sleep_us(1000000);
}
