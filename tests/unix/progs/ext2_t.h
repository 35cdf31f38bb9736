/* ext2_t.h - what the ext2_ tests share: the test disk's ext2 partition
 * (/dev/vda1, tools/mkdisk --unix-test-disk) mounted at /tmp/e2.  Each test
 * mounts it, leaves it as it found it, and unmounts it, so that the next
 * test (and e2fsck -fn after the run) sees the same file system. */
#ifndef UNIX_TEST_EXT2_T_H
#define UNIX_TEST_EXT2_T_H

#include "t.h"
#include <sys/mount.h>
#include <sys/statfs.h>

#define E2_DEV "/dev/vda1"
#define E2_MNT "/tmp/e2"

static inline void e2_mount(unsigned long flags)
{
	mkdir(E2_MNT, 0755);
	if (mount(E2_DEV, E2_MNT, "ext2", flags, NULL))
		t_die("mount " E2_DEV);
}

static inline void e2_umount(void)
{
	T_CHECK(umount(E2_MNT));
}

/* Writes n bytes of c to path (created 0644); 0 or -1. */
static inline int e2_put(const char *path, int c, size_t n)
{
	char buf[4096];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	memset(buf, c, sizeof buf);
	if (fd < 0)
		return -1;
	while (n) {
		size_t k = n < sizeof buf ? n : sizeof buf;
		if (write(fd, buf, k) != (ssize_t)k)
			break;
		n -= k;
	}
	close(fd);
	return n ? -1 : 0;
}

static inline void e2_stat(const char *path)
{
	struct stat st;

	if (lstat(path, &st)) {
		printf("lstat %s: errno=%s\n", path, t_errname(errno));
		return;
	}
	printf("%s: mode=%o nlink=%lu uid=%u size=%lld blocks=%lld\n", path,
	       (unsigned)st.st_mode, (unsigned long)st.st_nlink, (unsigned)st.st_uid,
	       (long long)st.st_size, (long long)st.st_blocks);
}

#endif
