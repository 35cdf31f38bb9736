/* The two ends going away: before the slave is opened, after it is closed
 * (the master reads what is left, then EIO; poll says POLLHUP), and the
 * master's close hanging up the slave (SIGHUP to the session leader; reads
 * 0, writes and ioctls EIO; the name is gone). */
#include "t.h"
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <termios.h>

static volatile sig_atomic_t hups;

static void on_hup(int sig)
{
	(void)sig;
	hups++;
}

static void show_poll(const char *label, int fd)
{
	struct pollfd pf = { fd, POLLIN | POLLOUT | POLLPRI, 0 };
	int r = poll(&pf, 1, 0);
	printf("%s: %d in=%d out=%d err=%d hup=%d\n", label, r, !!(pf.revents & POLLIN),
	       !!(pf.revents & POLLOUT), !!(pf.revents & POLLERR), !!(pf.revents & POLLHUP));
}

int main(void)
{
	int m, s;
	char buf[64], name[64];
	/* never opened slave */
	T_CHECK(m = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK));
	T_CHECK(unlockpt(m));
	show_poll("master, slave never opened", m);
	T_CHECK(read(m, buf, sizeof(buf)));
	T_CHECK(write(m, "x", 1));
	T_YES(ptsname_r(m, name, sizeof(name)) == 0);
	T_CHECK(s = open(name, O_RDWR | O_NOCTTY));
	struct pollfd echo = { m, POLLIN, 0 };
	T_YES(poll(&echo, 1, 2000) == 1);      /* the echo of x (Linux: after its flip-buffer worker) */
	show_poll("master, slave open", m);
	T_CHECK(write(s, "bye\n", 4));
	T_CHECK(close(s));
	show_poll("master, slave closed", m);
	ssize_t r = read(m, buf, sizeof(buf));
	printf("read left: %zd\n", r);
	T_CHECK(read(m, buf, sizeof(buf)));
	T_CHECK(write(m, "y", 1));
	/* open again: the pair lives on */
	T_CHECK(s = open(name, O_RDWR | O_NOCTTY));
	show_poll("master, slave reopened", m);
	T_CHECK(close(s));
	T_CHECK(close(m));
	T_CHECK(open(name, O_RDWR | O_NOCTTY));

	/* the master's close hangs the slave up */
	pid_t pid = forkpty(&m, name, NULL, NULL);
	if (pid == 0) {
		signal(SIGHUP, on_hup);
		int fd = dup(0);
		printf("ready\n");
		while (!hups)
			pause();
		/* stdout is the hung-up slave: report through the exit status */
		int code = hups == 1 ? 10 : 20;
		if (read(fd, buf, sizeof(buf)) == 0)
			code += 1;
		if (write(fd, "x", 1) < 0 && errno == EIO)
			code += 2;
		struct termios t;
		if (tcgetattr(fd, &t) < 0 && errno == EIO)
			code += 4;
		int pg = getpid();
		if (ioctl(fd, TIOCSPGRP, &pg) < 0 && errno == ENOTTY)
			code += 8;
		if (open("/dev/tty", O_RDWR) < 0 && errno == ENXIO)
			code += 16;
		struct pollfd pf = { fd, POLLIN | POLLOUT, 0 };
		if (poll(&pf, 1, 0) == 1 && (pf.revents & (POLLHUP | POLLERR)) == (POLLHUP | POLLERR))
			code += 32;
		_exit(code);
	}
	struct pollfd pf = { m, POLLIN, 0 };
	T_YES(poll(&pf, 1, 2000) == 1 && read(m, buf, sizeof(buf)) > 0);
	usleep(100000);
	T_CHECK(close(m));
	printf("child: %s\n", t_wait(pid));
	T_CHECK(open(name, O_RDWR | O_NOCTTY));

	/* a leader running its program when the master closes dies of SIGHUP */
	pid = forkpty(&m, NULL, NULL, NULL);
	if (pid == 0) {
		printf("ready\n");
		for (;;)
			;
	}
	pf.fd = m;
	T_YES(poll(&pf, 1, 2000) == 1 && read(m, buf, sizeof(buf)) > 0);
	T_CHECK(close(m));
	printf("busy child: %s\n", t_wait(pid));

	/* a leader's exit: its terminal's foreground group gets SIGHUP */
	int p[2];
	T_CHECK(pipe(p));
	pid = forkpty(&m, NULL, NULL, NULL);
	if (pid == 0) {
		close(p[0]);
		pid_t g = fork();
		if (g == 0) {
			setpgid(0, 0);
			for (;;)
				pause();
		}
		setpgid(g, g);
		tcsetpgrp(0, g);
		close(p[1]);
		printf("ready\n");
		_exit(0);
	}
	close(p[1]);
	printf("leader: %s\n", t_wait(pid));
	printf("foreground group gone: %s\n", read(p[0], buf, 1) == 0 ? "yes" : "no");
	close(p[0]);
	close(m);
	return 0;
}
