/* SPDX-License-Identifier: BSD-2-Clause */
/* FUTEX_WAKE_BITSET wakes only the waiters whose bitset intersects. */
#include "t.h"
#include <pthread.h>

static int word, arrived;
static volatile int woken_mask;

static void *waiter(void *arg)
{
	int bits = (int)(long)arg;

	__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
	while (t_futex(&word, FUTEX_WAIT_BITSET, 0, NULL, NULL, bits) != 0 && errno == EINTR)
		;
	__atomic_fetch_or((int *)&woken_mask, bits, __ATOMIC_SEQ_CST);
	return NULL;
}

int main(void)
{
	pthread_t th[3];
	static const int bits[3] = { 1, 2, 4 };

	for (int i = 0; i < 3; i++)
		pthread_create(&th[i], NULL, waiter, (void *)(long)bits[i]);
	while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) < 3)
		sched_yield();
	t_sleep_ms(200);
	printf("wake bitset 2: %ld\n", t_futex(&word, FUTEX_WAKE_BITSET, 10, NULL, NULL, 2));
	t_sleep_ms(100);
	printf("woken mask %d\n", woken_mask);
	printf("wake bitset 8: %ld\n", t_futex(&word, FUTEX_WAKE_BITSET, 10, NULL, NULL, 8));
	printf("wake bitset 5: %ld\n", t_futex(&word, FUTEX_WAKE_BITSET, 10, NULL, NULL, 5));
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	printf("woken mask %d\n", woken_mask);
	T_CHECK(t_futex(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0));
	return 0;
}
