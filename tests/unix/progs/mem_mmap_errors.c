/* SPDX-License-Identifier: BSD-2-Clause */
/* mmap, munmap and mprotect argument errors. */
#include "t.h"
#include <sys/mman.h>

#define PAGE 4096
#define MMAP(...) t_check("mmap(" #__VA_ARGS__ ")", (long)mmap(__VA_ARGS__))

int main(void)
{
	int rd, wr, dir, fds[2];

	t_scratch("mem_mmap_errors");
	wr = open("/tmp/mem_mmap_errors/f", O_WRONLY | O_CREAT, 0644);
	if (wr < 0 || write(wr, "hello", 5) != 5)
		t_die("file");
	rd = open("/tmp/mem_mmap_errors/f", O_RDONLY);
	dir = open("/tmp", O_RDONLY);
	if (pipe(fds) != 0)
		t_die("pipe");
	MMAP(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MMAP(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0);
	MMAP(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	MMAP((void *)0x100001, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	MMAP(NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0);
	MMAP(NULL, PAGE, PROT_READ, MAP_PRIVATE, 99, 0);
	MMAP(NULL, PAGE, PROT_READ, MAP_PRIVATE, wr, 0);
	MMAP(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, rd, 0);
	MMAP(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, rd, 0);
	MMAP(NULL, PAGE, PROT_READ, MAP_PRIVATE, rd, 1);
	MMAP(NULL, PAGE, PROT_READ, MAP_PRIVATE, dir, 0);
	MMAP(NULL, PAGE, PROT_READ, MAP_PRIVATE, fds[0], 0);
	MMAP(NULL, 1L << 50, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MMAP(NULL, -4096UL, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MMAP((void *)(1UL << 47), PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	T_CHECK(munmap((void *)0x100001, PAGE));
	T_CHECK(munmap((void *)0x100000, 0));
	T_CHECK(munmap((void *)(1UL << 47), PAGE));
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	T_CHECK(mprotect(p + 1, PAGE, PROT_READ));
	T_CHECK(mprotect(p, PAGE, 0x1000));
	T_CHECK(mprotect(p, 2 * PAGE, PROT_READ));
	munmap(p, PAGE);
	T_CHECK(mprotect(p, PAGE, PROT_READ));
	return 0;
}
