/* A pseudo-terminal from posix_openpt: grantpt, unlockpt, ptsname, the lock,
 * the slave's node in /dev/pts, and bytes both ways through the line
 * discipline (canonical input, echo, output processing). */
#include "t.h"
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <termios.h>

/* Reads the master until want has been seen (or 2 s pass); prints it escaped. */
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
		printf(buf[i] == '\r' ? "\\r" : buf[i] == '\n' ? "\\n" : "%c", buf[i]);
	printf("\"\n");
}

int main(void)
{
	int m, s;
	char name[64], buf[64];
	struct stat st;
	T_CHECK(m = posix_openpt(O_RDWR | O_NOCTTY));
	T_CHECK(grantpt(m));
	T_YES(ptsname_r(m, name, sizeof(name)) == 0);
	T_YES(strncmp(name, "/dev/pts/", 9) == 0 && name[9] >= '0' && name[9] <= '9');
	unsigned n;
	T_CHECK(ioctl(m, TIOCGPTN, &n));
	snprintf(buf, sizeof(buf), "/dev/pts/%u", n);
	T_YES(strcmp(buf, name) == 0);
	int lock = -1;
	T_CHECK(ioctl(m, TIOCGPTLCK, &lock));
	printf("locked: %d\n", lock);
	T_CHECK(open(name, O_RDWR | O_NOCTTY));
	T_CHECK(unlockpt(m));
	T_CHECK(ioctl(m, TIOCGPTLCK, &lock));
	printf("locked: %d\n", lock);
	T_CHECK(stat(name, &st));
	printf("slave: %s %04o uid=%u gid=%u major=%u minor==ptn: %s\n", S_ISCHR(st.st_mode) ? "chr" : "?",
	       (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid, (unsigned)st.st_gid,
	       major(st.st_rdev), minor(st.st_rdev) == n ? "yes" : "no");
	T_CHECK(s = open(name, O_RDWR | O_NOCTTY));
	T_YES(isatty(m));
	T_YES(isatty(s));
	T_CHECK(ioctl(s, TIOCGPTN, &n));
	T_CHECK(lseek(s, 0, SEEK_SET));

	/* master -> slave: a canonical line, echoed back to the master */
	T_CHECK(write(m, "hello\n", 6));
	ssize_t r = read(s, buf, sizeof(buf));
	printf("slave read %zd: %.*s", r, (int)(r > 0 ? r : 0), buf);
	expect(m, "echo", "\n");
	/* erase and kill edit the line before the slave sees it */
	T_CHECK(write(m, "abx\177c\025xyz\n", 10));
	r = read(s, buf, sizeof(buf));
	printf("slave read %zd: %.*s", r, (int)(r > 0 ? r : 0), buf);
	expect(m, "echo", "xyz\r\n");
	/* slave -> master: ONLCR */
	T_CHECK(write(s, "one\ntwo\n", 8));
	expect(m, "output", "two\r\n");
	int avail = -1;
	T_CHECK(write(s, "abc", 3));
	usleep(100000);
	T_CHECK(ioctl(m, FIONREAD, &avail));
	printf("master FIONREAD: %d\n", avail);
	expect(m, "output", "abc");
	/* a partial line is not readable by the slave yet; ^D pushes it */
	T_CHECK(fcntl(s, F_SETFL, O_NONBLOCK));
	T_CHECK(write(m, "par", 3));
	usleep(100000);
	T_CHECK(read(s, buf, sizeof(buf)));
	T_CHECK(write(m, "\004", 1));
	r = read(s, buf, sizeof(buf));
	printf("after ^D: %zd %.*s\n", r, (int)(r > 0 ? r : 0), buf);
	T_CHECK(write(m, "\004", 1));
	usleep(100000);
	printf("^D at line start: %zd\n", read(s, buf, sizeof(buf)));
	expect(m, "echo", "par");
	T_CHECK(close(s));
	T_CHECK(close(m));
	T_CHECK(stat(name, &st));

	/* a user's pty belongs to the user; others may not open its slave */
	int up[2], down[2];
	char c;
	T_CHECK(pipe(up));
	T_CHECK(pipe(down));
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		T_CHECK(m = posix_openpt(O_RDWR | O_NOCTTY));
		if (m < 0 || unlockpt(m) || ptsname_r(m, name, sizeof(name)) || stat(name, &st))
			_exit(3);
		printf("user's slave: %04o uid=%u gid=%u\n", (unsigned)(st.st_mode & 07777),
		       (unsigned)st.st_uid, (unsigned)st.st_gid);
		T_CHECK(s = open(name, O_RDWR | O_NOCTTY));
		if (write(up[1], name, sizeof(name)) != sizeof(name) || read(down[0], &c, 1) != 1)
			_exit(4);
		_exit(0);
	}
	T_YES(read(up[0], name, sizeof(name)) == sizeof(name));
	pid_t other = fork();
	if (other == 0) {
		if (setuid(1000))
			_exit(2);
		T_CHECK(open(name, O_RDWR | O_NOCTTY));
		T_CHECK(open("/dev/ptmx", O_RDWR | O_NOCTTY));
		_exit(0);
	}
	printf("other user: %s\n", t_wait(other));
	T_CHECK(write(down[1], "x", 1));
	printf("user: %s\n", t_wait(pid));
	return 0;
}
