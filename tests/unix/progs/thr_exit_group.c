/* SPDX-License-Identifier: BSD-2-Clause */
/* exit() from any thread ends every thread of the process with its code;
 * a fatal signal kills them all; SYS_exit ends only the calling thread. */
#include "t.h"
#include <pthread.h>

static void *spin(void *arg)
{
	(void)arg;
	for (;;)
		t_sleep_ms(1000);
	return NULL;
}

static void *leave(void *arg)
{
	t_sleep_ms(20);
	exit((int)(long)arg);
}

static void *crash(void *arg)
{
	(void)arg;
	t_sleep_ms(20);
	*(volatile int *)arg = 1;
	return NULL;
}

static void *only_me(void *arg)
{
	(void)arg;
	syscall(SYS_exit, 0);
	return NULL;
}

int main(void)
{
	pthread_t th;
	pid_t pid = t_fork();

	if (pid == 0) {
		for (int i = 0; i < 3; i++)
			pthread_create(&th, NULL, spin, NULL);
		pthread_create(&th, NULL, leave, (void *)3);
		spin(NULL);
	}
	printf("exit(3) in a thread: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0) {
		pthread_create(&th, NULL, spin, NULL);
		pthread_create(&th, NULL, crash, NULL);
		spin(NULL);
	}
	printf("a thread faults: %s\n", t_wait(pid));
	pid = t_fork();
	if (pid == 0) {
		pthread_create(&th, NULL, only_me, NULL);
		t_sleep_ms(50);
		printf("main thread survives a thread's SYS_exit\n");
		exit(4);
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
