/* SPDX-License-Identifier: BSD-2-Clause */
/* MADV_DONTNEED: private anonymous pages read back as zero, shared ones
 * and private file pages read back their backing content. */
#include "t.h"
#include <sys/mman.h>

#define PAGE 4096

int main(void)
{
	char *priv = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *shr = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	T_YES(priv != MAP_FAILED && shr != MAP_FAILED);
	memset(priv, 'p', 2 * PAGE);
	memset(shr, 's', 2 * PAGE);
	T_CHECK(madvise(priv, PAGE, MADV_DONTNEED));
	T_CHECK(madvise(shr, PAGE, MADV_DONTNEED));
	printf("private after DONTNEED: '%c' (next page '%c')\n", priv[0] ? priv[0] : '0', priv[PAGE]);
	printf("shared after DONTNEED: '%c'\n", shr[0] ? shr[0] : '0');

	t_scratch("mem_madvise");
	int fd = open("/tmp/mem_madvise/f", O_RDWR | O_CREAT, 0644);
	char page[PAGE];
	memset(page, 'f', PAGE);
	if (fd < 0 || write(fd, page, PAGE) != PAGE)
		t_die("file");
	char *fp = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	T_YES(fp != MAP_FAILED && fp[0] == 'f');
	fp[0] = 'w';
	T_YES(fp[0] == 'w');
	T_CHECK(madvise(fp, PAGE, MADV_DONTNEED));
	printf("private file page after DONTNEED: '%c'\n", fp[0]);

	T_CHECK(madvise(priv, 2 * PAGE, MADV_WILLNEED));
	T_CHECK(madvise(priv, 2 * PAGE, MADV_NORMAL));
	T_CHECK(madvise(priv + 1, PAGE, MADV_DONTNEED));
	T_CHECK(madvise(priv, PAGE, 12345));
	T_CHECK(munmap(priv, 2 * PAGE));
	T_CHECK(madvise(priv, PAGE, MADV_WILLNEED));
	return 0;
}
