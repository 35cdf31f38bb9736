/* SPDX-License-Identifier: BSD-2-Clause */
/* Name limits: a 255-byte component is fine, 256 bytes is ENAMETOOLONG;
 * a path of 4096 bytes or more is ENAMETOOLONG. */
#include "t.h"

int main(void)
{
	char name[300], path[5000];

	t_scratch("file_nametoolong");
	if (chdir("/tmp/file_nametoolong") != 0)
		t_die("chdir");
	memset(name, 'n', 255);
	name[255] = '\0';
	T_CHECK(close(open(name, O_CREAT | O_WRONLY, 0644)));
	T_CHECK(mkdir(name + 1, 0755));
	name[255] = 'n';
	name[256] = '\0';
	T_CHECK(open(name, O_CREAT | O_WRONLY, 0644));
	T_CHECK(mkdir(name, 0755));
	T_CHECK(stat(name, &(struct stat){ 0 }));
	T_CHECK(symlink("x", name));
	T_CHECK(unlink(name));
	size_t len = 0;
	while (len < 4200) {
		memcpy(path + len, "./", 2);
		len += 2;
	}
	memcpy(path + len, "x", 2);
	T_CHECK(open(path, O_RDONLY));
	path[4094] = '\0';  /* 4094 bytes: long but allowed */
	T_CHECK(access(path, F_OK));
	return 0;
}
