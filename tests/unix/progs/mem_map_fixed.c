/* SPDX-License-Identifier: BSD-2-Clause */
/* MAP_FIXED replaces what was mapped there; MAP_FIXED_NOREPLACE refuses
 * (EEXIST); a free hint address is honoured. */
#include "t.h"
#include <sys/mman.h>

#define PAGE 4096
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

int main(void)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		t_die("mmap");
	memset(p, 'x', 4 * PAGE);
	char *q = mmap(p + PAGE, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	T_YES(q == p + PAGE);
	T_YES(p[PAGE] == 0 && p[PAGE + 4095] == 0);
	T_YES(p[0] == 'x' && p[2 * PAGE] == 'x');

	errno = 0;
	char *r = mmap(p + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	printf("MAP_FIXED_NOREPLACE over a mapping: %s %s\n", r == MAP_FAILED ? "failed" : "mapped",
	       t_errname(errno));
	T_YES(p[2 * PAGE] == 'x');
	T_CHECK(munmap(p + 3 * PAGE, PAGE));
	r = mmap(p + 3 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	T_YES(r == p + 3 * PAGE);
	T_YES(r[0] == 0);
	T_CHECK(munmap(p, 4 * PAGE));
	r = mmap(p + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("free hint honoured: %s\n", r == p + PAGE ? "yes" : "no");
	r = mmap(p + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("MAP_FIXED unaligned: %s %s\n", r == MAP_FAILED ? "failed" : "mapped", t_errname(errno));
	return 0;
}
