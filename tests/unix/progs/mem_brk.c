/* SPDX-License-Identifier: BSD-2-Clause */
/* brk: growing gives zeroed memory, shrinking takes pages away (a touch
 * faults), growing again gives fresh zero pages; brk(0) and bad requests
 * return the current break. */
#include "t.h"

#define MIB (1024L * 1024)

static long brk_to(long addr)
{
	return syscall(SYS_brk, addr);
}

int main(void)
{
	long start = brk_to(0);
	volatile char *p = (volatile char *)start;
	long i, zero = 1;

	T_YES(start > 0);
	T_YES(brk_to(0) == start);
	T_YES(brk_to(start + MIB) == start + MIB);
	for (i = 0; i < MIB; i++)
		zero &= p[i] == 0;
	T_YES(zero);
	for (i = 0; i < MIB; i += 512)
		p[i] = (char)(i >> 9);
	T_YES(p[MIB - 512] == (char)((MIB - 512) >> 9));
	T_YES(brk_to(start + 4096) == start + 4096);
	T_YES(p[512] == 1);
	T_TRY(SIGSEGV, (void)p[8192]);
	printf("touch above the break faults: %s %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGSEGV, t_si.si_code));
	T_YES(t_si.si_addr == p + 8192);
	T_YES(brk_to(start + 2 * MIB) == start + 2 * MIB);
	T_YES(p[8192] == 0 && p[MIB + 4096] == 0);
	T_YES(p[512] == 1);
	T_YES(brk_to(start - 16 * MIB) == start + 2 * MIB);
	T_YES(brk_to(start + (1L << 46)) == start + 2 * MIB);
	T_YES(brk_to(start) == start);
	T_YES(brk_to(0) == start);
	return 0;
}
