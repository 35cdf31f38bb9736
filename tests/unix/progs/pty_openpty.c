/* openpty and forkpty as programs use them: settings and size given to
 * openpty, a shell on the slave (stty reads them back, its output and our
 * input go through the line discipline), and the exit seen as end of data
 * on the master. */
#include "t.h"
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <termios.h>

/* What the master reads until want (NULL: until EIO or EOF), or 3 s of
 * silence, escaped. */
static void slurp(int m, const char *want)
{
	char buf[512];
	size_t got = 0;
	ssize_t n = 0;
	struct pollfd pf = { m, POLLIN, 0 };
	while (got < sizeof(buf) - 1 && poll(&pf, 1, 3000) == 1) {
		n = read(m, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		buf[got] = 0;
		if (want && strstr(buf, want))
			break;
	}
	printf("master: \"");
	for (size_t i = 0; i < got; i++)
		printf(buf[i] == '\r' ? "\\r" : buf[i] == '\n' ? "\\n" : "%c", buf[i]);
	printf("\" then %s\n", n < 0 ? t_errname(errno) : n == 0 ? "EOF" : "more");
}

int main(void)
{
	int m, s;
	char name[64];
	struct termios t;
	struct winsize ws = { .ws_row = 33, .ws_col = 77 };
	memset(&t, 0, sizeof(t));
	T_CHECK(openpty(&m, &s, name, NULL, &ws));
	T_YES(strncmp(name, "/dev/pts/", 9) == 0);
	T_CHECK(tcgetattr(s, &t));
	t.c_lflag &= ~(tcflag_t)ECHO;
	close(s);
	close(m);
	T_CHECK(openpty(&m, &s, NULL, &t, &ws));
	T_CHECK(tcgetattr(s, &t));
	printf("echo: %s\n", t.c_lflag & ECHO ? "on" : "off");
	close(s);
	close(m);

	pid_t pid = forkpty(&m, NULL, NULL, &ws);
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "stty size; read x; echo got $x; exit 7", (char *)NULL);
		_exit(127);
	}
	slurp(m, "33 77\r\n");
	T_CHECK(write(m, "word\n", 5));
	slurp(m, NULL);
	printf("child: %s\n", t_wait(pid));
	close(m);
	return 0;
}
