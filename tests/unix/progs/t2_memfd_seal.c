/* SPDX-License-Identifier: BSD-2-Clause */
/* memfd seals: F_SEAL_SHRINK/GROW refuse size changes (EPERM), F_SEAL_WRITE
 * refuses writes and is EBUSY while a shared writable mapping exists,
 * F_SEAL_SEAL refuses further seals. */
#include "t.h"
#include <sys/mman.h>

int main(void)
{
	int fd = syscall(SYS_memfd_create, "seal", 2U);

	if (fd < 0) {
		printf("memfd_create: errno=%s\n", t_errname(errno));
		return 0;
	}
	ftruncate(fd, 4096);
	T_CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
	T_CHECK(ftruncate(fd, 100));
	T_CHECK(ftruncate(fd, 8192));
	T_CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	T_CHECK(ftruncate(fd, 8192 * 2));
	T_CHECK(ftruncate(fd, 8192));
	T_CHECK(pwrite(fd, "x", 1, 8192));
	T_CHECK(pwrite(fd, "x", 1, 0));
	printf("seals %d\n", fcntl(fd, F_GET_SEALS));
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	T_CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	munmap(m, 4096);
	T_CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	T_CHECK(pwrite(fd, "x", 1, 0));
	T_CHECK(write(fd, "x", 1));
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	T_YES(m == MAP_FAILED);
	m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	T_YES(m != MAP_FAILED);
	T_CHECK(fcntl(fd, F_ADD_SEALS, 0x100));
	T_CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
	T_CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
	T_CHECK(fcntl(fd, F_ADD_SEALS, 0));
	printf("seals %d\n", fcntl(fd, F_GET_SEALS));
	return 0;
}
