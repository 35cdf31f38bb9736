/* SPDX-License-Identifier: BSD-2-Clause */
/* utimensat: UTIME_OMIT keeps a time, explicit times are the owner's
 * (EPERM), "now" needs only write permission (EACCES without), a bad
 * tv_nsec is EINVAL, AT_SYMLINK_NOFOLLOW sets the link's own times. */
#include "t.h"

int main(void)
{
	const char *d = t_scratch("t2_utimensat");
	struct stat st;
	struct timespec ts[2] = { { 1000, 5 }, { 2000, 7 } };

	if (chdir(d) != 0)
		t_die("chdir");
	chmod(".", 0777);
	close(open("f", O_CREAT | O_WRONLY, 0666));
	close(open("ro", O_CREAT | O_WRONLY, 0644));
	symlink("f", "l");
	T_CHECK(utimensat(AT_FDCWD, "f", ts, 0));
	stat("f", &st);
	printf("a %ld.%ld m %ld.%ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
	       (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 3000;
	T_CHECK(utimensat(AT_FDCWD, "f", ts, 0));
	stat("f", &st);
	printf("a %ld m %ld\n", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
	ts[0].tv_nsec = 1000000000;
	T_CHECK(utimensat(AT_FDCWD, "f", ts, 0));
	ts[0].tv_nsec = 0;
	T_CHECK(utimensat(AT_FDCWD, "f", ts, 0x400));
	T_CHECK(utimensat(AT_FDCWD, "l", ts, AT_SYMLINK_NOFOLLOW));
	lstat("l", &st);
	printf("link m %ld\n", (long)st.st_mtim.tv_sec);
	stat("f", &st);
	printf("target m %ld\n", (long)st.st_mtim.tv_sec);
	pid_t c = t_fork();
	if (c == 0) {
		setuid(1000);
		T_CHECK(utimensat(AT_FDCWD, "f", ts, 0));
		T_CHECK(utimensat(AT_FDCWD, "f", NULL, 0));
		T_CHECK(utimensat(AT_FDCWD, "ro", NULL, 0));
		struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
		T_CHECK(utimensat(AT_FDCWD, "f", now, 0));
		struct timespec omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
		T_CHECK(utimensat(AT_FDCWD, "ro", omit, 0));
		_exit(0);
	}
	t_wait(c);
	int fd = open("f", O_RDONLY);
	ts[1].tv_sec = 4000;
	T_CHECK(futimens(fd, ts));
	fstat(fd, &st);
	printf("futimens m %ld\n", (long)st.st_mtim.tv_sec);
	T_CHECK(futimens(-1, ts));
	return 0;
}
