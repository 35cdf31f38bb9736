/* SPDX-License-Identifier: BSD-2-Clause */
/* tgkill and pthread_kill deliver to the named thread; bad ids fail. */
#include "t.h"
#include <pthread.h>
#include <semaphore.h>

static volatile pid_t handled_by;
static volatile int code;
static sem_t ready, go;
static pid_t target;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	handled_by = (pid_t)syscall(SYS_gettid);
	code = si->si_code;
}

static void *work(void *arg)
{
	(void)arg;
	target = (pid_t)syscall(SYS_gettid);
	sem_post(&ready);
	while (sem_wait(&go) != 0)
		;
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	pthread_t th;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sem_init(&ready, 0, 0);
	sem_init(&go, 0, 0);
	pthread_create(&th, NULL, work, NULL);
	sem_wait(&ready);
	T_CHECK(syscall(SYS_tgkill, getpid(), target, SIGUSR1));
	while (handled_by == 0)
		sched_yield();
	printf("handled by the target: %s, si_code %s\n", handled_by == target ? "yes" : "no",
	       t_sicode(SIGUSR1, code));
	handled_by = 0;
	printf("pthread_kill: %d\n", pthread_kill(th, SIGUSR1));
	while (handled_by == 0)
		sched_yield();
	printf("handled by the target again: %s\n", handled_by == target ? "yes" : "no");
	T_CHECK(syscall(SYS_tgkill, getpid(), target, 0));
	T_CHECK(syscall(SYS_tgkill, getpid() + 100000, target, SIGUSR1));
	T_CHECK(syscall(SYS_tgkill, getpid(), target, 99));
	T_CHECK(syscall(SYS_tgkill, getpid(), -1, SIGUSR1));
	handled_by = 0;
	T_CHECK(syscall(SYS_tkill, getpid(), SIGUSR1));
	printf("tkill to the main thread handled by it: %s\n", handled_by == getpid() ? "yes" : "no");
	sem_post(&go);
	pthread_join(th, NULL);
	return 0;
}
