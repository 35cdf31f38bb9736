/* SPDX-License-Identifier: BSD-2-Clause */
/* File mappings: MAP_SHARED writes reach the file and file writes reach
 * the mapping; MAP_PRIVATE writes stay private; offsets select pages. */
#include "t.h"
#include <sys/mman.h>

#define PAGE 4096

int main(void)
{
	char page[PAGE], buf[8] = { 0 };
	int fd;

	t_scratch("mem_mmap_file");
	fd = open("/tmp/mem_mmap_file/f", O_RDWR | O_CREAT, 0644);
	for (int i = 0; i < 3; i++) {
		memset(page, 'a' + i, PAGE);
		if (write(fd, page, PAGE) != PAGE)
			t_die("write");
	}
	char *s = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *pr = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *off = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 2 * PAGE);
	T_YES(s != MAP_FAILED && pr != MAP_FAILED && off != MAP_FAILED);
	printf("pages: %c %c %c, at offset 2 pages: %c\n", s[0], s[PAGE], s[2 * PAGE], off[0]);
	memcpy(s + 10, "SHARED", 6);
	T_YES(pread(fd, buf, 6, 10) == 6);
	printf("file after a shared store: '%s'\n", buf);
	T_YES(pwrite(fd, "WRITTEN", 7, 2 * PAGE) == 7);
	printf("mappings after a file write: '%.7s' '%.7s'\n", s + 2 * PAGE, off);
	memcpy(pr + PAGE, "PRIVATE", 7);
	T_YES(pread(fd, buf, 7, PAGE) == 7);
	printf("file after a private store: '%.7s'\n", buf);
	printf("shared view of that page: '%.7s'\n", s + PAGE);
	T_CHECK(msync(s, 3 * PAGE, MS_SYNC));
	T_CHECK(munmap(s, 3 * PAGE));
	T_CHECK(munmap(pr, 3 * PAGE));
	close(fd);
	fd = open("/tmp/mem_mmap_file/f", O_RDONLY);
	T_YES(pread(fd, buf, 6, 10) == 6);
	printf("after unmap and reopen: '%s'\n", buf);
	printf("mapping outlives close: '%.7s'\n", off);
	return 0;
}
