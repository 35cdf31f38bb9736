/* SPDX-License-Identifier: BSD-2-Clause */
/* file_copy: sendfile and copy_file_range (offsets, positions, short ends,
 * into a pipe), fallocate, fadvise64, readahead, sync_file_range, close_range. */
#include "t.h"
#include <sys/sendfile.h>

#define CLOSE_RANGE_CLOEXEC 4

static long cfr(int in, off_t *ioff, int out, off_t *ooff, size_t n, unsigned flags)
{
	return syscall(SYS_copy_file_range, in, ioff, out, ooff, n, flags);
}

int main(void)
{
	const char *dir = t_scratch("file_copy");
	char src[600], dst[600];
	snprintf(src, sizeof src, "%s/src", dir);
	snprintf(dst, sizeof dst, "%s/dst", dir);
	int in = open(src, O_RDWR | O_CREAT, 0644);
	static char big[200000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	write(in, big, sizeof big);
	int out = open(dst, O_RDWR | O_CREAT | O_TRUNC, 0644);

	/* sendfile with an offset: the input's position stays */
	lseek(in, 5, SEEK_SET);
	off_t off = 10;
	long got = (long)sendfile(out, in, &off, 100000);
	printf("sendfile=%ld off=%ld pos=%ld\n", got, (long)off, (long)lseek(in, 0, SEEK_CUR));
	/* without: from and past the position */
	got = (long)sendfile(out, in, NULL, 50);
	printf("sendfile=%ld pos=%ld\n", got, (long)lseek(in, 0, SEEK_CUR));
	off = 199990;
	got = (long)sendfile(out, in, &off, 100);
	printf("sendfile at the end=%ld off=%ld\n", got, (long)off);
	off = 300000;
	printf("sendfile past the end=%ld\n", (long)sendfile(out, in, &off, 100));
	struct stat s;
	fstat(out, &s);
	printf("dst size=%ld\n", (long)s.st_size);
	char buf[64];
	pread(out, buf, 8, 100000);
	printf("dst[100000..]=%.8s\n", buf);
	/* into a pipe: as much as it takes (non-blocking) */
	int p[2];
	pipe(p);
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	off = 0;
	long n = sendfile(p[1], in, &off, 200000);
	printf("into a pipe=%ld off==n:%s\n", n, off == n ? "yes" : "no");
	T_CHECK(sendfile(p[1], in, &off, 10));
	T_CHECK(sendfile(out, p[0], NULL, 10));
	T_CHECK(sendfile(in, out, NULL, 10));   /* out is O_RDWR: fine */
	int rd = open(src, O_RDONLY), ap = open(dst, O_WRONLY | O_APPEND);
	T_CHECK(sendfile(rd, in, NULL, 10));
	T_CHECK(sendfile(ap, in, NULL, 10));
	T_CHECK(sendfile(out, 99, NULL, 10));
	off = -1;
	T_CHECK(sendfile(out, in, &off, 10));
	T_CHECK(sendfile(out, in, (off_t *)8, 10));
	T_CHECK(sendfile(out, in, NULL, 0));

	/* copy_file_range */
	off_t io = 26, oo = 0;
	ftruncate(out, 0);
	got = cfr(in, &io, out, &oo, 52, 0);
	printf("cfr=%ld io=%ld oo=%ld\n", got, (long)io, (long)oo);
	pread(out, buf, 8, 0);
	printf("dst=%.8s\n", buf);
	lseek(in, 0, SEEK_SET);
	lseek(out, 0, SEEK_END);
	got = cfr(in, NULL, out, NULL, 26, 0);
	printf("cfr=%ld in pos=%ld out pos=%ld\n", got, (long)lseek(in, 0, SEEK_CUR),
	       (long)lseek(out, 0, SEEK_CUR));
	io = 0; oo = 10;
	T_CHECK(cfr(in, &io, in, &oo, 20, 0));  /* overlapping */
	io = 0; oo = 1000;
	T_CHECK(cfr(in, &io, in, &oo, 20, 0));
	T_CHECK(cfr(in, NULL, out, NULL, 10, 1));
	T_CHECK(cfr(in, NULL, ap, NULL, 10, 0));
	T_CHECK(cfr(p[0], NULL, out, NULL, 10, 0));
	int d = open(dir, O_RDONLY | O_DIRECTORY);
	T_CHECK(cfr(d, NULL, out, NULL, 10, 0));
	io = 500000;
	printf("cfr past the end=%ld\n", cfr(in, &io, out, NULL, 10, 0));

	/* fallocate */
	T_CHECK(fallocate(out, 0, 0, 4096));
	T_CHECK(fallocate(out, 0, 1 << 20, 10));
	fstat(out, &s);
	printf("size after fallocate=%ld\n", (long)s.st_size);
	T_CHECK(fallocate(out, FALLOC_FL_KEEP_SIZE, 2 << 20, 10));
	fstat(out, &s);
	printf("size after keep_size=%ld\n", (long)s.st_size);
	T_CHECK(fallocate(out, 0, -1, 10));
	T_CHECK(fallocate(out, 0, 0, 0));
	T_CHECK(fallocate(out, 0x100, 0, 10));
	T_CHECK(fallocate(rd, 0, 0, 10));
	T_CHECK(fallocate(p[1], 0, 0, 10));
	T_CHECK(fallocate(d, 0, 0, 10));
	T_CHECK(fallocate(out, 0, 0x7fffffffffffffffLL, 10));

	/* advice */
	T_CHECK(posix_fadvise(out, 0, 0, POSIX_FADV_SEQUENTIAL) ? (errno = posix_fadvise(out, 0, 0, POSIX_FADV_SEQUENTIAL), -1) : 0);
	T_CHECK(syscall(SYS_fadvise64, out, 0, 0, 9));
	T_CHECK(syscall(SYS_fadvise64, p[0], 0, 0, 0));
	T_CHECK(syscall(SYS_fadvise64, 99, 0, 0, 0));
	T_CHECK(syscall(SYS_fadvise64, out, 0, -1, 0));
	T_CHECK(readahead(in, 0, 4096));
	T_CHECK(readahead(p[0], 0, 4096));
	T_CHECK(readahead(ap, 0, 4096));
	T_CHECK(sync_file_range(out, 0, 0, SYNC_FILE_RANGE_WRITE));
	T_CHECK(sync_file_range(out, 0, 0, 8));
	T_CHECK(sync_file_range(out, -1, 0, 0));
	T_CHECK(sync_file_range(p[0], 0, 0, 0));

	/* close_range */
	int base = dup2(in, 40);
	dup2(in, 41);
	dup2(in, 43);
	T_CHECK(syscall(SYS_close_range, 41, 42, CLOSE_RANGE_CLOEXEC));
	printf("41 cloexec=%d 43 cloexec=%d\n", fcntl(41, F_GETFD), fcntl(43, F_GETFD));
	T_CHECK(syscall(SYS_close_range, base, ~0u, 0));
	printf("40 open=%s 43 open=%s\n", fcntl(40, F_GETFD) < 0 ? "no" : "yes",
	       fcntl(43, F_GETFD) < 0 ? "no" : "yes");
	T_CHECK(syscall(SYS_close_range, 5, 4, 0));
	T_CHECK(syscall(SYS_close_range, 0, 1, 1));
	t_rmtree(dir);
	return 0;
}
