/* SPDX-License-Identifier: BSD-2-Clause */
/* pthread keys: per-thread values, destructors run at thread exit (not
 * for NULL values); cancellation of a thread blocked in a cancellation
 * point returns PTHREAD_CANCELED. */
#include "t.h"
#include <pthread.h>

static pthread_key_t key;
static int destroyed;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void destroy(void *v)
{
	pthread_mutex_lock(&lock);
	destroyed += (int)(long)v;
	pthread_mutex_unlock(&lock);
}

static void *work(void *arg)
{
	if (arg)
		pthread_setspecific(key, arg);
	return (void *)(long)(pthread_getspecific(key) == arg);
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

int main(void)
{
	pthread_t th[3];
	void *ok;

	pthread_key_create(&key, destroy);
	pthread_setspecific(key, (void *)1000);
	for (long i = 0; i < 3; i++)
		pthread_create(&th[i], NULL, work, (void *)(i == 1 ? 0 : i + 1));
	for (int i = 0; i < 3; i++) {
		pthread_join(th[i], &ok);
		printf("thread %d saw its own value: %s\n", i, ok ? "yes" : "no");
	}
	printf("destructor sum %d, main's value %ld\n", destroyed, (long)pthread_getspecific(key));
	pthread_create(&th[0], NULL, sleeper, NULL);
	t_sleep_ms(20);
	printf("cancel: %d\n", pthread_cancel(th[0]));
	pthread_join(th[0], &ok);
	printf("joined: canceled %s\n", ok == PTHREAD_CANCELED ? "yes" : "no");
	return 0;
}
