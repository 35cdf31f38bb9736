/* Which session a pseudo-terminal controls: a session leader's open without
 * O_NOCTTY takes it, O_NOCTTY or a non-leader does not, TIOCSCTTY's refusals
 * and root's steal (arg 1), TIOCNOTTY, TIOCSPGRP's errors. */
#include "t.h"
#include <sys/ioctl.h>
#include <stdbool.h>
#include <termios.h>

static char name[64];

/* in a new session: what the slave is to us after open(flags) */
static void probe(const char *label, int flags)
{
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		int s = open(name, O_RDWR | flags);
		int t = open("/dev/tty", O_RDWR);
		const char *what = t >= 0 ? "opens" : t_errname(errno);
		bool fg = tcgetpgrp(s) == getpid();
		printf("%s: /dev/tty %s, tcgetpgrp==pid %s\n", label, what, fg ? "yes" : "no");
		_exit(0);
	}
	t_wait(pid);
}

int main(void)
{
	int m, sid;
	T_CHECK(m = posix_openpt(O_RDWR | O_NOCTTY));
	T_CHECK(unlockpt(m));
	T_YES(ptsname_r(m, name, sizeof(name)) == 0);
	probe("O_NOCTTY", O_NOCTTY);
	probe("plain open", 0);
	T_CHECK(ioctl(m, TIOCGSID, &sid));      /* the session ended with its leader */

	/* a non-leader never takes it */
	pid_t pid = fork();
	if (pid == 0) {
		int s = open(name, O_RDWR);
		T_CHECK(ioctl(s, TIOCSCTTY, 0));
		T_CHECK(open("/dev/tty", O_RDWR));
		_exit(0);
	}
	t_wait(pid);

	/* a leader keeps it; a second session cannot take it, root can steal it */
	int p2c[2], c2p[2];
	char c;
	T_CHECK(pipe(p2c));
	T_CHECK(pipe(c2p));
	pid = fork();
	if (pid == 0) {
		setsid();
		int s = open(name, O_RDWR);
		int pg = getpid();
		T_CHECK(tcsetpgrp(s, pg));
		pg = -5;
		T_CHECK(ioctl(s, TIOCSPGRP, &pg));
		pg = 999999;
		T_CHECK(ioctl(s, TIOCSPGRP, &pg));
		pg = 1;
		T_CHECK(ioctl(s, TIOCSPGRP, &pg));
		T_CHECK(ioctl(s, TIOCSPGRP, (void *)8));
		signal(SIGHUP, SIG_IGN);
		if (write(c2p[1], "r", 1) != 1 || read(p2c[0], &c, 1) != 1)
			_exit(1);
		/* the other session has it now */
		T_CHECK(open("/dev/tty", O_RDWR));
		T_CHECK(tcgetpgrp(s));
		_exit(0);
	}
	T_CHECK(read(c2p[0], &c, 1));
	pid_t thief = fork();
	if (thief == 0) {
		setsid();
		int s = open(name, O_RDWR | O_NOCTTY);
		T_CHECK(ioctl(s, TIOCSCTTY, 0));
		T_CHECK(ioctl(s, TIOCSCTTY, 1));
		T_CHECK(ioctl(s, TIOCSCTTY, 0));
		printf("thief: tcgetpgrp==pid %s\n", tcgetpgrp(s) == getpid() ? "yes" : "no");
		if (write(p2c[1], "g", 1) != 1)
			_exit(1);
		pid_t held = fork();    /* the leader gives it up: its foreground group gets SIGHUP */
		if (held == 0) {
			setpgid(0, 0);
			tcsetpgrp(s, getpid());
			pause();
			_exit(0);
		}
		usleep(100000);
		signal(SIGHUP, SIG_IGN);
		T_CHECK(tcsetpgrp(s, held));
		T_CHECK(ioctl(s, TIOCNOTTY));
		printf("held: %s\n", t_wait(held));
		T_CHECK(ioctl(s, TIOCNOTTY));
		T_CHECK(open("/dev/tty", O_RDWR));
		_exit(0);
	}
	printf("thief: %s\n", t_wait(thief));
	printf("first: %s\n", t_wait(pid));
	T_CHECK(ioctl(m, TIOCGSID, &sid));
	close(m);
	return 0;
}
