/* SPDX-License-Identifier: BSD-2-Clause */
/* vfork shares the parent's memory: what the child writes on the stack,
 * in globals, on the heap and in a mapping it makes is the parent's; the
 * child is a process of its own (pid, parent); the parent waits until the
 * child ends, then sees its status. */
#include "t.h"
#include <sys/mman.h>

static volatile int global = 1;
static volatile pid_t child_pid, child_ppid;
static char *volatile child_map;

int main(void)
{
	volatile int local = 1;
	char *heap = malloc(64);
	strcpy(heap, "parent");
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = vfork();
	if (pid == 0) {
		global = 2;
		local = 3;
		strcpy(heap, "child");
		child_pid = getpid();
		child_ppid = getppid();
		child_map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (child_map != MAP_FAILED)
			strcpy(child_map, "mapped by the child");
		struct timespec d = { 0, 150 * 1000 * 1000 };
		nanosleep(&d, NULL);
		_exit(7);
	}
	T_YES(pid > 0);
	T_YES(t_ms(t0) >= 150);
	T_YES(global == 2);
	T_YES(local == 3);
	printf("heap: %s\n", heap);
	T_YES(child_pid == pid);
	T_YES(child_pid != getpid());
	T_YES(child_ppid == getpid());
	T_YES(child_map != MAP_FAILED);
	printf("map: %s\n", child_map != MAP_FAILED ? child_map : "-");
	printf("child: %s\n", t_wait(pid));
	T_CHECK(munmap(child_map, 4096));
	/* the memory stays the parent's after the child has gone */
	global = 4;
	T_YES(global == 4);
	printf("heap again: %s\n", heap);
	return 0;
}
