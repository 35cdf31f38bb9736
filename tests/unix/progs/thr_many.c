/* SPDX-License-Identifier: BSD-2-Clause */
/* Many threads at once: 64 created, each records its index, all joined;
 * then 500 created and joined one after another. */
#include "t.h"
#include <pthread.h>

#define MANY 64

static int slots[MANY];

static void *mark(void *arg)
{
	slots[(long)arg] = (int)(long)arg + 1;
	return arg;
}

int main(void)
{
	pthread_t th[MANY];
	int bad = 0, created = 0;
	void *r;

	for (long i = 0; i < MANY; i++)
		created += pthread_create(&th[i], NULL, mark, (void *)i) == 0;
	for (long i = 0; i < MANY; i++) {
		pthread_join(th[i], &r);
		bad += r != (void *)i || slots[i] != i + 1;
	}
	printf("created %d, wrong results %d\n", created, bad);
	for (long i = 0; i < 500; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, mark, (void *)(i % MANY)) != 0 || pthread_join(t, &r) != 0)
			bad++;
	}
	printf("sequential threads failed: %d\n", bad);
	return 0;
}
