/* Data survives umount and mount: 1 MiB of a pattern written in odd-sized
 * pieces, read back whole and compared; a directory tree with it. */
#include "ext2_t.h"

static unsigned char pat(long i)
{
	return (unsigned char)(i * 7 + i / 4093);
}

int main(void)
{
	static unsigned char buf[1 << 20];
	long bad = -1;

	for (long i = 0; i < (long)sizeof buf; i++)
		buf[i] = pat(i);
	e2_mount(0);
	T_CHECK(mkdir(E2_MNT "/pd", 0750));
	T_CHECK(mkdir(E2_MNT "/pd/sub", 0700));
	int fd = open(E2_MNT "/pd/sub/data", O_WRONLY | O_CREAT | O_TRUNC, 0640);
	for (long off = 0; off < (long)sizeof buf; off += 3001) {
		long n = sizeof buf - off < 3001 ? (long)sizeof buf - off : 3001;
		if (write(fd, buf + off, n) != n)
			t_die("write");
	}
	close(fd);
	e2_umount();
	memset(buf, 0, sizeof buf);
	e2_mount(0);
	e2_stat(E2_MNT "/pd");
	e2_stat(E2_MNT "/pd/sub");
	e2_stat(E2_MNT "/pd/sub/data");
	fd = open(E2_MNT "/pd/sub/data", O_RDONLY);
	T_YES(read(fd, buf, sizeof buf) == sizeof buf);
	close(fd);
	for (long i = 0; i < (long)sizeof buf && bad < 0; i++)
		if (buf[i] != pat(i))
			bad = i;
	printf("first difference at %ld\n", bad);
	T_CHECK(unlink(E2_MNT "/pd/sub/data"));
	T_CHECK(rmdir(E2_MNT "/pd/sub"));
	T_CHECK(rmdir(E2_MNT "/pd"));
	e2_umount();
	return 0;
}
