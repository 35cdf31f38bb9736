/* SPDX-License-Identifier: BSD-2-Clause */
/* FPU and SSE state survive a signal handler that computes with floating
 * point and changes MXCSR; the handler starts with the default MXCSR. */
#include "t.h"
#include <sys/time.h>

static volatile double handler_result;
static volatile unsigned handler_mxcsr;
static volatile int handled;

static unsigned get_mxcsr(void)
{
	unsigned m;

	__asm__ volatile("stmxcsr %0" : "=m"(m));
	return m;
}

static void set_mxcsr(unsigned m)
{
	__asm__ volatile("ldmxcsr %0" : : "m"(m));
}

static void on_alrm(int sig)
{
	volatile double x = 1.0;

	(void)sig;
	handler_mxcsr = get_mxcsr();
	set_mxcsr(0x7f80);  /* round toward zero, masked */
	for (int i = 0; i < 1000; i++)
		x = x * 1.0001 + 0.5;
	handler_result = x;
	handled++;
}

int main(void)
{
	double a, b;

	signal(SIGALRM, on_alrm);
	set_mxcsr(0x3f80);  /* round down */
	/* xmm registers hold values across a signal raised between them */
	__asm__ volatile("movsd %2, %%xmm6\n"
			 "movsd %3, %%xmm7\n"
			 "mov $62, %%eax\n"    /* SYS_kill */
			 "mov %4, %%edi\n"
			 "mov $14, %%esi\n"    /* SIGALRM */
			 "syscall\n"
			 "movsd %%xmm6, %0\n"
			 "movsd %%xmm7, %1\n"
			 : "=m"(a), "=m"(b)
			 : "m"((double){ 3.25 }), "m"((double){ -7.5 }), "r"(getpid())
			 : "rax", "rdi", "rsi", "rcx", "r11", "xmm6", "xmm7", "memory");
	printf("handled %d, xmm6 %.2f xmm7 %.2f\n", handled, a, b);
	printf("handler started with MXCSR %#x, main's now %#x\n", handler_mxcsr, get_mxcsr());
	printf("handler computed %.6f\n", handler_result);
	/* long computation with periodic interruptions gives the same result */
	struct itimerval it = { { 0, 1000 }, { 0, 1000 } };
	set_mxcsr(0x1f80);
	double first = 0;
	int same = 1, reps = 0;
	handled = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	while (handled < 3 || reps < 2) {
		double sum = 0;

		for (int round = 0; round < 20000; round++)
			sum += 1.0 / (round + 1.0);
		if (reps++ == 0)
			first = sum;
		same &= sum == first;
	}
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &off, NULL);
	printf("harmonic sum %.12f, the same in every interrupted repetition %s\n", first,
	       same ? "yes" : "no");
	long double ld = 1.0L / 3.0L;
	raise(SIGALRM);
	printf("x87 long double survives: %s\n", ld == 1.0L / 3.0L ? "yes" : "no");
	return 0;
}
