/* SPDX-License-Identifier: BSD-2-Clause */
/* A file mapping past the end of the file: the rest of the last page
 * reads zero, a whole page beyond is SIGBUS (BUS_ADRERR, si_addr). */
#include "t.h"
#include <sys/mman.h>

#define PAGE 4096

int main(void)
{
	int fd;

	t_scratch("mem_sigbus");
	fd = open("/tmp/mem_sigbus/f", O_RDWR | O_CREAT, 0644);
	if (fd < 0 || write(fd, "0123456789", 10) != 10)
		t_die("file");
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	T_YES(p != MAP_FAILED);
	T_YES(p[9] == '9' && p[10] == 0 && p[PAGE - 1] == 0);
	T_TRY(SIGBUS, (void)*(volatile char *)(p + PAGE + 8));
	printf("read a page past EOF: SIGBUS %s %s addr ok %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGBUS, t_si.si_code), t_si.si_addr == p + PAGE + 8 ? "yes" : "no");
	T_CHECK(ftruncate(fd, 2 * PAGE));
	T_TRY(SIGBUS, p[PAGE + 8] = 'x');
	printf("after growing the file: SIGBUS %s\n", t_faulted ? "yes" : "no");
	T_CHECK(ftruncate(fd, 0));
	T_TRY(SIGBUS, (void)*(volatile char *)p);
	printf("after truncating to 0: SIGBUS %s %s\n", t_faulted ? "yes" : "no",
	       t_sicode(SIGBUS, t_si.si_code));
	pid_t pid = t_fork();
	if (pid == 0)
		_exit(*(volatile char *)(p + 2 * PAGE));
	printf("unhandled: %s\n", t_wait(pid));
	return 0;
}
