/* SPDX-License-Identifier: BSD-2-Clause */
/* Detached threads run to completion and need no join; many short-lived
 * ones in a row do not exhaust anything. */
#include "t.h"
#include <pthread.h>
#include <semaphore.h>

static sem_t done;
static int ran;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	ran++;
	pthread_mutex_unlock(&lock);
	sem_post(&done);
	return NULL;
}

int main(void)
{
	pthread_attr_t a;
	pthread_t th;
	int state;

	sem_init(&done, 0, 0);
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_attr_getdetachstate(&a, &state);
	T_YES(state == PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < 200; i++) {
		if (pthread_create(&th, &a, work, NULL) != 0)
			t_die("pthread_create");
		sem_wait(&done);
	}
	printf("detached threads ran: %d\n", ran);
	pthread_create(&th, NULL, work, NULL);
	printf("pthread_detach: %d\n", pthread_detach(th));
	sem_wait(&done);
	printf("ran: %d\n", ran);
	return 0;
}
