/* termios on a pseudo-terminal: the slave's defaults, the same settings seen
 * through the master, raw mode, no echo, and the window size. */
#include "t.h"
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <termios.h>

static void show(const char *label, int fd)
{
	struct termios t;
	if (tcgetattr(fd, &t)) {
		printf("%s: errno=%s\n", label, t_errname(errno));
		return;
	}
	printf("%s: iflag=%o oflag=%o cflag=%o lflag=%o ispeed=%u ospeed=%u\n", label,
	       (unsigned)t.c_iflag, (unsigned)t.c_oflag, (unsigned)t.c_cflag, (unsigned)t.c_lflag,
	       (unsigned)cfgetispeed(&t), (unsigned)cfgetospeed(&t));
	printf("%s: cc", label);
	for (int i = 0; i < 17; i++)
		printf(" %d", t.c_cc[i]);
	printf("\n");
}

static void drain(int m, const char *label)
{
	char buf[256];
	ssize_t n = 0;
	struct pollfd pf = { m, POLLIN, 0 };
	if (poll(&pf, 1, 500) == 1)
		n = read(m, buf, sizeof(buf));
	printf("%s: %zd \"", label, n);
	for (ssize_t i = 0; i < n; i++)
		printf(buf[i] == '\r' ? "\\r" : buf[i] == '\n' ? "\\n" : "%c", buf[i]);
	printf("\"\n");
}

int main(void)
{
	int m, s;
	struct termios t;
	struct winsize ws;
	T_CHECK(openpty(&m, &s, NULL, NULL, NULL));
	show("slave", s);
	show("master", m);
	T_CHECK(ioctl(s, TIOCGWINSZ, &ws));
	printf("winsize %u %u\n", ws.ws_row, ws.ws_col);
	ws = (struct winsize){ .ws_row = 40, .ws_col = 132 };
	T_CHECK(ioctl(m, TIOCSWINSZ, &ws));
	memset(&ws, 0, sizeof(ws));
	T_CHECK(ioctl(s, TIOCGWINSZ, &ws));
	printf("winsize %u %u\n", ws.ws_row, ws.ws_col);

	/* raw through the master, seen on the slave */
	T_CHECK(tcgetattr(m, &t));
	cfmakeraw(&t);
	T_CHECK(tcsetattr(m, TCSANOW, &t));
	show("slave raw", s);
	T_CHECK(write(m, "a\rb", 3));
	char buf[64];
	usleep(100000);
	ssize_t r = read(s, buf, sizeof(buf));
	printf("raw read %zd: %s\n", r, r == 3 && !memcmp(buf, "a\rb", 3) ? "a\\rb" : "?");
	T_CHECK(write(s, "x\ny", 3));
	drain(m, "raw output");
	drain(m, "no echo");

	/* canonical, no echo, ICRNL */
	T_CHECK(tcgetattr(s, &t));
	t.c_lflag |= ICANON | ISIG;
	t.c_lflag &= ~(tcflag_t)ECHO;
	t.c_iflag |= ICRNL;
	T_CHECK(tcsetattr(s, TCSAFLUSH, &t));
	T_CHECK(write(m, "secret\r", 7));
	r = read(s, buf, sizeof(buf));
	printf("canon read %zd: %.*s", r, (int)(r > 0 ? r : 0), buf);
	T_CHECK(fcntl(m, F_SETFL, O_NONBLOCK));
	r = read(m, buf, sizeof(buf));
	printf("echo without ECHO: %zd %s\n", r, r < 0 ? t_errname(errno) : "");
	/* bad arguments */
	T_CHECK(tcsetattr(s, 99, &t));
	T_CHECK(ioctl(s, TCGETS, (void *)8));
	T_CHECK(ioctl(s, TIOCSWINSZ, (void *)8));
	T_CHECK(tcflush(s, 7));
	T_CHECK(tcflush(s, TCIOFLUSH));
	close(s);
	close(m);
	return 0;
}
