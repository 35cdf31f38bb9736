/* SPDX-License-Identifier: BSD-2-Clause */
/* A bounded queue with two condition variables: two producers, two
 * consumers, every item consumed once; timedwait times out. */
#include "t.h"
#include <pthread.h>

#define ITEMS 500
#define SLOTS 4

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static int queue[SLOTS], head, count, done_producers;
static long sums[2], seen[2];

static void *producer(void *arg)
{
	long base = (long)arg;

	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&lock);
		while (count == SLOTS)
			pthread_cond_wait(&not_full, &lock);
		queue[(head + count++) % SLOTS] = (int)(base + i);
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	done_producers++;
	pthread_cond_broadcast(&not_empty);
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *consumer(void *arg)
{
	long me = (long)arg;

	pthread_mutex_lock(&lock);
	for (;;) {
		while (count == 0 && done_producers < 2)
			pthread_cond_wait(&not_empty, &lock);
		if (count == 0)
			break;
		sums[me] += queue[head];
		seen[me]++;
		head = (head + 1) % SLOTS;
		count--;
		pthread_cond_signal(&not_full);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t p[2], c[2];
	struct timespec ts;

	for (long i = 0; i < 2; i++) {
		pthread_create(&c[i], NULL, consumer, (void *)i);
		pthread_create(&p[i], NULL, producer, (void *)(i * 1000));
	}
	for (int i = 0; i < 2; i++) {
		pthread_join(p[i], NULL);
		pthread_join(c[i], NULL);
	}
	printf("items %ld sum %ld\n", seen[0] + seen[1], sums[0] + sums[1]);
	pthread_mutex_lock(&lock);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 50000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	printf("timedwait: %s\n", t_errname(pthread_cond_timedwait(&not_empty, &lock, &ts)));
	pthread_mutex_unlock(&lock);
	return 0;
}
