/* SPDX-License-Identifier: BSD-2-Clause */
/* A raw clone(CLONE_VM|CLONE_THREAD|...): CLONE_PARENT_SETTID stores the
 * tid, CLONE_CHILD_CLEARTID zeroes it and wakes a futex waiter when the
 * thread exits (what pthread_join relies on). */
#include "t.h"
#include <sched.h>

long raw_clone(unsigned long flags, void *stack, int *ptid, int *ctid, unsigned long tls);

/* raw_clone: the child pops the function and its argument from its new
 * stack, calls it, and exits with its result (SYS_exit: this thread only). */
__asm__(".text\n"
	".globl raw_clone\n"
	"raw_clone:\n"
	"	mov %rcx, %r10\n"
	"	mov $56, %eax\n"      /* SYS_clone */
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	xor %ebp, %ebp\n"
	"	pop %rax\n"
	"	pop %rdi\n"
	"	call *%rax\n"
	"	mov %eax, %edi\n"
	"	mov $60, %eax\n"      /* SYS_exit */
	"	syscall\n"
	"	hlt\n"
	"1:	ret\n");

static volatile int child_ran;
static volatile long child_tid;

static int child(void *arg)
{
	child_tid = syscall(SYS_gettid);  /* no error possible: errno untouched */
	child_ran = (int)(long)arg;
	for (volatile int i = 0; i < 1000000; i++)
		;
	return 0;
}

int main(void)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	void **top = (void **)(stack + sizeof stack) - 2;
	int tidword = -1;
	unsigned long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
			      CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;

	top[0] = (void *)child;
	top[1] = (void *)7L;
	long tid = raw_clone(flags, top, &tidword, &tidword, 0);
	T_YES(tid > 0);
	T_YES(tid != getpid());
	int seen = tidword;
	T_YES(seen == tid || seen == 0);
	while ((seen = __atomic_load_n(&tidword, __ATOMIC_SEQ_CST)) != 0)
		t_futex(&tidword, FUTEX_WAIT, seen, NULL, NULL, 0);
	printf("tid word cleared: yes, child ran with %d, its tid matches %s\n", child_ran,
	       child_tid == tid ? "yes" : "no");
	T_CHECK(raw_clone(CLONE_THREAD, top, NULL, NULL, 0));
	T_CHECK(raw_clone(CLONE_SIGHAND, top, NULL, NULL, 0));
	return 0;
}
