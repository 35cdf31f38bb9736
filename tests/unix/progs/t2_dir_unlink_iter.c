/* SPDX-License-Identifier: BSD-2-Clause */
/* Removing each entry just read while iterating still visits every entry
 * once; the directory is empty at the end and rmdir works. */
#include "t.h"

int main(void)
{
	const char *d = t_scratch("t2_dir_unlink_iter");
	char p[700];

	for (int i = 0; i < 30; i++) {
		snprintf(p, sizeof p, "%s/f%02d", d, i);
		close(open(p, O_CREAT | O_WRONLY, 0600));
	}
	DIR *dir = opendir(d);
	struct dirent *e;
	int seen = 0, dots = 0, failed = 0;
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.') {
			dots++;
			continue;
		}
		snprintf(p, sizeof p, "%s/%s", d, e->d_name);
		failed += unlink(p) != 0;
		seen++;
	}
	closedir(dir);
	printf("seen %d dots %d failed %d\n", seen, dots, failed);
	T_CHECK(rmdir(d));
	return 0;
}
