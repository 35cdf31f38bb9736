/* Packet mode (TIOCPKT) reports the slave's flow control to the master:
 * TIOCPKT_STOP and TIOCPKT_START as ^S, ^Q, tcflow(TCOOFF, TCOON) stop and
 * start its output, TIOCPKT_NOSTOP and TIOCPKT_DOSTOP as IXON goes off and
 * on; output written while stopped comes after the start. */
#include "t.h"
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>

/* One master read (within 1 s): its status byte and what follows. */
static void packet(int m, const char *label)
{
	unsigned char buf[64];
	struct pollfd pf = { m, POLLIN, 0 };
	ssize_t n = poll(&pf, 1, 1000) == 1 ? read(m, buf, sizeof buf) : 0;

	printf("%s:", label);
	if (n <= 0)
		printf(" nothing");
	else
		printf(" status %#x, %zd data bytes", buf[0], n - 1);
	printf("\n");
}

int main(void)
{
	int m, s, on = 1;
	char name[64];
	struct termios t;

	T_CHECK(m = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK));
	T_CHECK(grantpt(m));
	T_CHECK(unlockpt(m));
	T_YES(ptsname_r(m, name, sizeof(name)) == 0);
	T_CHECK(s = open(name, O_RDWR | O_NOCTTY | O_NONBLOCK));
	T_CHECK(tcgetattr(s, &t));
	t.c_lflag &= ~(tcflag_t)ECHO;
	t.c_oflag &= ~(tcflag_t)OPOST;
	T_CHECK(tcsetattr(s, TCSANOW, &t));
	T_CHECK(ioctl(m, TIOCPKT, &on));
	packet(m, "quiet");
	T_YES(write(m, "\023", 1) == 1);        /* ^S */
	packet(m, "after ^S");
	T_YES(write(s, "held", 4) == 4);
	packet(m, "while stopped");
	T_YES(write(m, "\021", 1) == 1);        /* ^Q */
	packet(m, "after ^Q");
	packet(m, "then");
	T_CHECK(tcflow(s, TCOOFF));
	packet(m, "after TCOOFF");
	T_CHECK(tcflow(s, TCOON));
	packet(m, "after TCOON");
	t.c_iflag &= ~(tcflag_t)IXON;
	T_CHECK(tcsetattr(s, TCSANOW, &t));
	packet(m, "IXON off");
	t.c_iflag |= IXON;
	T_CHECK(tcsetattr(s, TCSANOW, &t));
	packet(m, "IXON on");
	t.c_cc[VSTOP] = 'x';
	T_CHECK(tcsetattr(s, TCSANOW, &t));
	packet(m, "another VSTOP");
	close(s);
	close(m);
	return 0;
}
