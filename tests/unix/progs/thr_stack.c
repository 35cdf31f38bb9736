/* SPDX-License-Identifier: BSD-2-Clause */
/* Thread stacks: a chosen size is usable, a caller-provided stack is
 * used, and stacks of different threads are distinct. */
#include "t.h"
#include <pthread.h>

static char own_stack[256 * 1024] __attribute__((aligned(16)));

static volatile unsigned long last_local;  /* where the last thread's stack was */

static void *use(void *arg)
{
	volatile char buf[32 * 1024];

	memset((char *)buf, (int)(long)arg, sizeof buf);
	last_local = (unsigned long)buf;
	return NULL;
}

int main(void)
{
	pthread_attr_t a;
	pthread_t th;
	size_t sz;
	void *where, *where2;

	pthread_attr_init(&a);
	T_YES(pthread_attr_setstacksize(&a, 128 * 1024) == 0);
	pthread_attr_getstacksize(&a, &sz);
	printf("stack size %zu\n", sz);
	pthread_create(&th, &a, use, (void *)1);
	pthread_join(th, NULL);
	where = (void *)last_local;
	pthread_create(&th, NULL, use, (void *)2);
	pthread_join(th, NULL);
	where2 = (void *)last_local;
	T_YES(where != NULL && where2 != NULL && where != (char *)&a);
	T_YES(pthread_attr_setstack(&a, own_stack, sizeof own_stack) == 0);
	pthread_create(&th, &a, use, (void *)3);
	pthread_join(th, NULL);
	where = (void *)last_local;
	T_YES((char *)where >= own_stack && (char *)where < own_stack + sizeof own_stack);
	printf("setstacksize too small: %s\n", t_errname(pthread_attr_setstacksize(&a, 16)));
	return 0;
}
