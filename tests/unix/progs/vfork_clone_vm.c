/* SPDX-License-Identifier: BSD-2-Clause */
/* clone(CLONE_VM) without CLONE_VFORK: parent and child are two processes
 * running at once in one address space.  They meet on a private futex in
 * that memory, see each other's writes, have their own pids, and the
 * child's end (exit_group) leaves the parent's memory alone. */
#include "t.h"
#include <sched.h>
#include <sys/mman.h>

static volatile int word;
static volatile int seen;
static volatile pid_t child_getpid;

static int child_main(void *arg)
{
	(void)arg;
	child_getpid = getpid();
	while (word == 0)
		t_futex((int *)&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
	seen = word * 10;
	syscall(SYS_exit_group, 5);
	return 0;
}

int main(void)
{
	size_t size = 64 * 1024;
	char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pid_t pid = clone(child_main, stack + size, CLONE_VM | SIGCHLD, NULL);
	T_YES(pid > 0);
	/* the parent runs while the child waits on the futex */
	struct timespec d = { 0, 100 * 1000 * 1000 };
	nanosleep(&d, NULL);
	T_YES(child_getpid == pid);
	T_YES(seen == 0);
	word = 4;
	while (t_futex((int *)&word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0) == 0 && seen == 0)
		nanosleep(&d, NULL);
	printf("child: %s\n", t_wait(pid));
	printf("seen: %d\n", seen);
	T_YES(getpid() != pid);
	stack[0] = 1;
	T_YES(stack[0] == 1);
	T_CHECK(munmap(stack, size));
	return 0;
}
