/* SPDX-License-Identifier: BSD-2-Clause */
/* A child's stdout redirected into a pipe with dup2 before exec: the
 * parent reads what /bin/echo and /bin/cat print. */
#include "t.h"

static void run(char *const argv[], const char *input)
{
	int out[2], in[2];
	char buf[128] = { 0 };

	if (pipe(out) || pipe(in))
		t_die("pipe");
	pid_t pid = t_fork();
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(in[0], 0);
		close(out[0]);
		close(out[1]);
		close(in[0]);
		close(in[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(out[1]);
	close(in[0]);
	if (input && write(in[1], input, strlen(input)) < 0)
		t_die("write");
	close(in[1]);
	size_t got = 0;
	ssize_t n;
	while ((n = read(out[0], buf + got, sizeof buf - 1 - got)) > 0)
		got += (size_t)n;
	close(out[0]);
	printf("%s said '%s' and %s\n", argv[0], buf, t_wait(pid));
}

int main(void)
{
	char *echo[] = { "/bin/echo", "-n", "via", "echo", NULL };
	char *cat[] = { "/bin/cat", NULL };
	char *wc[] = { "/bin/wc", "-c", NULL };

	run(echo, NULL);
	run(cat, "fed to cat");
	run(wc, "12345");
	return 0;
}
