/* SPDX-License-Identifier: BSD-2-Clause */
/* A blocking writer of 1 MiB and a slow reader: every byte arrives in
 * order; the writer blocks while the pipe is full. */
#include "t.h"

#define TOTAL (1024 * 1024)

int main(void)
{
	int fds[2];
	static unsigned char buf[TOTAL];

	if (pipe(fds) != 0)
		t_die("pipe");
	pid_t pid = t_fork();
	if (pid == 0) {
		close(fds[0]);
		for (int i = 0; i < TOTAL; i++)
			buf[i] = (unsigned char)(i * 7 + i / 251);
		_exit(write(fds[1], buf, TOTAL) == TOTAL ? 0 : 1);
	}
	close(fds[1]);
	size_t got = 0;
	int in_order = 1, reads = 0;
	unsigned char chunk[3000];
	ssize_t n;
	while ((n = read(fds[0], chunk, sizeof chunk)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			in_order &= chunk[i] == (unsigned char)((got + (size_t)i) * 7 + (got + (size_t)i) / 251);
		got += (size_t)n;
		if (++reads % 64 == 0)
			t_sleep_ms(1);
	}
	printf("got %zu bytes in order %s\n", got, in_order ? "yes" : "no");
	printf("writer: %s\n", t_wait(pid));
	return 0;
}
