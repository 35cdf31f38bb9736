/* SPDX-License-Identifier: BSD-2-Clause */
/* lock_wait: F_SETLKW waits until the lock in its way goes; a cycle of
 * waiting processes is EDEADLK; a signal interrupts the wait. */
#include "t.h"

static int lk(int fd, int cmd, int type, off_t start, off_t len)
{
	struct flock l = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &l);
}

static void on_alarm(int sig) { (void)sig; }

int main(void)
{
	const char *dir = t_scratch("lock_wait");
	char path[600];
	snprintf(path, sizeof path, "%s/f", dir);
	int fd = open(path, O_RDWR | O_CREAT, 0644);
	T_CHECK(lk(fd, F_SETLK, F_WRLCK, 0, 10));

	int sync[2];
	pipe(sync);
	pid_t pid = fork();
	if (pid == 0) {
		int cfd = open(path, O_RDWR);
		write(sync[1], "w", 1);
		int r = lk(cfd, F_SETLKW, F_WRLCK, 5, 1);      /* waits for the parent */
		printf("child setlkw: %s\n", r == 0 ? "ok" : t_errname(errno));
		/* now the child holds [5]; the parent will wait on it and the child on [0] */
		write(sync[1], "g", 1);
		char c;
		read(sync[0], &c, 1);
		r = lk(cfd, F_SETLKW, F_WRLCK, 0, 1);
		printf("child second setlkw: %s\n", r == 0 ? "ok" : t_errname(errno));
		_exit(0);
	}
	char c;
	read(sync[0], &c, 1);
	usleep(100000);                         /* the child is waiting by now */
	T_CHECK(lk(fd, F_SETLK, F_UNLCK, 5, 1));
	read(sync[0], &c, 1);                   /* "g": the child got it */
	T_CHECK(lk(fd, F_SETLK, F_WRLCK, 5, 1)); /* in the child's way: EAGAIN */
	write(sync[1], "go", 1);
	usleep(100000);                         /* the child waits for [0], held by us */
	/* we wait for [5] held by the child, which waits for us: a deadlock */
	T_CHECK(lk(fd, F_SETLKW, F_WRLCK, 5, 1));
	T_CHECK(lk(fd, F_SETLK, F_UNLCK, 0, 0)); /* let the child have [0] */
	printf("child: %s\n", t_wait(pid));

	/* a signal ends a wait with EINTR (no SA_RESTART) */
	pid = fork();
	if (pid == 0) {
		int cfd = open(path, O_RDWR);
		lk(cfd, F_SETLK, F_WRLCK, 0, 0);
		write(sync[1], "h", 1);
		pause();
		_exit(0);
	}
	read(sync[0], &c, 1);
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	T_CHECK(lk(fd, F_SETLKW, F_RDLCK, 0, 0));
	kill(pid, SIGKILL);
	printf("holder: %s\n", t_wait(pid));
	T_CHECK(lk(fd, F_SETLKW, F_RDLCK, 0, 0)); /* free now */
	t_rmtree(dir);
	return 0;
}
