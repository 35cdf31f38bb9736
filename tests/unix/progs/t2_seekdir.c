/* SPDX-License-Identifier: BSD-2-Clause */
/* telldir/seekdir/rewinddir: going back to a remembered position reads the
 * same entry again; rewinddir sees entries made after opendir. */
#include "t.h"

int main(void)
{
	const char *d = t_scratch("t2_seekdir");
	char p[400];

	for (int i = 0; i < 10; i++) {
		snprintf(p, sizeof p, "%s/n%d", d, i);
		mkdir(p, 0700);
	}
	DIR *dir = opendir(d);
	struct dirent *e;
	long pos = -1;
	char at[256] = "", again[256] = "";
	int n = 0;
	while ((e = readdir(dir)) != NULL) {
		if (++n == 5) {
			pos = telldir(dir);
			e = readdir(dir);
			snprintf(at, sizeof at, "%.60s", e ? e->d_name : "(end)");
			n++;
		}
	}
	printf("entries %d\n", n);
	seekdir(dir, pos);
	e = readdir(dir);
	snprintf(again, sizeof again, "%.60s", e ? e->d_name : "(end)");
	T_YES(strcmp(at, again) == 0);
	snprintf(p, sizeof p, "%s/late", d);
	close(open(p, O_CREAT | O_WRONLY, 0600));
	rewinddir(dir);
	int seen = 0;
	n = 0;
	while ((e = readdir(dir)) != NULL) {
		n++;
		seen |= strcmp(e->d_name, "late") == 0;
	}
	printf("after rewind %d, late seen %d\n", n, seen);
	closedir(dir);
	return 0;
}
