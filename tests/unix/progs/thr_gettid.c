/* SPDX-License-Identifier: BSD-2-Clause */
/* Thread ids: the main thread's tid is the pid, another thread's is not;
 * getpid and getppid are the same in every thread. */
#include "t.h"
#include <pthread.h>

static pid_t tids[3], pids[3], ppids[3];

static void *work(void *arg)
{
	long n = (long)arg;

	tids[n] = (pid_t)syscall(SYS_gettid);
	pids[n] = getpid();
	ppids[n] = getppid();
	return NULL;
}

int main(void)
{
	pthread_t th[3];

	T_YES(syscall(SYS_gettid) == getpid());
	for (long i = 0; i < 3; i++)
		pthread_create(&th[i], NULL, work, (void *)i);
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < 3; i++) {
		printf("thread %d: tid != pid %s, getpid same %s, getppid same %s\n", i,
		       tids[i] != getpid() ? "yes" : "no", pids[i] == getpid() ? "yes" : "no",
		       ppids[i] == getppid() ? "yes" : "no");
	}
	T_YES(tids[0] != tids[1] && tids[1] != tids[2] && tids[0] != tids[2]);
	T_YES(syscall(SYS_set_tid_address, NULL) == getpid());
	return 0;
}
