/* SPDX-License-Identifier: BSD-2-Clause */
/* pthread_exit's value reaches pthread_join, from any call depth. */
#include "t.h"
#include <pthread.h>

static void deep(int n)
{
	if (n <= 0)
		pthread_exit((void *)42);
	if (n < 1000)
		deep(n - 1);
}

static void *leaf(void *arg)
{
	deep((int)(long)arg);
	return (void *)1;
}

int main(void)
{
	pthread_t th;
	void *ret;

	pthread_create(&th, NULL, leaf, (void *)10);
	pthread_join(th, &ret);
	printf("pthread_exit value %ld\n", (long)ret);
	pthread_create(&th, NULL, leaf, (void *)0);
	pthread_join(th, &ret);
	printf("pthread_exit value at depth 0: %ld\n", (long)ret);
	return 0;
}
