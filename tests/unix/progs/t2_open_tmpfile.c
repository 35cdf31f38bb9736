/* SPDX-License-Identifier: BSD-2-Clause */
/* O_TMPFILE on tmpfs: an unnamed file in the directory, invisible to
 * readdir, linkable with linkat(AT_EMPTY_PATH) unless O_EXCL; it needs a
 * writable access mode and a directory. */
#include "t.h"

int main(void)
{
	const char *d = t_scratch("t2_open_tmpfile");
	struct stat st;

	if (chdir(d) != 0)
		t_die("chdir");
	int fd = T_CHECK(open(".", O_TMPFILE | O_RDWR, 0640));
	if (fd < 0)
		return 0;
	T_YES(write(fd, "data", 4) == 4);
	T_CHECK(fstat(fd, &st));
	printf("mode %o nlink %ld size %ld\n", st.st_mode, (long)st.st_nlink, (long)st.st_size);
	DIR *dir = opendir(".");
	int n = 0;
	while (readdir(dir))
		n++;
	closedir(dir);
	printf("entries %d\n", n);
	char p[300];
	snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
	T_CHECK(linkat(fd, "", AT_FDCWD, "named", AT_EMPTY_PATH));
	T_CHECK(stat("named", &st));
	printf("named size %ld nlink %ld\n", (long)st.st_size, (long)st.st_nlink);
	int ex = T_CHECK(open(".", O_TMPFILE | O_WRONLY | O_EXCL, 0600));
	T_CHECK(linkat(ex, "", AT_FDCWD, "named2", AT_EMPTY_PATH));
	T_CHECK(open(".", O_TMPFILE | O_RDONLY, 0600));
	close(open("file", O_CREAT | O_WRONLY, 0600));
	T_CHECK(open("file", O_TMPFILE | O_RDWR, 0600));
	T_CHECK(open("none", O_TMPFILE | O_RDWR, 0600));
	return 0;
}
