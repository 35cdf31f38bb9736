/*
 * disk_dev: the test disk's block devices (tools/mkdisk --unix-test-disk on
 * a virtio-blk disk): /dev/vda, vda1, vda2 are block devices with
 * virtio-blk's numbers, there is no vda3, their sizes by lseek(SEEK_END)
 * and the BLK* ioctls agree, seeks past the end are refused and so are
 * SEEK_DATA and SEEK_HOLE (a block device has no such extents), reads at the end give 0, writes there ENOSPC,
 * and an ioctl the block layer does not know is ENOTTY.
 */
#include "t.h"
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
/* <linux/fs.h>'s, which musl does not ship */
#define BLKROGET     _IO(0x12, 94)
#define BLKGETSIZE   _IO(0x12, 96)
#define BLKFLSBUF    _IO(0x12, 97)
#define BLKSSZGET    _IO(0x12, 104)
#define BLKPBSZGET   _IO(0x12, 123)
#define BLKGETSIZE64 _IOR(0x12, 114, size_t)

static void node(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		printf("%s: errno=%s\n", path, t_errname(errno));
		return;
	}
	printf("%s: blk=%d major=%u minor=%u mode=%o uid=%u gid=%u\n", path, S_ISBLK(st.st_mode),
	       major(st.st_rdev), minor(st.st_rdev), st.st_mode & 07777, st.st_uid, st.st_gid);
}

static void sizes(const char *path)
{
	int fd = open(path, O_RDWR);
	if (fd < 0) {
		printf("open %s: errno=%s\n", path, t_errname(errno));
		return;
	}
	uint64_t bytes = 0;
	unsigned long sectors = 0;
	int ssz = 0, pbsz = 0, ro = -1;
	off_t end = lseek(fd, 0, SEEK_END);
	printf("%s: SEEK_END %lld\n", path, (long long)end);
	T_CHECK(ioctl(fd, BLKGETSIZE64, &bytes));
	T_CHECK(ioctl(fd, BLKGETSIZE, &sectors));
	T_CHECK(ioctl(fd, BLKSSZGET, &ssz));
	T_CHECK(ioctl(fd, BLKPBSZGET, &pbsz));
	T_CHECK(ioctl(fd, BLKROGET, &ro));
	printf("bytes %llu sectors %lu ssz %d pbsz %d ro %d\n", (unsigned long long)bytes, sectors,
	       ssz, pbsz, ro);
	T_YES(bytes == (uint64_t)end && sectors * 512 == bytes);
	T_CHECK(ioctl(fd, BLKFLSBUF, 0));
	T_CHECK(ioctl(fd, BLKGETSIZE64, (void *)8));
	T_CHECK(ioctl(fd, 0x12ff, 0));
	T_CHECK(lseek(fd, end + 1, SEEK_SET));
	T_CHECK(lseek(fd, -1, SEEK_SET));
	T_YES(lseek(fd, 4096, SEEK_DATA) == 4096);
	T_YES(lseek(fd, 4096, SEEK_HOLE) == end);
	T_CHECK(lseek(fd, end, SEEK_DATA));
	char buf[512];
	T_YES(lseek(fd, end, SEEK_SET) == end);
	T_CHECK(read(fd, buf, sizeof(buf)));
	T_CHECK(write(fd, buf, sizeof(buf)));
	T_YES(pread(fd, buf, sizeof(buf), end - 100) == 100);
	T_CHECK(pread(fd, buf, sizeof(buf), end));
	close(fd);
}

int main(void)
{
	node("/dev/vda");
	node("/dev/vda1");
	node("/dev/vda2");
	node("/dev/vda3");
	sizes("/dev/vda");
	sizes("/dev/vda1");
	sizes("/dev/vda2");
	return 0;
}
