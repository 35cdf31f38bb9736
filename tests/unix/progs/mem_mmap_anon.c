/* SPDX-License-Identifier: BSD-2-Clause */
/* Anonymous private mappings: page aligned, zero filled, writable, a
 * length rounds up to whole pages, gone after munmap. */
#include "t.h"
#include <sys/mman.h>

#define PAGE 4096

int main(void)
{
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int zero = 1;

	T_YES(p != MAP_FAILED);
	T_YES(((unsigned long)p & (PAGE - 1)) == 0);
	for (int i = 0; i < 3 * PAGE; i++)
		zero &= p[i] == 0;
	T_YES(zero);
	memset(p, 0x5a, 3 * PAGE);
	T_YES(p[0] == 0x5a && p[3 * PAGE - 1] == 0x5a);
	T_CHECK(munmap(p, 3 * PAGE));
	T_TRY(SIGSEGV, (void)*(volatile char *)p);
	printf("read after munmap: faulted %s %s addr==p %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGSEGV, t_si.si_code), t_si.si_addr == p ? "yes" : "no");

	char *q = mmap(NULL, 100, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	T_YES(q != MAP_FAILED);
	q[PAGE - 1] = 1;
	T_YES(q[PAGE - 1] == 1);
	T_TRY(SIGSEGV, (void)*(volatile char *)(q + PAGE));
	printf("one page past a 100-byte mapping faults: %s\n", t_faulted ? "yes" : "no");
	T_CHECK(munmap(q, 100));
	T_CHECK(munmap(q, PAGE));  /* unmapping nothing is fine */

	char *r = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	T_YES(r != MAP_FAILED && r[10] == 0);
	T_TRY(SIGSEGV, *(volatile char *)r = 1);
	printf("write to a PROT_READ page: faulted %s %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGSEGV, t_si.si_code));
	return 0;
}
