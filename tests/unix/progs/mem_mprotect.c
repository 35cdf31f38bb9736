/* SPDX-License-Identifier: BSD-2-Clause */
/* mprotect: a write to a read-only page is SIGSEGV with SEGV_ACCERR and
 * si_addr the faulting byte; an unmapped address is SEGV_MAPERR; rights
 * come back; mprotect of part of a mapping splits it. */
#include "t.h"
#include <sys/mman.h>

#define PAGE 4096

static volatile unsigned long low_addr = 16;

int main(void)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		t_die("mmap");
	memset(p, 7, 4 * PAGE);
	T_CHECK(mprotect(p + PAGE, PAGE, PROT_READ));
	T_TRY(SIGSEGV, p[PAGE + 123] = 1);
	printf("write to read-only: faulted %s %s addr ok %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGSEGV, t_si.si_code), t_si.si_addr == p + PAGE + 123 ? "yes" : "no");
	T_YES(p[PAGE + 123] == 7);
	T_TRY(SIGSEGV, p[2 * PAGE] = 1);
	printf("write to the next page: faulted %s\n", t_faulted ? "yes" : "no");
	T_CHECK(mprotect(p + PAGE, PAGE, PROT_READ | PROT_WRITE));
	T_TRY(SIGSEGV, p[PAGE + 123] = 1);
	printf("write after restoring: faulted %s\n", t_faulted ? "yes" : "no");
	T_CHECK(mprotect(p, 4 * PAGE, PROT_NONE));
	T_TRY(SIGSEGV, (void)*(volatile char *)(p + 3 * PAGE + 5));
	printf("read of PROT_NONE: faulted %s %s addr ok %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGSEGV, t_si.si_code), t_si.si_addr == p + 3 * PAGE + 5 ? "yes" : "no");
	T_CHECK(mprotect(p, 4 * PAGE, PROT_WRITE));
	T_TRY(SIGSEGV, (void)*(volatile char *)(p + 5));
	printf("read of PROT_WRITE (x86 reads too): faulted %s value %d\n",
	       t_faulted ? "yes" : "no", p[5]);
	T_CHECK(munmap(p, 4 * PAGE));
	T_TRY(SIGSEGV, *(volatile char *)(p + 10) = 1);
	printf("write to unmapped: faulted %s %s addr ok %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGSEGV, t_si.si_code), t_si.si_addr == p + 10 ? "yes" : "no");
	T_CHECK(mprotect(p, PAGE, PROT_READ));
	T_CHECK(mprotect(p + 1, PAGE, PROT_READ));
	T_CHECK(mprotect(NULL, 0, PROT_READ));
	T_TRY(SIGSEGV, (void)*(volatile int *)low_addr);
	printf("null page: faulted %s %s addr==16 %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGSEGV, t_si.si_code), t_si.si_addr == (void *)16 ? "yes" : "no");
	return 0;
}
