/* SPDX-License-Identifier: BSD-2-Clause */
/* lock_posix: classic fcntl record locks - conflicts between processes,
 * F_GETLK's report, splitting and merging, release on any close, the errors. */
#include "t.h"

static int lk(int fd, int cmd, int type, int whence, off_t start, off_t len)
{
	struct flock l = { .l_type = type, .l_whence = whence, .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &l);
}

/* F_GETLK from another process: what it sees at [start, start+len) */
static void probe(const char *path, int type, off_t start, off_t len)
{
	int sync[2];
	pipe(sync);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(path, O_RDWR);
		struct flock l = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
		if (fcntl(fd, F_GETLK, &l) < 0)
			printf("  getlk %s\n", t_errname(errno));
		else if (l.l_type == F_UNLCK)
			printf("  [%ld,+%ld) %s: free\n", (long)start, (long)len, type == F_RDLCK ? "rd" : "wr");
		else
			printf("  [%ld,+%ld) %s: held %s start=%ld len=%ld pid==parent:%s\n",
			       (long)start, (long)len, type == F_RDLCK ? "rd" : "wr",
			       l.l_type == F_RDLCK ? "rd" : "wr", (long)l.l_start, (long)l.l_len,
			       l.l_pid == getppid() ? "yes" : "no");
		_exit(0);
	}
	close(sync[0]);
	close(sync[1]);
	t_wait(pid);
}

int main(void)
{
	const char *dir = t_scratch("lock_posix");
	char path[600];
	snprintf(path, sizeof path, "%s/f", dir);
	int fd = open(path, O_RDWR | O_CREAT, 0644);
	write(fd, "0123456789", 10);

	T_CHECK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	probe(path, F_RDLCK, 5, 1);
	probe(path, F_WRLCK, 10, 5);
	/* unlock the middle: two pieces stay */
	T_CHECK(lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 3, 4));
	probe(path, F_WRLCK, 0, 0);
	probe(path, F_WRLCK, 3, 4);
	probe(path, F_WRLCK, 6, 10);
	/* a read lock over the hole and both sides: one read lock [0,10) merged? */
	T_CHECK(lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 0, 10));
	probe(path, F_RDLCK, 0, 10);
	probe(path, F_WRLCK, 9, 1);
	/* to the end of the file, from SEEK_END with a negative length */
	T_CHECK(lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	T_CHECK(lk(fd, F_SETLK, F_WRLCK, SEEK_END, 0, 0));
	probe(path, F_RDLCK, 1000000, 1);
	T_CHECK(lk(fd, F_SETLK, F_WRLCK, SEEK_END, -2, -3));
	probe(path, F_RDLCK, 0, 0);
	T_CHECK(lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	probe(path, F_WRLCK, 0, 0);

	/* another process's lock is in the way */
	int sync[2], done[2];
	pipe(sync);
	pipe(done);
	pid_t pid = fork();
	if (pid == 0) {
		int cfd = open(path, O_RDWR);
		lk(cfd, F_SETLK, F_RDLCK, SEEK_SET, 0, 5);
		write(sync[1], "x", 1);
		char c;
		read(done[0], &c, 1);
		_exit(0);
	}
	char c;
	read(sync[0], &c, 1);
	T_CHECK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 4, 2));
	T_CHECK(lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 4, 2));
	T_CHECK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 5, 2));
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	T_CHECK(fcntl(fd, F_GETLK, &l));
	T_YES(l.l_type == F_RDLCK && l.l_start == 0 && l.l_len == 5 && l.l_pid == pid);
	write(done[1], "x", 1);
	printf("child: %s\n", t_wait(pid));
	/* its locks went with it */
	T_CHECK(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 0));

	/* closing any descriptor of the file drops the process's locks on it */
	int fd2 = open(path, O_RDONLY);
	close(fd2);
	probe(path, F_WRLCK, 0, 0);

	/* the errors */
	int rd = open(path, O_RDONLY), wr = open(path, O_WRONLY);
	T_CHECK(lk(rd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	T_CHECK(lk(wr, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	T_CHECK(lk(rd, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	T_CHECK(lk(fd, F_SETLK, 7, SEEK_SET, 0, 1));
	T_CHECK(lk(fd, F_SETLK, F_RDLCK, 9, 0, 1));
	T_CHECK(lk(fd, F_SETLK, F_RDLCK, SEEK_SET, -1, 1));
	T_CHECK(lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 5, -6));
	T_CHECK(lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 0x7fffffffffffffffLL, 2));
	T_CHECK(lk(fd, F_GETLK, F_UNLCK, SEEK_SET, 0, 1));
	T_CHECK(fcntl(fd, F_SETLK, (struct flock *)8));
	T_CHECK(lk(99, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	t_rmtree(dir);
	return 0;
}
