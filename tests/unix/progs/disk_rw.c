/*
 * disk_rw: reading and writing /dev/vda2 (the test disk's raw partition) at
 * byte offsets and lengths that are not whole blocks, across the 128 KiB
 * and 1 MiB boundaries of the transfers, and over the end: what is written
 * reads back through another descriptor and through /dev/vda at the
 * partition's offset after fsync, the bytes around it are as they were
 * (the first 3.5 MiB zeroed first, whatever other tests left there), and
 * a write running over the end is cut short there.  Also the GPT's signature and
 * the ext2 magic of vda1 as the image was made.
 */
#include "t.h"
#include <sys/ioctl.h>

static unsigned char pat(long i, int seed)
{
	return (unsigned char)(i * 7 + (i >> 9) + seed);
}

static unsigned char big[1 << 21], back[1 << 21];

/* n bytes of the pattern at off of fd, read back through fd2; the byte
 * before and after unchanged (zero: the partition starts zeroed). */
static void span(int fd, int fd2, long off, long n, int seed)
{
	for (long i = 0; i < n; i++)
		big[i] = pat(i, seed);
	long w = pwrite(fd, big, n, off);
	memset(back, 0xaa, n + 2);
	long r = pread(fd2, back, n + 2, off - 1);
	printf("write %ld at %ld: %ld; read back %ld; same %s; around %d %d\n", n, off, w, r,
	       memcmp(back + 1, big, n) ? "no" : "yes", back[0], back[n + 1]);
}

int main(void)
{
	int fd = open("/dev/vda2", O_RDWR), fd2 = open("/dev/vda2", O_RDONLY);
	int whole = open("/dev/vda", O_RDONLY), p1 = open("/dev/vda1", O_RDONLY);
	if (fd < 0 || fd2 < 0 || whole < 0 || p1 < 0)
		t_die("open");
	char sig[9] = { 0 };
	T_YES(pread(whole, sig, 8, 512) == 8);
	printf("GPT signature '%s'\n", sig);
	unsigned char magic[2];
	T_YES(pread(p1, magic, 2, 1080) == 2);
	printf("ext2 magic %02x%02x\n", magic[1], magic[0]);
	/* zeroes first where the spans go: what other tests wrote there does not count */
	memset(big, 0, sizeof(big));
	T_YES(pwrite(fd, big, sizeof(big), 0) == sizeof(big));
	T_YES(pwrite(fd, big, 3 << 19, sizeof(big)) == 3 << 19);
	span(fd, fd2, 1, 10, 1);
	span(fd, fd2, 4095, 2, 2);
	span(fd, fd2, 8192 - 3, 4096 + 6, 3);
	span(fd, fd2, 65536 + 17, 131072 + 100, 4);
	span(fd, fd2, 300000, (1 << 20) + 4096 * 3 + 5, 5);
	span(fd, fd2, 2000000, 1 << 20, 6);
	/* the partition through the whole disk (vda2 starts at sector 24576),
	 * once written back: Linux caches each device's pages apart */
	T_CHECK(fsync(fd));
	unsigned char a[600], b[600];
	T_YES(pread(fd2, a, sizeof(a), 4090) == sizeof(a));
	T_YES(pread(whole, b, sizeof(b), 24576LL * 512 + 4090) == sizeof(b));
	T_YES(!memcmp(a, b, sizeof(a)));
	off_t end = lseek(fd, 0, SEEK_END);
	T_YES(pwrite(fd, big, 1000, end - 300) == 300);
	T_YES(pread(fd2, back, 1000, end - 300) == 300 && !memcmp(back, big, 300));
	T_CHECK(fsync(fd));
	/* the file position moves by what was done */
	T_YES(lseek(fd, 10, SEEK_SET) == 10);
	T_YES(write(fd, "hello", 5) == 5 && lseek(fd, 0, SEEK_CUR) == 15);
	T_YES(read(fd, back, 3) == 3 && lseek(fd, 0, SEEK_CUR) == 18);
	close(fd);
	close(fd2);
	return 0;
}
