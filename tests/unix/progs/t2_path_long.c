/* SPDX-License-Identifier: BSD-2-Clause */
/* Long names and paths: a 255-byte name is fine, 256 is ENAMETOOLONG, a
 * path of PATH_MAX bytes too; a deep tree beyond PATH_MAX is reachable
 * step by step, and getcwd then reports ENAMETOOLONG or ERANGE. */
#include "t.h"
#include <limits.h>

int main(void)
{
	const char *d = t_scratch("t2_path_long");
	static char name[300], path[5000], cwd[8192];
	struct stat st;

	if (chdir(d) != 0)
		t_die("chdir");
	memset(name, 'a', 255);
	T_CHECK(mkdir(name, 0700));
	name[255] = 'a';
	T_CHECK(mkdir(name, 0700));
	T_CHECK(stat(name, &st));
	name[255] = 0;
	memset(path, 0, sizeof path);
	for (int i = 0; i < 4200; i += 2)
		memcpy(path + i, "./", 2);
	T_CHECK(stat(path, &st));
	path[4094] = 0;
	T_CHECK(stat(path, &st));
	int depth = 0;
	for (int i = 0; i < 20; i++) {
		if (mkdir(name, 0700) != 0 && errno != EEXIST)
			break;
		if (chdir(name) != 0)
			break;
		depth++;
	}
	printf("depth %d\n", depth);
	T_CHECK(open("x", O_CREAT | O_WRONLY, 0600));
	T_YES(getcwd(cwd, sizeof cwd) == NULL);
	printf("getcwd big: %s\n", t_errname(errno));
	T_YES(getcwd(cwd, 10) == NULL);
	printf("getcwd small: %s\n", t_errname(errno));
	chdir("/");
	t_rmtree(d);
	return 0;
}
