/* Callers waiting on a pseudo-terminal when its other end goes: a slave
 * read and a slave write (the master's side full) when the master closes, a
 * master read when the last slave file closes, and a slave read whose
 * descriptor another thread closes.  A read that waits when the hangup comes
 * fails with EIO (a new one would return 0). */
#include "t.h"
#include <pthread.h>
#include <sys/ioctl.h>
#include <termios.h>

static int fd_shared;

static void *reader(void *arg)
{
	char c;
	(void)arg;
	if (read(fd_shared, &c, 1) == 1)
		printf("thread read a byte\n");
	return NULL;
}

int main(void)
{
	int m, s;
	char buf[64];
	static char big[65536];

	/* a slave read, then the master closes */
	T_CHECK(m = posix_openpt(O_RDWR | O_NOCTTY));
	T_CHECK(unlockpt(m));
	T_CHECK(s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY));
	pid_t pid = fork();
	if (pid == 0) {
		close(m);
		ssize_t r = read(s, buf, sizeof(buf));
		_exit(r == 0 ? 0 : r < 0 ? 100 + errno : 50);
	}
	close(s);
	usleep(200000);
	T_CHECK(close(m));
	printf("slave reader: %s\n", t_wait(pid));

	/* a slave write with nobody reading the master, then the master closes */
	T_CHECK(m = posix_openpt(O_RDWR | O_NOCTTY));
	T_CHECK(unlockpt(m));
	T_CHECK(s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY));
	pid = fork();
	if (pid == 0) {
		close(m);
		memset(big, 'w', sizeof(big));
		ssize_t r = write(s, big, sizeof(big));
		_exit(r > 0 && r < (ssize_t)sizeof(big) ? 0 : r < 0 ? 100 + errno : 50);
	}
	close(s);
	usleep(300000);
	T_CHECK(close(m));
	printf("slave writer (partial): %s\n", t_wait(pid));

	/* a master read, then the last slave file closes */
	T_CHECK(m = posix_openpt(O_RDWR | O_NOCTTY));
	T_CHECK(unlockpt(m));
	T_CHECK(s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY));
	pid = fork();
	if (pid == 0) {
		close(m);
		usleep(200000);
		_exit(0);               /* takes its copy of s with it */
	}
	T_CHECK(close(s));
	ssize_t r = read(m, buf, sizeof(buf));
	printf("master read: %zd %s\n", r, r < 0 ? t_errname(errno) : "");
	printf("child: %s\n", t_wait(pid));
	T_CHECK(close(m));

	/* another thread closes the descriptor a read waits on, then the master goes */
	T_CHECK(m = posix_openpt(O_RDWR | O_NOCTTY));
	T_CHECK(unlockpt(m));
	T_CHECK(fd_shared = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY));
	pthread_t th;
	T_YES(pthread_create(&th, NULL, reader, NULL) == 0);
	usleep(200000);
	T_CHECK(close(fd_shared));
	T_CHECK(close(m));
	usleep(200000);
	/* Linux's read keeps its file and fails with EIO at the hangup;
	 * unixd's finds the descriptor closed (EBADF): either way it returns */
	T_YES(pthread_join(th, NULL) == 0);
	return 0;
}
