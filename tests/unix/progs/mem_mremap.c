/* SPDX-License-Identifier: BSD-2-Clause */
/* mremap: grow (moving when allowed), shrink in place, move to a fixed
 * address; contents follow; the errors. */
#include "t.h"
#include <sys/mman.h>

#define PAGE 4096

int main(void)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		t_die("mmap");
	for (int i = 0; i < 4 * PAGE; i++)
		p[i] = (char)(i % 251);
	T_CHECK((long)mremap(p, 2 * PAGE, 4 * PAGE, 0));  /* the rest of p is in the way */
	char *q = mremap(p, 4 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
	T_YES(q != MAP_FAILED);
	int same = 1, zero = 1;
	for (int i = 0; i < 4 * PAGE; i++)
		same &= q[i] == (char)(i % 251);
	for (int i = 4 * PAGE; i < 64 * PAGE; i++)
		zero &= q[i] == 0;
	T_YES(same);
	T_YES(zero);
	if (q != p) {
		T_TRY(SIGSEGV, (void)*(volatile char *)p);
		printf("old place unmapped after a move: %s\n", t_faulted ? "yes" : "no");
	} else {
		printf("old place unmapped after a move: yes\n");
	}
	char *r = mremap(q, 64 * PAGE, PAGE, 0);
	T_YES(r == q);
	T_TRY(SIGSEGV, (void)*(volatile char *)(q + PAGE));
	printf("shrunk tail faults: %s\n", t_faulted ? "yes" : "no");
	T_YES(q[100] == 100);

	char *target = mmap(NULL, 8 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *s = mremap(q, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target + 2 * PAGE);
	T_YES(s == target + 2 * PAGE);
	T_YES(s[100] == 100);
	s[0] = 1;  /* keeps its own rights: read-write */
	T_TRY(SIGSEGV, (void)*(volatile char *)q);
	printf("source gone after MREMAP_FIXED: %s\n", t_faulted ? "yes" : "no");
	T_TRY(SIGSEGV, target[0] = 1);
	printf("target's other pages keep PROT_READ: %s\n", t_faulted ? "yes" : "no");

	T_CHECK((long)mremap(q, PAGE, 2 * PAGE, MREMAP_MAYMOVE));
	T_CHECK((long)mremap(s, PAGE, 0, MREMAP_MAYMOVE));
	T_CHECK((long)mremap(s + 1, PAGE, 2 * PAGE, MREMAP_MAYMOVE));
	T_CHECK((long)mremap(s, PAGE, PAGE, MREMAP_FIXED, target));
	T_CHECK((long)mremap(s, PAGE, 2 * PAGE, 0x100));
	return 0;
}
