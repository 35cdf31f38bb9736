/* SPDX-License-Identifier: BSD-2-Clause */
/* umask masks the mode of new files, directories and fifos, not chmod;
 * it returns the old mask and is inherited. */
#include "t.h"

static void mode_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		printf("%s: %s\n", path, t_errname(errno));
	else
		printf("%s: %04o\n", path, (unsigned)(st.st_mode & 07777));
}

int main(void)
{
	t_scratch("file_umask");
	if (chdir("/tmp/file_umask") != 0)
		t_die("chdir");
	printf("umask(027) returned %03o\n", (unsigned)umask(027));
	close(open("f", O_CREAT | O_WRONLY, 0666));
	mkdir("d", 0777);
	mkfifo("p", 0666);
	close(open("x", O_CREAT | O_WRONLY, 04777));
	mode_of("f");
	mode_of("d");
	mode_of("p");
	mode_of("x");
	chmod("f", 0777);
	mode_of("f");
	printf("umask(0) returned %03o\n", (unsigned)umask(0));
	close(open("g", O_CREAT | O_WRONLY, 0666));
	mode_of("g");
	umask(0777);
	close(open("h", O_CREAT | O_WRONLY, 0666));
	mode_of("h");
	umask(022);
	pid_t pid = t_fork();
	if (pid == 0) {
		printf("child inherits %03o\n", (unsigned)umask(0));
		_exit(0);
	}
	t_wait(pid);
	printf("umask(01777) keeps the low bits: %03o\n", (unsigned)(umask(01777), umask(022)));
	return 0;
}
