/* SPDX-License-Identifier: BSD-2-Clause */
/* mmap_private_view: a MAP_PRIVATE mapping of a file sees later writes to
 * the file in pages it has not written itself, and stops seeing them in a
 * page once it has; a MAP_SHARED one always sees them. */
#include "t.h"
#include <sys/mman.h>

int main(void)
{
	const char *dir = t_scratch("mmap_private_view");
	char p[600];
	snprintf(p, sizeof p, "%s/f", dir);
	int fd = open(p, O_RDWR | O_CREAT, 0644);
	char page[4096];
	memset(page, 'a', sizeof page);
	write(fd, page, sizeof page);
	memset(page, 'b', sizeof page);
	write(fd, page, sizeof page);
	char *priv = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *shr = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	printf("first bytes: %c %c\n", priv[0], priv[4096]);
	priv[4096] = 'P';                       /* page 1 is the mapping's own now */
	pwrite(fd, "X", 1, 0);
	pwrite(fd, "Y", 1, 4097);
	printf("private sees the write to page 0: %c\n", priv[0]);
	printf("private page 1 is its own: %c %c\n", priv[4096], priv[4097]);
	printf("shared sees both: %c %c\n", shr[0], shr[4097]);
	shr[1] = 'S';
	char c;
	pread(fd, &c, 1, 1);
	printf("a write through the shared mapping is in the file: %c\n", c);
	printf("and in the private one's untouched page: %c\n", priv[1]);
	/* a child after fork shares the parent's private copy until it writes */
	pid_t pid = fork();
	if (pid == 0) {
		printf("child sees P: %c\n", priv[4096]);
		priv[4096] = 'C';
		_exit(0);
	}
	t_wait(pid);
	printf("parent keeps P: %c\n", priv[4096]);
	/* mprotect to read-only, then a write faults */
	mprotect(priv, 8192, PROT_READ);
	T_TRY(SIGSEGV, priv[0] = 'z');
	printf("write to a read-only private mapping faults: %s code=%s\n", t_faulted ? "yes" : "no",
	       t_faulted ? t_sicode(SIGSEGV, t_si.si_code) : "-");
	/* a read-only open cannot be mapped shared and writable */
	int ro = open(p, O_RDONLY);
	printf("shared writable of O_RDONLY: %s\n",
	       mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED ? t_errname(errno) : "ok");
	printf("private writable of O_RDONLY: %s\n",
	       mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0) == MAP_FAILED ? t_errname(errno) : "ok");
	int wo = open(p, O_WRONLY);
	printf("any mapping of O_WRONLY: %s\n",
	       mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, wo, 0) == MAP_FAILED ? t_errname(errno) : "ok");
	t_rmtree(dir);
	return 0;
}
