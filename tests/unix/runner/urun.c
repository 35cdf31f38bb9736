/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/unix/runner/urun.c - runs the differential UNIX tests, one after
 * another, and frames each one's output for tools/unix-compare.
 *
 *   urun [-d DIR] [-t SECONDS] [-l LISTFILE] [-s SUITE] [NAME...]
 *
 * The tests are the NAMEs given, then the names in LISTFILE (one a line;
 * blank lines and lines starting with '#' are skipped).  NAME runs as
 * `/bin/sh DIR/NAME.sh` if that script exists, else as DIR/NAME (DIR is /t
 * by default).  For each test urun prints
 *
 *   === BEGIN NAME
 *   ...everything the test wrote on stdout and stderr...
 *   [=== TIMEOUT NAME]
 *   === END NAME status=exit:N | status=signal:SIGNAME
 *
 * and after the last one `SUITE unix DONE` (-s names another suite).  It
 * starts with an empty line, in case the console holds a partial line.  The
 * marker grammar is in tests/unix/README.md.
 *
 * Each test starts the same way on every system, whatever started urun:
 * a new session (so it is its own process group, killed whole), stdin on
 * /dev/null, stdout and stderr on one pipe that urun reads (so their order
 * is the order of the writes), no other descriptor open, cwd /, umask 022,
 * every signal at its default and unblocked, and the environment
 * PATH=/bin HOME=/ TERM=vt100.  A test
 * still running, or whose descendants still hold the pipe, SECONDS (10)
 * after it started is killed with SIGKILL.  A byte of output that is not
 * printable ASCII, a newline or a tab is printed as \xNN; an output whose
 * last line has no newline gets one, so that the END marker starts a line.
 * urun reaps every child it gets (it may run as process 1).
 */
#include "../progs/t.h"

#include <poll.h>

#define RUN_TIMEOUT_S 10
#define NAME_MAX_LEN 128
#define REAP_PAUSE_MS 2
#define FD_SCAN_MAX 1024   /* descriptors from 3 up to here are closed */

static char *const test_env[] = { "PATH=/bin", "HOME=/", "TERM=vt100", NULL };

struct run {
	pid_t pid;
	int status;        /* its wait status, once exited */
	int exited;
	int at_line_start; /* the last byte printed was a newline (or none yet) */
};

static void out_raw(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(1, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

static void out_str(const char *s)
{
	out_raw(s, strlen(s));
}

/* Prints a test's output bytes, escaping what a serial log cannot carry. */
static void out_test_bytes(struct run *r, const unsigned char *buf, size_t len)
{
	char esc[8 * 512];
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = buf[i];

		if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f))
			esc[n++] = (char)c;
		else
			n += (size_t)snprintf(esc + n, sizeof esc - n, "\\x%02x", c);
		if (n > sizeof esc - 8) {
			out_raw(esc, n);
			n = 0;
		}
	}
	out_raw(esc, n);
	if (len > 0)
		r->at_line_start = buf[len - 1] == '\n';
}

/* The child's side: the fixed starting state, then exec. */
static void run_child(const char *dir, const char *name, int out_fd)
{
	char path[256], script[256];
	sigset_t none;

	setsid();
	dup2(out_fd, 1);
	dup2(out_fd, 2);
	close(0);
	if (open("/dev/null", O_RDONLY) != 0)
		_exit(125);
	if (chdir("/") != 0)
		_exit(125);
	umask(022);
	for (int fd = 3; fd < FD_SCAN_MAX; fd++)
		close(fd);
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(script, sizeof script, "%s/%s.sh", dir, name);
	if (access(script, F_OK) == 0) {
		char *argv[] = { "sh", script, NULL };

		execve("/bin/sh", argv, test_env);
	} else {
		char *argv[] = { path, NULL };

		execve(path, argv, test_env);
	}
	dprintf(2, "urun: exec %s: %s\n", path, t_errname(errno));
	_exit(127);
}

