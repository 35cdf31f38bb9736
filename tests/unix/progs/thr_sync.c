/* SPDX-License-Identifier: BSD-2-Clause */
/* Semaphores, a barrier (exactly one serial thread per round), a
 * read-write lock and pthread_once across four threads. */
#include "t.h"
#include <pthread.h>
#include <semaphore.h>

#define N 4

static pthread_barrier_t bar;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static sem_t sem;
static int serial, once_runs, shared_value;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void init_once(void) { once_runs++; }

static void *work(void *arg)
{
	(void)arg;
	pthread_once(&once, init_once);
	for (int round = 0; round < 3; round++) {
		if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD) {
			pthread_mutex_lock(&lock);
			serial++;
			pthread_mutex_unlock(&lock);
		}
	}
	for (int i = 0; i < 100; i++) {
		pthread_rwlock_wrlock(&rw);
		shared_value++;
		pthread_rwlock_unlock(&rw);
		pthread_rwlock_rdlock(&rw);
		(void)shared_value;
		pthread_rwlock_unlock(&rw);
	}
	sem_post(&sem);
	return NULL;
}

int main(void)
{
	pthread_t th[N];
	int v;

	pthread_barrier_init(&bar, NULL, N);
	sem_init(&sem, 0, 0);
	for (int i = 0; i < N; i++)
		pthread_create(&th[i], NULL, work, NULL);
	for (int i = 0; i < N; i++)
		sem_wait(&sem);
	for (int i = 0; i < N; i++)
		pthread_join(th[i], NULL);
	printf("once ran %d time(s), serial threads %d, value %d\n", once_runs, serial, shared_value);
	sem_getvalue(&sem, &v);
	printf("sem value %d, trywait: %s\n", v, sem_trywait(&sem) == 0 ? "ok" : t_errname(errno));
	pthread_rwlock_rdlock(&rw);
	printf("tryrdlock while read-locked: %d\n", pthread_rwlock_tryrdlock(&rw));
	printf("trywrlock while read-locked: %s\n", t_errname(pthread_rwlock_trywrlock(&rw)));
	return 0;
}
