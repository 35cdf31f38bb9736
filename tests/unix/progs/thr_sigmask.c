/* SPDX-License-Identifier: BSD-2-Clause */
/* Masks are per thread: a process-directed signal goes to the thread that
 * does not block it; sigwait in one thread takes a signal. */
#include "t.h"
#include <pthread.h>
#include <semaphore.h>

static volatile pid_t handled_by;
static pid_t worker;
static sem_t ready, go;

static void on_usr1(int sig)
{
	(void)sig;
	handled_by = (pid_t)syscall(SYS_gettid);
}

static void *work(void *arg)
{
	sigset_t s;
	int sig;

	(void)arg;
	worker = (pid_t)syscall(SYS_gettid);
	sem_post(&ready);
	while (handled_by == 0)
		sched_yield();
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	sem_post(&ready);
	sigwait(&s, &sig);
	printf("worker's sigwait got %s\n", t_signame(sig));
	return NULL;
}

int main(void)
{
	sigset_t s;
	pthread_t th;

	signal(SIGUSR1, on_usr1);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	sem_init(&ready, 0, 0);
	sem_init(&go, 0, 0);
	pthread_create(&th, NULL, work, NULL);  /* inherits the mask ... */
	sem_wait(&ready);
	handled_by = 0;
	T_CHECK(kill(getpid(), SIGUSR1));
	t_sleep_ms(50);
	printf("nobody took it while both block: %s\n", handled_by == 0 ? "yes" : "no");
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	printf("main took it on unblocking: %s\n", handled_by == getpid() ? "yes" : "no");
	sem_wait(&ready);
	int sent = kill(getpid(), SIGUSR2);  /* printed after the worker's line */
	pthread_join(th, NULL);
	T_YES(sent == 0);
	return 0;
}
