/* SPDX-License-Identifier: BSD-2-Clause */
/* getrandom flags: NONBLOCK, RANDOM and INSECURE alone work, INSECURE with
 * RANDOM and unknown flags are EINVAL, length 0 gives 0, a bad buffer
 * EFAULT; two reads differ. */
#include "t.h"

static long gr(void *b, size_t n, unsigned f)
{
	return syscall(SYS_getrandom, b, n, f);
}

int main(void)
{
	unsigned char a[32] = { 0 }, b[32] = { 0 };

	printf("plain %ld\n", gr(a, sizeof a, 0));
	printf("nonblock %ld\n", gr(b, sizeof b, 1));
	T_YES(memcmp(a, b, sizeof a) != 0);
	printf("random %ld\n", gr(a, 16, 2));
	printf("insecure %ld\n", gr(a, 16, 4));
	printf("zero %ld\n", gr(a, 0, 0));
	T_CHECK(gr(a, 16, 6));
	T_CHECK(gr(a, 16, 8));
	T_CHECK(gr(a, 16, 0x80));
	T_CHECK(gr((void *)8, 16, 0));
	static unsigned char big[100000];
	long n = gr(big, sizeof big, 0);
	T_YES(n > 0 && n <= (long)sizeof big);
	return 0;
}
