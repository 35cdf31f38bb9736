/* SPDX-License-Identifier: BSD-2-Clause */
/* memfd_create: an anonymous regular file (read, write, truncate, mmap,
 * fork), MFD_CLOEXEC, bad flags and long names EINVAL, seals: a memfd
 * without MFD_ALLOW_SEALING has F_SEAL_SEAL, a pipe has no seals (EINVAL);
 * MFD_ALLOW_SEALING is t2_memfd_seal. */
#include "t.h"
#include <sys/mman.h>

#define MFD_CLOEXEC_ 1U

static long mfd(const char *name, unsigned flags)
{
	return syscall(SYS_memfd_create, name, flags);
}

int main(void)
{
	struct stat st;
	char buf[16] = { 0 }, name[300];

	int fd = T_CHECK(mfd("t2", 0));
	if (fd < 0)
		return 0;
	T_CHECK(fstat(fd, &st));
	printf("reg %d mode %o size %ld nlink %ld\n", S_ISREG(st.st_mode), st.st_mode & 07777,
	       (long)st.st_size, (long)st.st_nlink);
	printf("cloexec %d\n", fcntl(fd, F_GETFD));
	printf("fl rdwr %d\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
	T_YES(write(fd, "hello", 5) == 5);
	T_YES(pread(fd, buf, sizeof buf, 0) == 5);
	printf("read '%s'\n", buf);
	T_CHECK(ftruncate(fd, 8192));
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	T_YES(m != MAP_FAILED);
	if (m != MAP_FAILED) {
		m[4096] = 'Z';
		T_YES(pread(fd, buf, 1, 4096) == 1 && buf[0] == 'Z');
	}
	pid_t c = t_fork();
	if (c == 0) {
		pwrite(fd, "child", 5, 0);
		_exit(0);
	}
	t_wait(c);
	T_YES(pread(fd, buf, 5, 0) == 5 && memcmp(buf, "child", 5) == 0);
	int fd2 = T_CHECK(mfd("t2", MFD_CLOEXEC_));
	printf("cloexec %d\n", fcntl(fd2, F_GETFD));
	T_CHECK(mfd("x", 0x100));
	T_CHECK(mfd("x", 0x80000000U));
	memset(name, 'n', sizeof name);
	name[249] = 0;
	T_CHECK(mfd(name, 0));
	name[249] = 'n';
	name[250] = 0;
	T_CHECK(mfd(name, 0));
	T_CHECK(mfd((const char *)8, 0));
	printf("seals plain %d\n", fcntl(fd, F_GET_SEALS));
	T_CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	int pfd[2];
	pipe(pfd);
	T_CHECK(fcntl(pfd[0], F_GET_SEALS));
	T_CHECK(fcntl(pfd[1], F_ADD_SEALS, F_SEAL_SEAL));
	return 0;
}
