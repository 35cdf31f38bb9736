/* SPDX-License-Identifier: BSD-2-Clause */
/* munmap of part of a mapping: a hole in the middle, the first page, the
 * last page; the rest stays with its contents. */
#include "t.h"
#include <sys/mman.h>

#define PAGE 4096

static const char *probe(char *p)
{
	T_TRY(SIGSEGV, (void)*(volatile char *)p);
	if (!t_faulted)
		return *p == 'a' ? "data" : "other";
	return t_si.si_addr == p ? t_sicode(SIGSEGV, t_si.si_code) : "fault elsewhere";
}

int main(void)
{
	char *p = mmap(NULL, 6 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		t_die("mmap");
	memset(p, 'a', 6 * PAGE);
	T_CHECK(munmap(p + 2 * PAGE, 2 * PAGE));
	T_CHECK(munmap(p, PAGE));
	T_CHECK(munmap(p + 5 * PAGE, PAGE));
	for (int i = 0; i < 6; i++)
		printf("page %d: %s\n", i, probe(p + i * PAGE));
	T_CHECK(munmap(p, 6 * PAGE));
	for (int i = 0; i < 6; i++)
		printf("after unmapping all, page %d: %s\n", i, probe(p + i * PAGE));
	T_CHECK(munmap(p + 1, PAGE));
	T_CHECK(munmap(p, 0));
	return 0;
}
