/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes of at most PIPE_BUF bytes are atomic: four writers' 512-byte
 * records never interleave, and every record arrives. */
#include "t.h"
#include <limits.h>

#define WRITERS 4
#define RECORDS 300
#define REC 512

int main(void)
{
	int fds[2], counts[WRITERS] = { 0 }, torn = 0;
	char rec[REC];

	printf("PIPE_BUF %d\n", PIPE_BUF);
	if (pipe(fds) != 0)
		t_die("pipe");
	for (int w = 0; w < WRITERS; w++) {
		if (t_fork() == 0) {
			close(fds[0]);
			memset(rec, 'A' + w, REC);
			for (int i = 0; i < RECORDS; i++)
				if (write(fds[1], rec, REC) != REC)
					_exit(1);
			_exit(0);
		}
	}
	close(fds[1]);
	size_t have = 0;
	ssize_t n;
	while ((n = read(fds[0], rec + have, REC - have)) > 0) {
		have += (size_t)n;
		if (have < REC)
			continue;
		have = 0;
		int w = rec[0] - 'A';
		for (int i = 1; i < REC; i++)
			torn |= rec[i] != rec[0];
		if (w >= 0 && w < WRITERS)
			counts[w]++;
	}
	for (int w = 0; w < WRITERS; w++)
		printf("writer %d: %d records\n", w, counts[w]);
	printf("torn records: %s, leftover %zu\n", torn ? "yes" : "none", have);
	for (int w = 0; w < WRITERS; w++)
		t_wait(-1);
	return 0;
}
