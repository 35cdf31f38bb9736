/* Special files on ext2: a FIFO, a character and a block device node,
 * their types and device numbers after umount and mount; a FIFO there
 * carries data. */
#include "ext2_t.h"
#include <sys/sysmacros.h>

static void show(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0)
		printf("%s: mode=%o rdev=%u:%u size=%lld blocks=%lld\n", path, (unsigned)st.st_mode,
		       major(st.st_rdev), minor(st.st_rdev), (long long)st.st_size,
		       (long long)st.st_blocks);
}

int main(void)
{
	char buf[8];

	e2_mount(0);
	T_CHECK(mknod(E2_MNT "/fifo", S_IFIFO | 0600, 0));
	T_CHECK(mknod(E2_MNT "/chr", S_IFCHR | 0600, makedev(1, 3)));
	T_CHECK(mknod(E2_MNT "/blk", S_IFBLK | 0600, makedev(8, 1)));
	T_CHECK(mknod(E2_MNT "/big", S_IFCHR | 0600, makedev(300, 70000)));
	e2_umount();
	e2_mount(0);
	show(E2_MNT "/fifo");
	show(E2_MNT "/chr");
	show(E2_MNT "/blk");
	show(E2_MNT "/big");
	int fd = open(E2_MNT "/fifo", O_RDWR);
	T_YES(write(fd, "pipe", 4) == 4 && read(fd, buf, 4) == 4 && !memcmp(buf, "pipe", 4));
	close(fd);
	fd = open(E2_MNT "/chr", O_WRONLY);
	T_YES(write(fd, "x", 1) == 1);
	close(fd);
	T_CHECK(unlink(E2_MNT "/fifo"));
	T_CHECK(unlink(E2_MNT "/chr"));
	T_CHECK(unlink(E2_MNT "/blk"));
	T_CHECK(unlink(E2_MNT "/big"));
	e2_umount();
	return 0;
}
