/* SPDX-License-Identifier: BSD-2-Clause */
/* Thread-local storage: each thread has its own copy of a _Thread_local
 * variable (initialised from the image) and its own errno; the fs base
 * is the thread pointer, and the gs base is 0 until the program sets it. */
#include "t.h"
#include <pthread.h>

#define ARCH_SET_GS 0x1001  /* asm/prctl.h */
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

static _Thread_local int tls_var = 7;
static _Thread_local char tls_buf[64] = "initial";

static void *work(void *arg)
{
	long n = (long)arg;
	int *mine = &tls_var;

	printf("thread %ld starts with %d '%s'\n", n, tls_var, tls_buf);
	tls_var = (int)(100 + n);
	snprintf(tls_buf, sizeof tls_buf, "thread %ld", n);
	errno = (int)(10 + n);
	t_sleep_ms(20);
	return (void *)(long)(tls_var == 100 + n && errno == 10 + n && mine == &tls_var);
}

int main(void)
{
	pthread_t th[3];
	void *ok;
	unsigned long fs = 0;

	tls_var = 1;
	for (long i = 0; i < 3; i++) {
		pthread_create(&th[i], NULL, work, (void *)i);
		pthread_join(th[i], &ok);
		printf("thread %ld kept its own copy: %s\n", i, ok ? "yes" : "no");
	}
	printf("main's copy: %d '%s'\n", tls_var, tls_buf);
	T_CHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs));
	T_YES(fs == (unsigned long)pthread_self());
	unsigned long gs = 1;
	T_CHECK(syscall(SYS_arch_prctl, ARCH_GET_GS, &gs));
	T_YES(gs == 0);
	T_CHECK(syscall(SYS_arch_prctl, ARCH_SET_GS, 0x12345000ul));
	T_CHECK(syscall(SYS_arch_prctl, ARCH_GET_GS, &gs));
	T_YES(gs == 0x12345000ul);
	return 0;
}