/* Reaps every exited child (orphans too, when urun is process 1). */
static void reap(struct run *r)
{
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if (pid == r->pid) {
			r->status = st;
			r->exited = 1;
		}
	}
}

static long ms_left(struct timespec deadline)
{
	struct timespec now = t_now();

	return (deadline.tv_sec - now.tv_sec) * 1000 + (deadline.tv_nsec - now.tv_nsec) / 1000000;
}

/* Copies the pipe to stdout until EOF and the test's exit, or the deadline.
 * Returns 1 if the deadline came first. */
static int collect(struct run *r, int fd, long timeout_s)
{
	struct timespec deadline = t_now();
	unsigned char buf[512];
	int eof = 0;

	deadline.tv_sec += timeout_s;
	while (!(eof && r->exited)) {
		long left = ms_left(deadline);
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (left <= 0)
			return 1;
		if (eof) {
			t_sleep_ms(REAP_PAUSE_MS);
			reap(r);
			continue;
		}
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		ssize_t n = read(fd, buf, sizeof buf);

		if (n > 0)
			out_test_bytes(r, buf, (size_t)n);
		else if (n == 0 || errno != EINTR)
			eof = 1;
		reap(r);
	}
	return 0;
}

static void run_test(const char *dir, const char *name, long timeout_s)
{
	struct run r = { .at_line_start = 1 };
	char line[NAME_MAX_LEN + 64];
	int fds[2], timed_out;

	snprintf(line, sizeof line, "=== BEGIN %s\n", name);
	out_str(line);
	if (pipe2(fds, O_CLOEXEC) != 0) {
		out_str("urun: pipe failed\n");
		return;
	}
	r.pid = fork();
	if (r.pid == 0)
		run_child(dir, name, fds[1]);
	close(fds[1]);
	if (r.pid < 0) {
		close(fds[0]);
		out_str("urun: fork failed\n");
		return;
	}
	timed_out = collect(&r, fds[0], timeout_s);
	close(fds[0]);
	kill(-r.pid, SIGKILL);  /* the test's process group: stragglers too */
	kill(r.pid, SIGKILL);
	while (!r.exited) {
		int st;
		pid_t pid = waitpid(-1, &st, 0);

		if (pid == r.pid) {
			r.status = st;
			r.exited = 1;
		} else if (pid < 0 && errno != EINTR) {
			break;
		}
	}
	reap(&r);
	if (!r.at_line_start)
		out_str("\n");
	if (timed_out) {
		snprintf(line, sizeof line, "=== TIMEOUT %s\n", name);
		out_str(line);
	}
	snprintf(line, sizeof line, "=== END %s status=%s\n", name,
		 r.exited ? t_statusname(r.status) : "unknown");
	out_str(line);
}

int main(int argc, char **argv)
{
	const char *dir = "/t", *list = NULL, *suite = "unix";
	long timeout_s = RUN_TIMEOUT_S;
	int opt;

	while ((opt = getopt(argc, argv, "d:t:l:s:")) != -1) {
		switch (opt) {
		case 'd': dir = optarg; break;
		case 't': timeout_s = atol(optarg); break;
		case 'l': list = optarg; break;
		case 's': suite = optarg; break;
		default:
			fprintf(stderr, "usage: urun [-d DIR] [-t SECONDS] [-l LIST] [-s SUITE] [NAME...]\n");
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	out_str("\n");  /* the console may hold a partial line: BEGIN starts its own */
	for (int i = optind; i < argc; i++)
		run_test(dir, argv[i], timeout_s);
	if (list) {
		FILE *f = fopen(list, "re");
		char name[NAME_MAX_LEN];

		if (!f) {
			fprintf(stderr, "urun: cannot open %s\n", list);
			return 1;
		}
		while (fgets(name, sizeof name, f)) {
			name[strcspn(name, "\r\n")] = '\0';
			if (name[0] != '\0' && name[0] != '#')
				run_test(dir, name, timeout_s);
		}
		fclose(f);
	}
	printf("SUITE %s DONE\n", suite);
	return 0;
}
