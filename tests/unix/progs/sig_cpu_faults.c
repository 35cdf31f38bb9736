/* SPDX-License-Identifier: BSD-2-Clause */
/* Signals from CPU exceptions and their siginfo: integer division by zero
 * and INT_MIN/-1 (SIGFPE FPE_INTDIV), ud2 (SIGILL ILL_ILLOPN at the
 * instruction), int3 (SIGTRAP), hlt in user mode (SIGSEGV), a
 * non-canonical address (SIGSEGV SI_KERNEL). */
#include "t.h"

static volatile int zero = 0, minus_one = -1, int_min = -2147483647 - 1;
extern char ud2_here[], hlt_here[];

int main(void)
{
	volatile int r = 0;

	T_TRY(SIGFPE, r = 10 / zero);
	printf("divide by zero: SIGFPE %s %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGFPE, t_si.si_code));
	T_TRY(SIGFPE, r = int_min / minus_one);
	printf("INT_MIN / -1: SIGFPE %s %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGFPE, t_si.si_code));
	T_TRY(SIGILL, __asm__ volatile("ud2_here: ud2"));
	printf("ud2: SIGILL %s %s at the instruction %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGILL, t_si.si_code), t_si.si_addr == (void *)ud2_here ? "yes" : "no");
	T_TRY(SIGTRAP, __asm__ volatile("int3"));
	printf("int3: SIGTRAP %s %s\n", t_faulted ? "yes" : "no", t_sicode(SIGTRAP, t_si.si_code));
	T_TRY(SIGSEGV, __asm__ volatile("hlt_here: hlt"));
	printf("hlt: SIGSEGV %s %s\n", t_faulted ? "yes" : "no", t_sicode(SIGSEGV, t_si.si_code));
	T_TRY(SIGSEGV, r = *(volatile int *)0x8000000000000000UL);
	printf("non-canonical address: SIGSEGV %s %s addr 0 %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGSEGV, t_si.si_code), t_si.si_addr == NULL ? "yes" : "no");
	T_TRY(SIGSEGV, __asm__ volatile("cli"));
	printf("cli: SIGSEGV %s\n", t_faulted ? "yes" : "no");
	(void)r;
	pid_t pid = t_fork();
	if (pid == 0)
		_exit(10 / zero);
	printf("unhandled divide: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0)
		__asm__ volatile("ud2");
	printf("unhandled ud2: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0)
		__asm__ volatile("int3");
	printf("unhandled int3: %s\n", t_wait(pid));
	return 0;
}
