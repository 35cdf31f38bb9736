/* SPDX-License-Identifier: BSD-2-Clause */
/* FUTEX_WAKE wakes at most the number asked and reports how many;
 * waiters on a MAP_SHARED word in other processes wake too. */
#include "t.h"
#include <pthread.h>
#include <sys/mman.h>

static int word, arrived, woken;

static void *waiter(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
	while (t_futex(&word, FUTEX_WAIT, 0, NULL, NULL, 0) != 0 && errno == EINTR)
		;
	__atomic_fetch_add(&woken, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

int main(void)
{
	pthread_t th[3];

	for (int i = 0; i < 3; i++)
		pthread_create(&th[i], NULL, waiter, NULL);
	while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) < 3)
		sched_yield();
	t_sleep_ms(200);  /* all three are asleep in the kernel by now */
	printf("wake 2: %ld\n", t_futex(&word, FUTEX_WAKE, 2, NULL, NULL, 0));
	t_sleep_ms(100);
	printf("woken so far: %d\n", woken);
	printf("wake 5: %ld\n", t_futex(&word, FUTEX_WAKE, 5, NULL, NULL, 0));
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	printf("woken: %d\n", woken);

	int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid = t_fork();
	if (pid == 0) {
		shared[1] = 1;
		long r = t_futex(&shared[0], FUTEX_WAIT, 0, NULL, NULL, 0);
		_exit(r == 0 ? 0 : 1);
	}
	while (__atomic_load_n(&shared[1], __ATOMIC_SEQ_CST) == 0)
		sched_yield();
	t_sleep_ms(200);
	printf("shared wake across processes: %ld\n", t_futex(&shared[0], FUTEX_WAKE, 1, NULL, NULL, 0));
	printf("child: %s\n", t_wait(pid));
	printf("private wake of the shared word: %ld\n",
	       t_futex(&shared[0], FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0));
	return 0;
}
