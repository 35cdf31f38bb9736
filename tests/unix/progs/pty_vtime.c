/* Non-canonical reads of a pty slave with VMIN and VTIME: MIN=0 TIME=0
 * polls, MIN=0 TIME>0 waits TIME for a first byte (0 at the end of it),
 * MIN>0 TIME>0 returns what came when TIME passes after a byte. */
#include "t.h"
#include <pty.h>
#include <termios.h>

static void set(int s, int min, int time)
{
	struct termios t;
	tcgetattr(s, &t);
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = (cc_t)min;
	t.c_cc[VTIME] = (cc_t)time;
	tcsetattr(s, TCSANOW, &t);
}

int main(void)
{
	int m, s;
	char buf[16];
	struct timespec t0;
	T_CHECK(openpty(&m, &s, NULL, NULL, NULL));

	set(s, 0, 0);
	printf("MIN=0 TIME=0: %zd\n", read(s, buf, sizeof(buf)));

	set(s, 0, 3);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ssize_t r = read(s, buf, sizeof(buf));
	long ms = t_ms(t0);
	printf("MIN=0 TIME=3, nothing: %zd after >= 250ms: %s, < 3s: %s\n", r, ms >= 250 ? "yes" : "no",
	       ms < 3000 ? "yes" : "no");

	pid_t pid = fork();
	if (pid == 0) {
		usleep(100000);
		_exit(write(m, "ab", 2) == 2 ? 0 : 1);
	}
	r = read(s, buf, sizeof(buf));
	printf("MIN=0 TIME=3, bytes after 100ms: %zd\n", r);
	printf("writer: %s\n", t_wait(pid));

	set(s, 3, 2);
	T_CHECK(write(m, "x", 1));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = read(s, buf, sizeof(buf));
	ms = t_ms(t0);
	printf("MIN=3 TIME=2, one byte: %zd after >= 150ms: %s\n", r, ms >= 150 ? "yes" : "no");
	T_CHECK(write(m, "xyz", 3));
	printf("MIN=3 TIME=2, three bytes: %zd\n", read(s, buf, sizeof(buf)));
	close(s);
	close(m);
	return 0;
}
