/* SPDX-License-Identifier: BSD-2-Clause */
/* What dup shares and what a second open does not: the offset and the
 * status flags go with the open file description, FD_CLOEXEC with the
 * descriptor. */
#include "t.h"

int main(void)
{
	int a, b, c;
	char ch;

	t_scratch("file_fd_share");
	a = open("/tmp/file_fd_share/f", O_CREAT | O_RDWR, 0644);
	if (write(a, "0123456789", 10) != 10)
		t_die("write");
	b = dup(a);
	c = open("/tmp/file_fd_share/f", O_RDWR);
	lseek(a, 4, SEEK_SET);
	printf("offsets: dup %ld, other open %ld\n", (long)lseek(b, 0, SEEK_CUR), (long)lseek(c, 0, SEEK_CUR));
	fcntl(a, F_SETFL, O_APPEND);
	printf("O_APPEND: dup %s, other open %s\n", fcntl(b, F_GETFL) & O_APPEND ? "yes" : "no",
	       fcntl(c, F_GETFL) & O_APPEND ? "yes" : "no");
	fcntl(a, F_SETFD, FD_CLOEXEC);
	printf("FD_CLOEXEC: dup %d\n", fcntl(b, F_GETFD));
	T_YES(read(c, &ch, 1) == 1 && ch == '0');
	T_YES(read(b, &ch, 1) == 1 && ch == '4');
	close(a);
	T_YES(read(b, &ch, 1) == 1 && ch == '5');
	return 0;
}
