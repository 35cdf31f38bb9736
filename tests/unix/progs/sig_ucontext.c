/* SPDX-License-Identifier: BSD-2-Clause */
/* The handler's ucontext: RIP of a fault is the faulting instruction and
 * of int3 the next one; a handler that advances RIP (or sets a register)
 * resumes there with the change when it returns (rt_sigreturn). */
#include "t.h"
#include <ucontext.h>

extern char fault_insn[], after_fault[], after_int3[];
static volatile int saw_rip_ok;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	(void)si;
	saw_rip_ok = uc->uc_mcontext.gregs[REG_RIP] == (long)fault_insn;
	uc->uc_mcontext.gregs[REG_RIP] = (long)after_fault;
	uc->uc_mcontext.gregs[REG_RAX] = 1234;
}

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	(void)si;
	saw_rip_ok = uc->uc_mcontext.gregs[REG_RIP] == (long)after_int3;
	uc->uc_mcontext.gregs[REG_RBX] = 99;
}

int main(void)
{
	struct sigaction sa;
	long rax = 0, rbx = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	__asm__ volatile("xor %%eax, %%eax\n"
			 "fault_insn: movl $1, 0\n"
			 "mov $5, %%eax\n"
			 "after_fault:\n"
			 : "=a"(rax) : : "memory");
	printf("fault RIP was the instruction %s; resumed past it with rax %ld\n",
	       saw_rip_ok ? "yes" : "no", rax);
	sa.sa_sigaction = on_trap;
	sigaction(SIGTRAP, &sa, NULL);
	__asm__ volatile("mov $1, %%ebx\n"
			 "int3\n"
			 "after_int3:\n"
			 : "=b"(rbx) : : "memory");
	printf("int3 RIP was the next instruction %s; rbx set to %ld\n", saw_rip_ok ? "yes" : "no", rbx);
	sigset_t mask;
	sigprocmask(SIG_BLOCK, NULL, &mask);
	T_YES(!sigismember(&mask, SIGSEGV) && !sigismember(&mask, SIGTRAP));
	return 0;
}
