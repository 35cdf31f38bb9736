/* Waiting on pseudo-terminals: poll and select on both ends, a blocking
 * read of the master woken by a child's write to the slave, a blocking
 * slave read woken by the master, TIOCGPTPEER and packet mode. */
#include "t.h"
#include <poll.h>
#include <pty.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <termios.h>

int main(void)
{
	int m, s;
	char buf[64];
	T_CHECK(m = posix_openpt(O_RDWR | O_NOCTTY));
	T_CHECK(unlockpt(m));
	T_CHECK(s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY));
	T_YES(isatty(s));
	struct pollfd pf[2] = { { m, POLLIN, 0 }, { s, POLLIN | POLLOUT, 0 } };
	printf("poll: %d\n", poll(pf, 2, 0));
	printf("master in=%d, slave in=%d out=%d\n", !!(pf[0].revents & POLLIN),
	       !!(pf[1].revents & POLLIN), !!(pf[1].revents & POLLOUT));
	T_CHECK(write(s, "z", 1));
	int r0 = poll(pf, 1, 1000);
	printf("poll: %d master in=%d\n", r0, !!(pf[0].revents & POLLIN));
	T_CHECK(read(m, buf, sizeof(buf)));

	/* select on the slave for a line typed at the master */
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(s, &rd);
	struct timeval tv = { 0, 0 };
	printf("select: %d\n", select(s + 1, &rd, NULL, NULL, &tv));
	T_CHECK(write(m, "partial", 7));
	FD_SET(s, &rd);
	printf("select partial line: %d\n", select(s + 1, &rd, NULL, NULL, &tv));
	T_CHECK(write(m, "\n", 1));
	FD_SET(s, &rd);
	tv.tv_sec = 2;
	printf("select line: %d\n", select(s + 1, &rd, NULL, NULL, &tv));
	T_CHECK(read(s, buf, sizeof(buf)));
	struct termios t;
	T_CHECK(tcgetattr(s, &t));
	t.c_lflag &= ~(tcflag_t)ECHO;
	T_CHECK(tcsetattr(s, TCSANOW, &t));
	while (poll(pf, 1, 100) == 1 && read(m, buf, sizeof(buf)) > 0)
		;

	/* a blocking master read, woken by the child's write */
	pid_t pid = fork();
	if (pid == 0) {
		usleep(200000);
		_exit(write(s, "late\n", 5) == 5 ? 0 : 1);
	}
	ssize_t r = read(m, buf, sizeof(buf));
	printf("master read: %s\n", r >= 1 && buf[0] == 'l' ? "woken" : "?");
	while (r > 0 && buf[r - 1] != '\n')    /* the rest of the line */
		r = read(m, buf, sizeof(buf));
	printf("child: %s\n", t_wait(pid));
	/* a blocking slave read, woken by the parent's line */
	pid = fork();
	if (pid == 0) {
		r = read(s, buf, sizeof(buf));
		_exit(r == 3 && !memcmp(buf, "go\n", 3) ? 0 : 1);
	}
	usleep(200000);
	T_CHECK(write(m, "go\n", 3));
	printf("child: %s\n", t_wait(pid));

	/* packet mode: a status byte before the data */
	int on = 1;
	T_CHECK(ioctl(m, TIOCPKT, &on));
	T_CHECK(write(s, "pk", 2));
	r = read(m, buf, sizeof(buf));
	printf("packet read %zd: %d %.2s\n", r, buf[0], buf + 1);
	T_CHECK(tcflush(s, TCOFLUSH));
	pf[0].events = POLLIN | POLLPRI;
	printf("poll after flush: %d\n", poll(pf, 1, 1000));
	r = read(m, buf, sizeof(buf));
	printf("packet read %zd: %d\n", r, buf[0]);
	on = 0;
	T_CHECK(ioctl(m, TIOCPKT, &on));

	/* epoll on both ends; the slave's close is EPOLLHUP on the master */
	int ep;
	struct epoll_event ev = { .events = EPOLLIN }, got[2];
	T_CHECK(ep = epoll_create1(0));
	ev.data.fd = m;
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, m, &ev));
	ev.data.fd = s;
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	printf("epoll idle: %d\n", epoll_wait(ep, got, 2, 0));
	T_CHECK(write(s, "e", 1));
	int nev = epoll_wait(ep, got, 2, 1000);
	printf("epoll after slave write: %d fd==m %s\n", nev, nev == 1 && got[0].data.fd == m ? "yes" : "no");
	T_CHECK(read(m, buf, sizeof(buf)));
	t.c_lflag &= ~(tcflag_t)ICANON;
	T_CHECK(tcsetattr(s, TCSANOW, &t));
	T_CHECK(write(m, "k", 1));
	nev = epoll_wait(ep, got, 2, 1000);
	printf("epoll after master write: %d fd==s %s\n", nev, nev == 1 && got[0].data.fd == s ? "yes" : "no");
	T_CHECK(read(s, buf, sizeof(buf)));
	T_CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, s, NULL));
	close(s);
	nev = epoll_wait(ep, got, 2, 1000);
	printf("epoll after slave close: %d hup %s\n", nev, nev == 1 && (got[0].events & EPOLLHUP) ? "yes" : "no");
	close(ep);
	close(m);
	return 0;
}
