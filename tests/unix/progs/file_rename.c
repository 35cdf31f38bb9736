/* SPDX-License-Identifier: BSD-2-Clause */
/* rename: files and directories, replacing a file or an empty directory,
 * and the errors (ENOENT, EISDIR, ENOTDIR, ENOTEMPTY, EINVAL). */
#include "t.h"

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		t_die(path);
	close(fd);
}

static void cat(const char *path)
{
	char buf[32] = { 0 };
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		printf("%s: %s\n", path, t_errname(errno));
		return;
	}
	if (read(fd, buf, sizeof buf - 1) < 0)
		t_die("read");
	close(fd);
	printf("%s: '%s'\n", path, buf);
}

int main(void)
{
	t_scratch("file_rename");
	if (chdir("/tmp/file_rename") != 0)
		t_die("chdir");
	put("a", "A");
	put("b", "B");
	mkdir("d", 0755);
	mkdir("e", 0755);
	mkdir("full", 0755);
	put("full/x", "X");
	T_CHECK(rename("a", "a2"));
	cat("a");
	cat("a2");
	T_CHECK(rename("a2", "b"));
	cat("b");
	T_CHECK(rename("b", "b"));
	T_CHECK(rename("b", "d/b"));
	cat("d/b");
	T_CHECK(rename("missing", "x"));
	T_CHECK(rename("d/b", "e"));
	T_CHECK(rename("e", "d/b"));
	T_CHECK(rename("d", "full"));
	T_CHECK(rename("d", "d/inside"));
	T_CHECK(rename("e", "d"));
	struct stat st;
	T_CHECK(stat("e", &st));
	T_CHECK(stat("d/b", &st));
	T_CHECK(rename("full", "moved"));
	cat("moved/x");
	T_CHECK(rename("moved/x", "nodir/x"));
	T_CHECK(rename(".", "dot"));
	T_CHECK(rename("moved/x/", "y"));
	return 0;
}
