/* SPDX-License-Identifier: BSD-2-Clause */
/* Eight threads increment one counter under a mutex: no update is lost.
 * Also trylock, recursive and error-checking mutexes. */
#include "t.h"
#include <pthread.h>

#define THREADS 8
#define ROUNDS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *bump(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		if (i % 1000 == 0)
			sched_yield();
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(void)
{
	pthread_t th[THREADS];
	pthread_mutexattr_t a;
	pthread_mutex_t rec, chk;

	for (int i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, bump, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	printf("counter %ld (want %d)\n", counter, THREADS * ROUNDS);

	pthread_mutex_lock(&lock);
	printf("trylock held: %s\n", t_errname(pthread_mutex_trylock(&lock)));
	pthread_mutex_unlock(&lock);
	printf("trylock free: %s\n", t_errname(pthread_mutex_trylock(&lock)));
	pthread_mutex_unlock(&lock);

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&rec, &a);
	int r1 = pthread_mutex_lock(&rec);
	int r2 = pthread_mutex_lock(&rec);
	int r3 = pthread_mutex_unlock(&rec);
	int r4 = pthread_mutex_unlock(&rec);
	printf("recursive: %d %d %d %d, then unlock %s\n", r1, r2, r3, r4,
	       t_errname(pthread_mutex_unlock(&rec)));
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&chk, &a);
	pthread_mutex_lock(&chk);
	printf("errorcheck relock: %s\n", t_errname(pthread_mutex_lock(&chk)));
	pthread_mutex_unlock(&chk);
	printf("errorcheck unlock unlocked: %s\n", t_errname(pthread_mutex_unlock(&chk)));
	return 0;
}
