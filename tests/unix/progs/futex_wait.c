/* SPDX-License-Identifier: BSD-2-Clause */
/* FUTEX_WAIT: a wrong expected value is EAGAIN at once, a timeout is
 * ETIMEDOUT after at least the time asked, a bad address EFAULT, a bad
 * op ENOSYS; FUTEX_WAKE without waiters wakes 0. */
#include "t.h"

int main(void)
{
	static int word = 5;
	struct timespec ts = { 0, 100000000 };
	struct timespec start = t_now();

	T_CHECK(t_futex(&word, FUTEX_WAIT, 4, NULL, NULL, 0));
	T_CHECK(t_futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 4, NULL, NULL, 0));
	start = t_now();
	T_CHECK(t_futex(&word, FUTEX_WAIT, 5, &ts, NULL, 0));
	T_YES(t_ms(start) >= 100);
	T_CHECK(t_futex(&word, FUTEX_WAIT_BITSET, 5, NULL, NULL, 0));  /* bitset 0: EINVAL */
	T_CHECK(t_futex((int *)8, FUTEX_WAIT, 0, NULL, NULL, 0));
	T_CHECK(t_futex((int *)((char *)&word + 1), FUTEX_WAIT, 5, NULL, NULL, 0));
	ts.tv_nsec = 2000000000;
	T_CHECK(t_futex(&word, FUTEX_WAIT, 5, &ts, NULL, 0));
	printf("wake with no waiter: %ld\n", t_futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0));
	T_CHECK(t_futex(&word, 99, 0, NULL, NULL, 0));
	/* absolute timeout on CLOCK_MONOTONIC with FUTEX_WAIT_BITSET */
	start = t_now();
	struct timespec abs = start;
	abs.tv_nsec += 50000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	T_CHECK(t_futex(&word, FUTEX_WAIT_BITSET, 5, &abs, NULL, -1));
	T_YES(t_ms(start) >= 50);
	return 0;
}
