/* Bad requests to pseudo-terminals get Linux's errors: bad pointers, bad
 * flags, ioctls a master or slave does not have, a full buffer on either
 * side (short writes, then EAGAIN), an over-long canonical line, many ptys. */
#include "t.h"
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>

int main(void)
{
	int m, s;
	static char big[65536];
	T_CHECK(m = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK));
	T_CHECK(ioctl(m, TIOCGPTN, (void *)8));
	T_CHECK(ioctl(m, TIOCSPTLCK, (void *)8));
	T_CHECK(ioctl(m, TIOCGPTLCK, (void *)8));
	T_CHECK(ioctl(m, TIOCPKT, (void *)8));
	T_CHECK(ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY));      /* still locked */
	T_CHECK(unlockpt(m));
	T_CHECK(ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_APPEND));
	T_CHECK(s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
	T_CHECK(fcntl(s, F_GETFD));
	T_CHECK(ioctl(m, 0x54ff, 0));
	T_CHECK(ioctl(s, 0x54ff, 0));
	T_CHECK(ioctl(s, TIOCSPTLCK, &(int){ 0 }));
	T_CHECK(ioctl(s, TIOCGPTPEER, O_RDWR));
	T_CHECK(ioctl(s, TIOCNOTTY));
	T_CHECK(ioctl(m, TIOCNOTTY));
	T_CHECK(ioctl(s, TIOCGPGRP, &(int){ 0 }));
	T_CHECK(write(m, (void *)8, 10));

	/* the slave writes until the master's side is full */
	memset(big, 'o', sizeof(big));
	ssize_t w = write(s, big, sizeof(big));
	printf("slave write short: %s\n", w > 0 && w < (ssize_t)sizeof(big) ? "yes" : "no");
	T_CHECK(write(s, big, sizeof(big)));
	struct pollfd pf = { s, POLLOUT, 0 };
	printf("slave POLLOUT: %d\n", poll(&pf, 1, 0));
	T_CHECK(tcflush(m, TCIFLUSH));
	char buf[256];
	ssize_t r = read(m, buf, sizeof(buf));
	printf("master read after flush: %s\n", r < 0 ? t_errname(errno) : r > 0 ? "data" : "0");
	while (read(m, buf, sizeof(buf)) > 0)
		;
	/* the master writes an over-long line: a canonical line holds 4095 bytes */
	struct termios t;
	T_CHECK(tcgetattr(s, &t));
	t.c_lflag &= ~(tcflag_t)ECHO;
	T_CHECK(tcsetattr(s, TCSANOW, &t));
	memset(big, 'i', 5000);
	big[5000] = '\n';
	w = write(m, big, 5001);
	printf("master write: %zd\n", w);
	r = read(s, big, sizeof(big));
	printf("slave line: %zd last=%d\n", r, r > 0 ? big[r - 1] : -1);
	T_CHECK(read(s, big, sizeof(big)));
	close(s);
	close(m);

	/* a hundred at once */
	int fds[100], ok = 0;
	for (int i = 0; i < 100; i++)
		if ((fds[i] = posix_openpt(O_RDWR | O_NOCTTY)) >= 0)
			ok++;
	printf("opened %d ptys\n", ok);
	for (int i = 0; i < 100; i++)
		close(fds[i]);
	T_CHECK(access("/dev/pts/50", F_OK));
	return 0;
}
