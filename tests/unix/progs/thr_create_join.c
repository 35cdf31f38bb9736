/* SPDX-License-Identifier: BSD-2-Clause */
/* pthread_create and pthread_join: arguments in, results out, threads
 * share the address space. */
#include "t.h"
#include <pthread.h>

static int shared[4];

static void *work(void *arg)
{
	long n = (long)arg;

	shared[n] = (int)(n * 10);
	return (void *)(n * n);
}

int main(void)
{
	pthread_t th[4];
	void *ret;

	for (long i = 0; i < 4; i++)
		printf("create %ld: %d\n", i, pthread_create(&th[i], NULL, work, (void *)i));
	for (int i = 3; i >= 0; i--) {
		int r = pthread_join(th[i], &ret);

		printf("join %d: %d result %ld shared %d\n", i, r, (long)ret, shared[i]);
	}
	T_YES(pthread_equal(pthread_self(), pthread_self()));
	T_YES(!pthread_equal(th[0], th[1]));
	return 0;
}
