/* SPDX-License-Identifier: BSD-2-Clause */
/* mmap_file_size: a mapping longer than its file - the tail of the last
 * page reads zeros and is not written back; pages wholly past the end are
 * SIGBUS until the file grows; truncation takes pages away again. */
#include "t.h"
#include <sys/mman.h>

int main(void)
{
	const char *dir = t_scratch("mmap_file_size");
	char p[600];
	snprintf(p, sizeof p, "%s/f", dir);
	int fd = open(p, O_RDWR | O_CREAT, 0644);
	write(fd, "12345", 5);
	char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	printf("m[4]=%c m[5]=%d m[4095]=%d\n", m[4], m[5], m[4095]);
	m[10] = 'T';                            /* past EOF in the last page */
	struct stat s;
	fstat(fd, &s);
	printf("size stays %ld\n", (long)s.st_size);
	T_TRY(SIGBUS, (void)*(volatile char *)(m + 4096));
	printf("page 1 past the end: %s\n", t_faulted ? "SIGBUS" : "no fault");
	ftruncate(fd, 6000);
	printf("after growing: m[4096]=%d m[10]=%d\n", m[4096], m[10]);
	m[5000] = 'G';
	char c = 0;
	pread(fd, &c, 1, 5000);
	printf("write in the new page reaches the file: %c\n", c);
	T_TRY(SIGBUS, (void)*(volatile char *)(m + 8192));
	printf("page 2 still past the end: %s\n", t_faulted ? "SIGBUS" : "no fault");
	ftruncate(fd, 100);
	T_TRY(SIGBUS, (void)*(volatile char *)(m + 4096));
	printf("after shrinking, page 1: %s\n", t_faulted ? "SIGBUS" : "no fault");
	printf("m[99]=%d m[100]=%d\n", m[99], m[100]);
	ftruncate(fd, 8192);
	printf("grown again, page 1 is zeros: m[5000]=%d\n", m[5000]);
	/* offsets */
	char *o = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 4096);
	printf("at offset 4096: %s\n", o == MAP_FAILED ? t_errname(errno) : "ok");
	T_CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 100) == MAP_FAILED ? -1 : 0);
	T_CHECK(mmap(NULL, 0, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED ? -1 : 0);
	int d = open(dir, O_RDONLY);
	T_CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, d, 0) == MAP_FAILED ? -1 : 0);
	int pf[2];
	pipe(pf);
	T_CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, pf[0], 0) == MAP_FAILED ? -1 : 0);
	T_CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, 99, 0) == MAP_FAILED ? -1 : 0);
	t_rmtree(dir);
	return 0;
}
