/* SPDX-License-Identifier: BSD-2-Clause */
/* A 64 MiB anonymous mapping touched sparsely, then densely in part, and
 * a malloc'd 16 MiB buffer filled and checked. */
#include "t.h"
#include <sys/mman.h>

#define MIB (1024L * 1024)

int main(void)
{
	unsigned char *p = mmap(NULL, 64 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long sum = 0;

	T_YES(p != MAP_FAILED);
	for (long i = 0; i < 64; i++)
		p[i * MIB + i] = (unsigned char)i;
	for (long i = 0; i < 64; i++)
		sum += p[i * MIB + i];
	printf("sparse sum %lu\n", sum);
	memset(p + 8 * MIB, 0xab, 8 * MIB);
	sum = 0;
	for (long i = 8 * MIB; i < 16 * MIB; i += 4096)
		sum += p[i];
	printf("dense sum %lu\n", sum);
	T_CHECK(munmap(p, 64 * MIB));
	unsigned *m = malloc(16 * MIB);
	T_YES(m != NULL);
	for (unsigned i = 0; i < 4 * MIB; i++)
		m[i] = i * 2654435761u;
	int ok = 1;
	for (unsigned i = 0; i < 4 * MIB; i++)
		ok &= m[i] == i * 2654435761u;
	T_YES(ok);
	free(m);
	return 0;
}
