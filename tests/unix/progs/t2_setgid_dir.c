/* SPDX-License-Identifier: BSD-2-Clause */
/* Set-group-ID directories: new files take the directory's group, new
 * subdirectories its group and its set-group-ID bit; a non-member's write
 * clears a file's set-group-ID bit on chmod. */
#include "t.h"

static void show(const char *p)
{
	struct stat st;

	if (stat(p, &st) == 0)
		printf("%s mode %o gid %d\n", p, st.st_mode & 07777, (int)st.st_gid);
	else
		printf("%s errno=%s\n", p, t_errname(errno));
}

int main(void)
{
	const char *d = t_scratch("t2_setgid_dir");

	if (chdir(d) != 0)
		t_die("chdir");
	umask(0);
	mkdir("sg", 0777);
	T_CHECK(chown("sg", 0, 100));
	T_CHECK(chmod("sg", 02777));
	show("sg");
	close(open("sg/f", O_CREAT | O_WRONLY, 0666));
	mkdir("sg/sub", 0755);
	mkfifo("sg/p", 0644);
	show("sg/f");
	show("sg/sub");
	show("sg/p");
	mkdir("plain", 0777);
	close(open("plain/f", O_CREAT | O_WRONLY, 0666));
	show("plain/f");
	pid_t pid = t_fork();
	if (pid == 0) {
		setgroups(0, NULL);
		setgid(200);
		setuid(1000);
		close(open("sg/u", O_CREAT | O_WRONLY, 0666));
		mkdir("sg/usub", 0777);
		show("sg/u");
		show("sg/usub");
		T_CHECK(chmod("sg/u", 02666));
		show("sg/u");
		_exit(0);
	}
	printf("child %s\n", t_wait(pid));
	return 0;
}
