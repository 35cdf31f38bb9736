/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * worker.c - known work with known answers, done while hostile processes
 * run (hostile.h): pipe round trips with an echo child (x in, 3x+1 back),
 * /bin/true and /bin/false forked, executed and waited for (exit 0, exit
 * 1), a file written and read back.  A fork refused with EAGAIN or ENOMEM
 * is counted, not an error (a hostile process may hold what fork needs);
 * any other answer is wrong.
 *
 * Protocol: a pipe of one-byte commands to the worker ('g' go, 'p' pause,
 * 'q' quit) and one back ('r' ready, 'p' paused, then the struct
 * worker_result at the end).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hostile.h"

#define WORK_FILE "/tmp/work/f"
#define FILE_BYTES 4096
#define WORK_PAUSE_MS 2         /* the hostile processes get most of the time */

struct echo { pid_t pid; int to, from; };

static void wrong(struct worker_result *r, const char *fmt, ...)
{
	if (!r->wrong++) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(r->first_error, sizeof(r->first_error), fmt, ap);
		va_end(ap);
	}
}

static void echo_loop(int in, int out)
{
	uint64_t x;
	while (read(in, &x, 8) == 8) {
		x = x * 3 + 1;
		if (write(out, &x, 8) != 8)
			break;
	}
	_exit(0);
}

static int echo_start(struct echo *e)
{
	int to[2], from[2];
	if (pipe(to) < 0 || pipe(from) < 0)
		return -1;
	e->pid = fork();
	if (e->pid < 0)
		return -1;
	if (e->pid == 0) {
		close(to[1]);
		close(from[0]);
		echo_loop(to[0], from[1]);
	}
	close(to[0]);
	close(from[1]);
	e->to = to[1];
	e->from = from[0];
	return 0;
}

static void round_trip(struct echo *e, uint64_t i, struct worker_result *r)
{
	uint64_t x = i * 7919 + 17, y = 0;
	ssize_t n = write(e->to, &x, 8);
	if (n == 8)
		n = read(e->from, &y, 8);
	if (n != 8 || y != x * 3 + 1)
		wrong(r, "round trip %llu: sent %llu, got %llu (%zd bytes, errno %d)",
		      (unsigned long long)i, (unsigned long long)x, (unsigned long long)y, n, errno);
	r->rounds++;
}

static void program(uint64_t i, struct worker_result *r)
{
	bool t = i % 2 == 0;
	char *argv[] = { t ? "true" : "false", NULL };
	int st = run_program(t ? "/bin/true" : "/bin/false", argv);
	if (st == -EAGAIN || st == -ENOMEM) {
		r->refused++;
		return;
	}
	char buf[32];
	if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != (t ? 0 : 1))
		wrong(r, "/bin/%s: %s", argv[0], st < 0 ? strerror(-st) : status_text(st, buf, sizeof(buf)));
	r->programs++;
}

static void file_check(uint64_t i, struct worker_result *r)
{
	static unsigned char out[FILE_BYTES], in[FILE_BYTES];
	for (int k = 0; k < FILE_BYTES; k++)
		out[k] = (unsigned char)(i + k * 31);
	int fd = open(WORK_FILE, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ssize_t w = fd >= 0 ? write(fd, out, sizeof(out)) : -1;
	ssize_t n = fd >= 0 ? pread(fd, in, sizeof(in), 0) : -1;
	if (fd >= 0)
		close(fd);
	if (w != FILE_BYTES || n != FILE_BYTES || memcmp(in, out, sizeof(in)))
		wrong(r, "file %s: wrote %zd, read %zd, errno %d", WORK_FILE, w, n, errno);
	r->files++;
}

static void work(struct echo *e, uint64_t i, struct worker_result *r)
{
	round_trip(e, i, r);
	if (i % 16 == 0)
		program(i / 16, r);
	if (i % 8 == 0)
		file_check(i, r);
}

static bool command_pending(int ctl)
{
	struct pollfd p = { ctl, POLLIN, 0 };
	return poll(&p, 1, 0) == 1;
}

static char command_read(int ctl)
{
	char c = 'q';
	while (read(ctl, &c, 1) < 0 && errno == EINTR)
		;
	return c;
}

static void worker_main(int ctl, int st)
{
	struct worker_result r;
	memset(&r, 0, sizeof(r));
	struct echo e;
	mkdir("/tmp/work", 0755);
	if (echo_start(&e) < 0)
		_exit(1);
	uint64_t i = 0;
	work(&e, i++, &r);              /* each kind once: memory in place */
	program(1, &r);
	write(st, "r", 1);
	char c = command_read(ctl);
	while (c != 'q') {
		if (c == 'p') {
			write(st, "p", 1);
			c = command_read(ctl);
			continue;
		}
		while (!command_pending(ctl)) {
			work(&e, i++, &r);
			sleep_ms(WORK_PAUSE_MS);
		}
		c = command_read(ctl);
	}
	close(e.to);
	int status;
	waitpid(e.pid, &status, 0);
	write(st, &r, sizeof(r));
	_exit(0);
}

int worker_start(struct worker *w)
{
	int ctl[2], st[2];
	if (pipe2(ctl, O_CLOEXEC) < 0 || pipe2(st, O_CLOEXEC) < 0)
		return -1;
	w->pid = fork();
	if (w->pid < 0)
		return -1;
	if (w->pid == 0) {
		close(ctl[1]);
		close(st[0]);
		worker_main(ctl[0], st[1]);
	}
	close(ctl[0]);
	close(st[1]);
	w->ctl = ctl[1];
	w->st = st[0];
	char c = 0;
	if (read(w->st, &c, 1) != 1 || c != 'r')
		return -1;
	worker_command(w, 'p');         /* both pipes written once: their rings exist */
	return 0;
}

void worker_command(struct worker *w, char cmd)
{
	write(w->ctl, &cmd, 1);
	if (cmd == 'p') {
		char c;
		read(w->st, &c, 1);
	}
}

bool worker_stop(struct worker *w, struct worker_result *r)
{
	memset(r, 0, sizeof(*r));
	worker_command(w, 'q');
	ssize_t n = read(w->st, r, sizeof(*r));
	int status = 0;
	waitpid(w->pid, &status, 0);
	close(w->ctl);
	close(w->st);
	return n == (ssize_t)sizeof(*r) && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}
