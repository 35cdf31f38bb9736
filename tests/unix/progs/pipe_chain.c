/* SPDX-License-Identifier: BSD-2-Clause */
/* A three-stage pipeline of processes connected by pipes (like a shell's
 * a | b | c): each stage transforms the text; the last writes to stdout. */
#include "t.h"
#include <ctype.h>

static void stage(int in, int out, int which)
{
	char c;

	while (read(in, &c, 1) == 1) {
		if (which == 0)
			c = (char)toupper((unsigned char)c);
		else if (which == 1 && c == ' ')
			c = '_';
		if (write(out, &c, 1) != 1)
			_exit(1);
	}
	_exit(0);
}

int main(void)
{
	int p1[2], p2[2], p3[2];
	pid_t pids[3];

	if (pipe(p1) || pipe(p2) || pipe(p3))
		t_die("pipe");
	int ins[3] = { p1[0], p2[0], p3[0] }, outs[3] = { p2[1], p3[1], 1 };
	for (int i = 0; i < 3; i++) {
		pids[i] = t_fork();
		if (pids[i] == 0) {
			int keep_in = ins[i], keep_out = outs[i];
			int all[6] = { p1[0], p1[1], p2[0], p2[1], p3[0], p3[1] };

			for (int j = 0; j < 6; j++)
				if (all[j] != keep_in && all[j] != keep_out)
					close(all[j]);
			stage(keep_in, keep_out, i);
		}
	}
	close(p1[0]);
	close(p2[0]);
	close(p2[1]);
	close(p3[0]);
	close(p3[1]);
	const char *text = "the quick brown fox\njumps over the lazy dog\n";
	int wrote_all = write(p1[1], text, strlen(text)) == (ssize_t)strlen(text);
	close(p1[1]);
	char status[3][48];  /* printed once the last stage's output is out */
	for (int i = 0; i < 3; i++)
		snprintf(status[i], sizeof status[i], "%s", t_wait(pids[i]));
	for (int i = 0; i < 3; i++)
		printf("stage %d: %s\n", i, status[i]);
	T_YES(wrote_all);
	return 0;
}
