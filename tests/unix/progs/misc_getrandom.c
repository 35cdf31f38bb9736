/* SPDX-License-Identifier: BSD-2-Clause */
/* getrandom: the bytes asked, different each call, flags checked. */
#include "t.h"
#include <sys/random.h>

int main(void)
{
	unsigned char a[32], b[32];

	printf("getrandom 32: %zd\n", getrandom(a, sizeof a, 0));
	printf("GRND_NONBLOCK: %zd\n", getrandom(b, sizeof b, GRND_NONBLOCK));
	T_YES(memcmp(a, b, sizeof a) != 0);
	printf("GRND_RANDOM: %zd\n", getrandom(b, 16, GRND_RANDOM));
	printf("0 bytes: %zd\n", getrandom(b, 0, 0));
	T_CHECK(getrandom(b, 16, 0x100));
	T_CHECK(getrandom((void *)8, 16, 0));
	static unsigned char big[1 << 20];
	ssize_t n = getrandom(big, sizeof big, 0);
	printf("1 MiB request got > 0: %s\n", n > 0 ? "yes" : "no");
	return 0;
}
