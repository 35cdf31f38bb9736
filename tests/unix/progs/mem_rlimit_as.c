/* SPDX-License-Identifier: BSD-2-Clause */
/* RLIMIT_AS caps the address space: big mmaps, mallocs and brk growth
 * fail with ENOMEM, small ones still work. */
#include "t.h"
#include <sys/mman.h>
#include <sys/resource.h>

#define MIB (1024L * 1024)

int main(void)
{
	struct rlimit rl = { 64 * MIB, 64 * MIB };

	T_CHECK(setrlimit(RLIMIT_AS, &rl));
	T_CHECK(getrlimit(RLIMIT_AS, &rl));
	printf("RLIMIT_AS %ld MiB / %ld MiB\n", (long)(rl.rlim_cur / MIB), (long)(rl.rlim_max / MIB));
	T_CHECK((long)mmap(NULL, 128 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	errno = 0;
	void *m = malloc(128 * MIB);
	printf("malloc(128 MiB): %s %s\n", m ? "non-null" : "NULL", t_errname(errno));
	long cur = syscall(SYS_brk, 0);
	T_YES(syscall(SYS_brk, cur + 128 * MIB) == cur);
	void *small = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	T_YES(small != MAP_FAILED);
	m = malloc(MIB);
	T_YES(m != NULL);
	rl.rlim_max = 128 * MIB;
	T_CHECK(setrlimit(RLIMIT_AS, &rl));
	setuid(65534);
	rl.rlim_cur = rl.rlim_max = 256 * MIB;
	T_CHECK(setrlimit(RLIMIT_AS, &rl));
	return 0;
}
