/* SPDX-License-Identifier: BSD-2-Clause */
/* A MAP_SHARED file mapping inherited by a child: the child's stores are
 * seen by the parent and in the file; a read-only mapping stays
 * read-only in the child. */
#include "t.h"
#include <sys/mman.h>

int main(void)
{
	char buf[16] = { 0 };
	int fd;

	t_scratch("mem_shared_file_fork");
	fd = open("/tmp/mem_shared_file_fork/f", O_CREAT | O_RDWR, 0644);
	if (ftruncate(fd, 4096) != 0)
		t_die("ftruncate");
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	T_YES(p != MAP_FAILED && ro != MAP_FAILED);
	pid_t pid = t_fork();
	if (pid == 0) {
		memcpy(p, "from child", 10);
		T_TRY(SIGSEGV, ro[0] = 'x');
		printf("child: read-only mapping faults on a store: %s %s\n", t_faulted ? "yes" : "no",
		       t_sicode(SIGSEGV, t_si.si_code));
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	printf("parent sees '%.10s', read-only view '%.10s'\n", p, ro);
	T_YES(pread(fd, buf, 10, 0) == 10);
	printf("file holds '%s'\n", buf);
	return 0;
}
