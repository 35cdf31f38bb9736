/* SPDX-License-Identifier: BSD-2-Clause */
/* stat's deterministic fields: type, permission bits, size, nlink, owner,
 * for a file, a directory, a symlink (lstat vs stat), /dev/null; fstat
 * agrees with stat; the inode is shared by hard links. */
#include "t.h"
#include <sys/sysmacros.h>

static void show(const char *what, const struct stat *st)
{
	const char *type = S_ISREG(st->st_mode) ? "file" : S_ISDIR(st->st_mode) ? "dir" :
			   S_ISLNK(st->st_mode) ? "symlink" : S_ISCHR(st->st_mode) ? "chardev" :
			   S_ISFIFO(st->st_mode) ? "fifo" : "other";

	printf("%s: %s mode %04o nlink %ld uid %d gid %d", what, type,
	       (unsigned)(st->st_mode & 07777), (long)st->st_nlink, (int)st->st_uid, (int)st->st_gid);
	if (S_ISREG(st->st_mode) || S_ISLNK(st->st_mode))
		printf(" size %ld", (long)st->st_size);
	if (S_ISCHR(st->st_mode))
		printf(" rdev %u:%u", major(st->st_rdev), minor(st->st_rdev));
	printf("\n");
}

int main(void)
{
	struct stat st, st2;
	int fd;

	t_scratch("file_stat");
	if (chdir("/tmp/file_stat") != 0)
		t_die("chdir");
	fd = open("f", O_RDWR | O_CREAT, 0640);
	if (write(fd, "twelve bytes", 12) != 12)
		t_die("write");
	mkdir("d", 0751);
	mkdir("d/sub", 0700);
	symlink("f", "l");
	link("f", "hard");
	mkfifo("p", 0600);
	T_CHECK(stat("f", &st));
	show("f", &st);
	T_CHECK(fstat(fd, &st2));
	T_YES(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev && st.st_size == st2.st_size);
	stat("hard", &st2);
	T_YES(st.st_ino == st2.st_ino);
	stat("d", &st);
	show("d", &st);
	lstat("l", &st);
	show("l (lstat)", &st);
	stat("l", &st);
	show("l (stat)", &st);
	stat("p", &st);
	show("p", &st);
	stat("/dev/null", &st);
	show("/dev/null", &st);
	stat("/dev/zero", &st);
	show("/dev/zero", &st);
	stat("/", &st);
	T_YES(S_ISDIR(st.st_mode));
	T_YES(st.st_blksize > 0);
	T_CHECK(stat("missing", &st));
	T_CHECK(stat("f/x", &st));
	T_CHECK(fstat(99, &st));
	T_CHECK(fstatat(AT_FDCWD, "l", &st, AT_SYMLINK_NOFOLLOW));
	T_YES(S_ISLNK(st.st_mode));
	return 0;
}
