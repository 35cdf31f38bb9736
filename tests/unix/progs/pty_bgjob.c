/* A background process and its controlling terminal (a pty): reading gets
 * SIGTTIN (EIO when ignored), changing termios or the foreground group
 * SIGTTOU (allowed when ignored), writing only with TOSTOP. */
#include "t.h"
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <termios.h>

static int report;      /* the test's pipe: the pty carries the session's own output */

/* Runs what in a background group of the session; how it ended, with its
 * exit code saying what the call returned (0 ok, else 100 + errno). */
static void bg(const char *label, int what)
{
	pid_t b = fork();
	if (b == 0) {
		struct termios t;
		char c;
		int r = 0;
		setpgid(0, 0);
		if (what == 1 || what == 4 || what == 6)
			signal(what == 1 ? SIGTTIN : SIGTTOU, SIG_IGN);
		if (what == 0 || what == 1)
			r = (int)read(0, &c, 1);
		else if (what == 2)
			r = (int)write(1, "bg\n", 3);
		else if (what == 3 || what == 4)
			r = tcgetattr(0, &t) ? -1 : tcsetattr(0, TCSANOW, &t);
		else if (what == 5 || what == 6)
			r = tcsetpgrp(0, getpid());
		_exit(r < 0 ? 100 + errno : 0);
	}
	setpgid(b, b);
	int st;
	waitpid(b, &st, WUNTRACED);
	if (WIFSTOPPED(st)) {
		dprintf(report, "%s: stopped by %s\n", label, t_signame(WSTOPSIG(st)));
		kill(b, SIGKILL);
		waitpid(b, &st, 0);
	} else {
		dprintf(report, "%s: exit %d\n", label, WEXITSTATUS(st));
	}
}

int main(void)
{
	int p[2];
	T_CHECK(pipe(p));
	int m;
	pid_t pid = forkpty(&m, NULL, NULL, NULL);
	if (pid == 0) {
		report = p[1];
		close(p[0]);
		struct termios t;
		bg("read", 0);
		bg("read, SIGTTIN ignored", 1);
		bg("write", 2);
		tcgetattr(0, &t);
		t.c_lflag |= TOSTOP;
		tcsetattr(0, TCSANOW, &t);
		bg("write with TOSTOP", 2);
		bg("tcsetattr", 3);
		bg("tcsetattr, SIGTTOU ignored", 4);
		bg("tcsetpgrp", 5);
		bg("tcsetpgrp, SIGTTOU ignored", 6);
		dprintf(report, "foreground is the leader: %s\n", tcgetpgrp(0) == getpid() ? "yes" : "no");
		_exit(0);
	}
	close(p[1]);
	char buf[512];
	ssize_t n;
	while ((n = read(p[0], buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	printf("leader: %s\n", t_wait(pid));
	struct pollfd pf = { m, POLLIN, 0 };
	n = poll(&pf, 1, 100) == 1 ? read(m, buf, sizeof(buf)) : 0;
	printf("master got: %.*s", (int)(n > 0 ? n : 0), buf);
	close(m);
	return 0;
}
