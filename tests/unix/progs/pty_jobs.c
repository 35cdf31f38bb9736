/* Job control on a pseudo-terminal: forkpty's child is a session leader
 * with the slave as its controlling terminal (TIOCSCTTY), /dev/tty opens
 * it, ^C ^Z ^\ typed at the master signal the foreground group, and
 * TIOCSWINSZ on the master sends SIGWINCH. */
#include "t.h"
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <termios.h>

static volatile sig_atomic_t winch;

static void on_winch(int sig)
{
	(void)sig;
	winch = 1;
}

static void on_tstp(int sig)
{
	(void)sig;
	if (write(1, "TSTP\n", 5) != 5)
		_exit(9);
}

/* Reads the master until want has been seen (2 s at most); prints it escaped. */
static void expect(int m, const char *label, const char *want)
{
	char buf[512];
	size_t got = 0;
	struct pollfd pf = { m, POLLIN, 0 };
	while (got < sizeof(buf) - 1 && poll(&pf, 1, 2000) == 1) {
		ssize_t n = read(m, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		buf[got] = 0;
		if (strstr(buf, want))
			break;
	}
	printf("%s: \"", label);
	for (size_t i = 0; i < got; i++)
		printf(buf[i] == '\r' ? "\\r" : buf[i] == '\n' ? "\\n" : (unsigned char)buf[i] < 32 ? "^" : "%c", buf[i]);
	printf("\"\n");
}

/* The child on the slave: says what it sees, then waits for signals. */
static void child(void)
{
	char buf[64];
	int pg = -1, sid = -1;
	signal(SIGWINCH, on_winch);
	printf("sid==pid %s\n", getsid(0) == getpid() ? "yes" : "no");
	printf("tcgetpgrp==pid %s\n", tcgetpgrp(0) == getpid() ? "yes" : "no");
	ioctl(0, TIOCGSID, &sid);
	printf("TIOCGSID==pid %s\n", sid == getpid() ? "yes" : "no");
	int fd = open("/dev/tty", O_RDWR);
	printf("/dev/tty %s\n", fd >= 0 ? "opens" : t_errname(errno));
	if (fd >= 0 && write(fd, "via /dev/tty\n", 13) != 13)
		printf("write /dev/tty failed\n");
	close(fd);
	printf("TIOCSCTTY again: %d\n", ioctl(0, TIOCSCTTY, 0));
	ioctl(0, TIOCGPGRP, &pg);
	printf("TIOCGPGRP==pid %s\n", pg == getpid() ? "yes" : "no");
	printf("ready\n");
	while (!winch)
		pause();
	printf("SIGWINCH\n");
	if (read(0, buf, sizeof(buf)) > 0)     /* waits for the ^C */
		printf("read returned\n");
	_exit(3);
}

int main(void)
{
	int m;
	struct winsize ws = { .ws_row = 25, .ws_col = 81 };
	pid_t pid = forkpty(&m, NULL, NULL, &ws);
	if (pid == 0)
		child();
	T_YES(pid > 0);
	expect(m, "child", "ready\r\n");
	int pg = -1, sid = -1;
	T_CHECK(ioctl(m, TIOCGPGRP, &pg));
	T_YES(pg == pid);
	T_CHECK(ioctl(m, TIOCGSID, &sid));
	T_YES(sid == pid);
	/* the parent has no controlling terminal: the slave's calls need one */
	T_CHECK(tcsetpgrp(m, getpgrp()));
	ws.ws_col = 100;
	T_CHECK(ioctl(m, TIOCSWINSZ, &ws));
	expect(m, "child", "SIGWINCH\r\n");
	T_CHECK(write(m, "\003", 1));
	printf("child: %s\n", t_wait(pid));
	expect(m, "after ^C", "^C");

	/* ^Z sends SIGTSTP (caught: the child's group is orphaned, so the
	 * default action would not stop it), ^\ quits */
	pid = forkpty(&m, NULL, NULL, NULL);
	if (pid == 0) {
		signal(SIGTSTP, on_tstp);
		printf("ready\n");
		for (;;)
			pause();
	}
	expect(m, "child", "ready\r\n");
	T_CHECK(write(m, "\032", 1));
	expect(m, "after ^Z", "TSTP\r\n");
	T_CHECK(write(m, "\034", 1));
	printf("child: %s\n", t_wait(pid));
	expect(m, "after ^\\", "^\\");
	close(m);
	return 0;
}
