/* SPDX-License-Identifier: BSD-2-Clause */
/* FUTEX_CMP_REQUEUE wakes some waiters and moves the others to a second
 * word; a wrong compare value is EAGAIN. */
#include "t.h"
#include <pthread.h>

static int w1, w2, arrived, woken;

static void *waiter(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
	while (t_futex(&w1, FUTEX_WAIT, 0, NULL, NULL, 0) != 0 && errno == EINTR)
		;
	__atomic_fetch_add(&woken, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

int main(void)
{
	pthread_t th[4];

	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, waiter, NULL);
	while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) < 4)
		sched_yield();
	t_sleep_ms(200);
	T_CHECK(t_futex(&w1, FUTEX_CMP_REQUEUE, 1, (void *)2L, &w2, 7));
	printf("cmp_requeue wake 1 move 2: %ld\n",
	       t_futex(&w1, FUTEX_CMP_REQUEUE, 1, (void *)2L, &w2, 0));
	t_sleep_ms(100);
	printf("woken: %d\n", woken);
	printf("wake on w1: %ld\n", t_futex(&w1, FUTEX_WAKE, 10, NULL, NULL, 0));
	t_sleep_ms(100);
	printf("wake on w2: %ld\n", t_futex(&w2, FUTEX_WAKE, 10, NULL, NULL, 0));
	t_sleep_ms(100);
	printf("woken: %d\n", woken);
	printf("requeue (no compare) with nobody waiting: %ld\n",
	       t_futex(&w1, FUTEX_REQUEUE, 1, (void *)1L, &w2, 0));
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	return 0;
}
