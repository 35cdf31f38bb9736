/* sync, syncfs and fsync put a mounted ext2's new data on the disk: each
 * file's block is found by reading the partition itself (/dev/vda1, whose
 * own cache BLKFLSBUF drops first: Linux keeps one). */
#include "ext2_t.h"
#include <sys/ioctl.h>           /* BLKFLSBUF: sys/mount.h */

#define BLK 4096

/* A block no other file holds: its number n, then bytes made from it. */
static void pattern(char *b, int n)
{
	for (int i = 0; i < BLK; i++)
		b[i] = (char)((i * 31 + n * 17 + 5) & 0xff);
	snprintf(b, 32, "ext2_sync_disk block %d", n);
}

/* Whether a block of the partition holds p. */
static int on_disk(const char *p)
{
	static char b[BLK];
	int fd = open(E2_DEV, O_RDONLY);
	int found = 0;

	if (fd < 0 || ioctl(fd, BLKFLSBUF, 0))
		return -1;
	while (!found && read(fd, b, BLK) == BLK)
		found = !memcmp(b, p, BLK);
	close(fd);
	return found;
}

static int make(const char *path, const char *p)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0 && write(fd, p, BLK) != BLK) {
		close(fd);
		fd = -1;
	}
	return fd;
}

int main(void)
{
	static char p1[BLK], p2[BLK], p3[BLK];

	pattern(p1, 1);
	pattern(p2, 2);
	pattern(p3, 3);
	e2_mount(0);
	int fd = make(E2_MNT "/s1", p1);
	T_YES(fd >= 0);
	close(fd);
	sync();
	printf("after sync: %d\n", on_disk(p1));
	fd = make(E2_MNT "/s2", p2);
	T_YES(fd >= 0);
	T_CHECK(syncfs(fd));
	close(fd);
	printf("after syncfs: %d\n", on_disk(p2));
	fd = make(E2_MNT "/s3", p3);
	T_YES(fd >= 0);
	T_CHECK(fsync(fd));
	close(fd);
	printf("after fsync: %d\n", on_disk(p3));
	T_CHECK(unlink(E2_MNT "/s1"));
	T_CHECK(unlink(E2_MNT "/s2"));
	T_CHECK(unlink(E2_MNT "/s3"));
	e2_umount();
	return 0;
}
