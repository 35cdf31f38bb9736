/* SPDX-License-Identifier: BSD-2-Clause */
/* RLIMIT_FSIZE: a write crossing the limit is cut at it, the next one gets
 * SIGXFSZ (EFBIG when ignored); truncate beyond it too; the default action
 * kills the process. */
#include "t.h"
#include <sys/resource.h>

int main(void)
{
	const char *d = t_scratch("t2_rlimit_fsize");
	char p[300];
	static char buf[3000];

	snprintf(p, sizeof p, "%s/f", d);
	pid_t pid = t_fork();
	if (pid == 0) {
		struct rlimit rl = { 1000, 1000 };
		setrlimit(RLIMIT_FSIZE, &rl);
		signal(SIGXFSZ, SIG_IGN);
		int fd = open(p, O_CREAT | O_RDWR, 0600);
		printf("write 3000: %zd\n", write(fd, buf, sizeof buf));
		T_CHECK(write(fd, buf, 1));
		T_CHECK(pwrite(fd, buf, 10, 995));
		T_CHECK(ftruncate(fd, 2000));
		T_CHECK(ftruncate(fd, 500));
		T_CHECK(ftruncate(fd, 1000));
		lseek(fd, 0, SEEK_SET);
		printf("write at 0: %zd\n", write(fd, buf, 10));
		signal(SIGXFSZ, SIG_DFL);
		lseek(fd, 1000, SEEK_SET);
		write(fd, buf, 1);
		_exit(0);
	}
	printf("child %s\n", t_wait(pid));
	struct stat st;
	stat(p, &st);
	printf("size %ld\n", (long)st.st_size);
	return 0;
}
