/* SPDX-License-Identifier: BSD-2-Clause */
/* lock_flock: flock(2) - shared and exclusive whole-file locks of open file
 * descriptions, LOCK_NB, conversion, sharing across dup and fork, waiting. */
#include "t.h"
#include <sys/file.h>

int main(void)
{
	const char *dir = t_scratch("lock_flock");
	char path[600];
	snprintf(path, sizeof path, "%s/f", dir);
	int a = open(path, O_RDWR | O_CREAT, 0644);
	int b = open(path, O_RDONLY);
	T_CHECK(flock(a, LOCK_SH));
	T_CHECK(flock(b, LOCK_SH | LOCK_NB));
	T_CHECK(flock(b, LOCK_EX | LOCK_NB));          /* a holds it shared */
	T_CHECK(flock(a, LOCK_UN));
	T_CHECK(flock(b, LOCK_EX | LOCK_NB));          /* a conversion of b's own */
	T_CHECK(flock(a, LOCK_SH | LOCK_NB));
	T_CHECK(flock(b, LOCK_SH));                    /* down again */
	T_CHECK(flock(a, LOCK_SH | LOCK_NB));
	T_CHECK(flock(a, LOCK_EX | LOCK_NB));          /* b's shared is in the way... */
	T_CHECK(flock(b, LOCK_EX | LOCK_NB));          /* ...and a lost its own by converting */
	/* flock and fcntl locks do not see each other */
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	T_CHECK(fcntl(a, F_SETLK, &l));
	/* a dup shares the lock; fork too */
	int b2 = dup(b);
	close(b);
	T_CHECK(flock(a, LOCK_SH | LOCK_NB));
	pid_t pid = fork();
	if (pid == 0) {
		int r = flock(b2, LOCK_UN);
		printf("child unlock: %s\n", r == 0 ? "ok" : t_errname(errno));
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	T_CHECK(flock(a, LOCK_SH | LOCK_NB));
	/* waiting: a child holds it exclusively for a moment */
	int sync[2];
	pipe(sync);
	flock(a, LOCK_UN);
	pid = fork();
	if (pid == 0) {
		int c = open(path, O_RDONLY);
		flock(c, LOCK_EX);
		write(sync[1], "x", 1);
		usleep(200000);
		_exit(0);                       /* the lock goes with its last descriptor */
	}
	char c;
	read(sync[0], &c, 1);
	T_CHECK(flock(a, LOCK_SH | LOCK_NB));
	T_CHECK(flock(a, LOCK_SH));             /* waits for the child's exit */
	printf("child: %s\n", t_wait(pid));
	/* the errors */
	T_CHECK(flock(a, 0));
	T_CHECK(flock(a, LOCK_SH | LOCK_EX));
	T_CHECK(flock(a, 32));
	T_CHECK(flock(77, LOCK_SH));
	int p = open(path, O_PATH);
	T_CHECK(flock(p, LOCK_SH));
	t_rmtree(dir);
	return 0;
}
