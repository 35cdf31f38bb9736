/* SPDX-License-Identifier: BSD-2-Clause */
/* Copy-on-write after fork, both ways: the child's writes are invisible
 * to the parent and the parent's writes to the child, for data, bss, heap
 * and stack. */
#include "t.h"

#define SIZE (256 * 1024)

static char data[SIZE] = { 1 };
static char bss[SIZE];

static int all(const char *p, char c)
{
	for (int i = 0; i < SIZE; i += 4096)
		if (p[i] != c)
			return 0;
	return 1;
}

int main(void)
{
	char *heap = malloc(SIZE);
	char stack[8192];
	int to_child[2], to_parent[2];
	char c;

	if (!heap || pipe(to_child) || pipe(to_parent))
		t_die("setup");
	memset(data, 'd', SIZE);
	memset(bss, 'b', SIZE);
	memset(heap, 'h', SIZE);
	memset(stack, 's', sizeof stack);
	pid_t pid = t_fork();
	if (pid == 0) {
		memset(data, 'D', SIZE);
		memset(heap, 'H', SIZE);
		stack[0] = 'S';
		if (write(to_parent[1], "w", 1) != 1 || read(to_child[0], &c, 1) != 1)
			_exit(1);
		/* the parent has written its own copies meanwhile */
		printf("child sees its own data %s bss %s heap %s stack %s\n",
		       all(data, 'D') ? "yes" : "no", all(bss, 'b') ? "yes" : "no",
		       all(heap, 'H') ? "yes" : "no", stack[0] == 'S' ? "yes" : "no");
		_exit(0);
	}
	if (read(to_parent[0], &c, 1) != 1)
		t_die("read");
	printf("parent sees its own data %s bss %s heap %s stack %s\n",
	       all(data, 'd') ? "yes" : "no", all(bss, 'b') ? "yes" : "no",
	       all(heap, 'h') ? "yes" : "no", stack[0] == 's' ? "yes" : "no");
	memset(bss, 'B', SIZE);
	memset(data, 'x', SIZE);
	if (write(to_child[1], "g", 1) != 1)
		t_die("write");
	printf("child: %s\n", t_wait(pid));
	T_YES(all(bss, 'B') && all(data, 'x') && all(heap, 'h'));
	return 0;
}
