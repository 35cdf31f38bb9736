/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gluecomp - the glue library's tests that need the composer: DMA buffers
 * (iokit_dma_alloc / iokit_dma_free over composer.dma_alloc / dma_free),
 * run as a component of tests/qemu/gluecomp/gluecomp.comp (make glue-comp-test,
 * mk/glue.mk).  Each buffer is checked against the kernel's page tables
 * of this task (dbt_map_info): physically contiguous from the phys the
 * glue reported, read-write, zeroed.  Prints
 * `TEST glue-comp/<name> PASS|FAIL <reason>`, then `SUITE gluecomp DONE`.
 */
#include "urt.h"
#include "urt/testrun.h"
#include "iokit/glue/glue_abi.h"

#define PAGE 4096u
#define CHUNK (256u * 1024)		/* the budget test's buffer size */
#define MAX_CHUNKS 64

#define GC_STR2(x) #x
#define GC_STR(x) GC_STR2(x)
#define CHECK(cond)                                                             \
	do {                                                                    \
		if (!(cond))                                                    \
			return __FILE__ ":" GC_STR(__LINE__) ": " #cond;        \
	} while (0)

/* Every page of d is mapped read-write at d->phys + offset and reads 0. */
static const char *check_buffer(const struct iokit_dma *d)
{
	for (size_t off = 0; off < d->size; off += PAGE) {
		volatile uint64_t *p = (volatile uint64_t *)((uint8_t *)d->va + off);
		dbt_word_t pa = 0, rights = 0;
		for (unsigned i = 0; i < PAGE / 8; i++)
			if (p[i])
				return "a DMA page is not zeroed";
		if (dbt_map_info((dbt_word_t)p, &pa, &rights))
			return "a DMA page is not mapped";
		if (pa != d->phys + off)
			return "the DMA buffer is not physically contiguous from phys";
		if ((rights & (DBT_R | DBT_W)) != (DBT_R | DBT_W))
			return "a DMA page is not read-write";
	}
	return NULL;
}

static const char *gc_dma_contiguous(void)
{
	struct iokit_dma d;
	const char *why;

	CHECK(iokit_dma_alloc(3 * PAGE - 100, &d) == IOKIT_OK);
	CHECK(d.va && d.size == 3 * PAGE && !(d.phys & (PAGE - 1)));
	if ((why = check_buffer(&d)))
		return why;
	memset(d.va, 0xa5, d.size);
	CHECK(((volatile uint8_t *)d.va)[d.size - 1] == 0xa5);
	iokit_dma_free(&d);
	CHECK(!d.va && !d.phys && !d.size);
	return NULL;
}

static const char *gc_dma_sizes(void)
{
	struct iokit_dma one, max;
	const char *why;

	CHECK(iokit_dma_alloc(1, &one) == IOKIT_OK && one.size == PAGE);
	CHECK(iokit_dma_alloc((size_t)DBT_COMP_DMA_MAX_PAGES * PAGE, &max) == IOKIT_OK);
	CHECK(max.size == (size_t)DBT_COMP_DMA_MAX_PAGES * PAGE);
	if ((why = check_buffer(&max)) || (why = check_buffer(&one)))
		return why;
	CHECK(one.phys != max.phys);
	iokit_dma_free(&max);
	iokit_dma_free(&one);
	return NULL;
}

static const char *gc_dma_refusals(void)
{
	struct iokit_dma d = { (void *)1, 1, 1 };

	CHECK(iokit_dma_alloc(0, &d) == IOKIT_EINVAL && !d.va && !d.size);
	CHECK(iokit_dma_alloc((size_t)DBT_COMP_DMA_MAX_PAGES * PAGE + 1, &d) == IOKIT_EINVAL);
	CHECK(iokit_dma_alloc(PAGE, NULL) == IOKIT_EINVAL);
	iokit_dma_free(NULL);
	iokit_dma_free(&d);		/* zeroed: nothing to do */
	return NULL;
}

/* Over the memory budget: IOKIT_ENOMEM; what is freed counts no more. */
static unsigned fill(struct iokit_dma *d, int *last)
{
	unsigned n = 0;

	while (n < MAX_CHUNKS && !(*last = iokit_dma_alloc(CHUNK, &d[n])))
		n++;
	return n;
}

static const char *gc_dma_budget(void)
{
	static struct iokit_dma d[MAX_CHUNKS];
	int last1 = 0, last2 = 0;
	unsigned n1, n2;

	n1 = fill(d, &last1);
	for (unsigned i = 0; i < n1; i++)
		iokit_dma_free(&d[i]);
	n2 = fill(d, &last2);
	for (unsigned i = 0; i < n2; i++)
		iokit_dma_free(&d[i]);
	uprintf("gluecomp: %u then %u buffers of 256 KiB, errors %d %d\n", n1, n2, last1, last2);
	CHECK(n1 > 0 && n1 < MAX_CHUNKS && n1 == n2);
	CHECK(last1 == IOKIT_ENOMEM && last2 == IOKIT_ENOMEM);
	return NULL;
}

static char captured[256];
static size_t captured_len;

static void capture(const char *buf, size_t len)
{
	if (captured_len + len < sizeof(captured)) {
		memcpy(captured + captured_len, buf, len);
		captured_len += len;
		captured[captured_len] = 0;
	}
}

/* Freed: unmapped.  A pointer that is not a buffer's start: logged, kept. */
static const char *gc_dma_free(void)
{
	struct iokit_dma d, inside;
	char want[128];
	void *va;

	CHECK(iokit_dma_alloc(2 * PAGE, &d) == IOKIT_OK);
	memset(d.va, 1, d.size);	/* pages are mapped on first touch */
	CHECK(!dbt_map_info((dbt_word_t)d.va, NULL, NULL));
	inside = (struct iokit_dma){ (uint8_t *)d.va + PAGE, d.phys + PAGE, PAGE };
	captured_len = 0;
	urt_set_output(capture);
	iokit_dma_free(&inside);
	urt_set_output(NULL);
	snfmt(want, sizeof(want), "gluecomp: dma: freeing the buffer at %p: error %d\n",
	      (void *)((uint8_t *)d.va + PAGE), DBT_COMP_E_NO_BUFFER);
	CHECK(!strcmp(captured, want) && !inside.va);
	CHECK(!dbt_map_info((dbt_word_t)d.va + PAGE, NULL, NULL));	/* still there */
	va = d.va;
	iokit_dma_free(&d);
	CHECK(dbt_map_info((dbt_word_t)va, NULL, NULL) == DBT_E_NOT_MAPPED);
	return NULL;
}

static const struct urt_test tests[] = {
	{ "dma_contiguous", gc_dma_contiguous },
	{ "dma_sizes", gc_dma_sizes },
	{ "dma_refusals", gc_dma_refusals },
	{ "dma_budget", gc_dma_budget },
	{ "dma_free", gc_dma_free },
};

int main(const struct dbt_bootinfo *bi)
{
	(void)bi;
	if (!urt_env) {
		uprintf("gluecomp: start me through the composer (make glue-comp-test)\n");
		return 1;
	}
	iokit_glue_set_log_prefix(urt_env->name);
	urt_run_tests("glue-comp", "gluecomp", tests, ARRAY_SIZE(tests));
	return 0;
}
