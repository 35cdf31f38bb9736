/* File mappings on ext2: MAP_SHARED stores reach the file (msync) and
 * survive umount and mount; a mapping keeps the mount busy; MAP_PRIVATE
 * stores do not reach it. */
#include "ext2_t.h"
#include <sys/mman.h>

int main(void)
{
	char buf[16];

	e2_mount(0);
	T_CHECK(e2_put(E2_MNT "/m", '.', 8192));
	int fd = open(E2_MNT "/m", O_RDWR);
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *q = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	T_YES(p != MAP_FAILED && q != MAP_FAILED);
	close(fd);
	memcpy(p + 4096, "shared", 6);
	memcpy(q, "private", 7);
	T_CHECK(msync(p, 8192, MS_SYNC));
	T_CHECK(umount(E2_MNT));
	munmap(p, 8192);
	munmap(q, 8192);
	e2_umount();
	e2_mount(0);
	fd = open(E2_MNT "/m", O_RDONLY);
	T_YES(pread(fd, buf, 8, 4095) == 8);
	printf("at 4095: %.8s\n", buf);
	T_YES(pread(fd, buf, 8, 0) == 8);
	printf("at 0: %.8s\n", buf);
	close(fd);
	T_CHECK(unlink(E2_MNT "/m"));
	e2_umount();
	return 0;
}
