/* SPDX-License-Identifier: BSD-2-Clause */
/* umask: returns the old mask, keeps only 0777, and masks the modes of
 * files, directories, FIFOs and nodes made after it (not chmod's). */
#include "t.h"

static void mode(const char *p)
{
	struct stat st;

	if (lstat(p, &st) == 0)
		printf("%s %o\n", p, st.st_mode & 07777);
	else
		printf("%s errno=%s\n", p, t_errname(errno));
}

int main(void)
{
	const char *d = t_scratch("t2_umask");

	if (chdir(d) != 0)
		t_die("chdir");
	printf("old %o\n", umask(027));
	printf("then %o\n", umask(0177777));
	printf("kept %o\n", umask(027));
	close(open("f", O_CREAT | O_WRONLY, 0666));
	mkdir("d", 0777);
	mkdir("ds", 07777);
	mkfifo("p", 0666);
	mknod("n", S_IFREG | 0666, 0);
	symlink("f", "l");
	close(open("x", O_CREAT | O_WRONLY, 04777));
	mode("f");
	mode("d");
	mode("ds");
	mode("p");
	mode("n");
	mode("x");
	chmod("f", 0666);
	mode("f");
	umask(0);
	close(open("g", O_CREAT | O_WRONLY, 0666));
	mode("g");
	return 0;
}
