/* SPDX-License-Identifier: BSD-2-Clause */
/* While a handler runs its signal is blocked (the second raise waits
 * until it returns) unless SA_NODEFER, which nests; sa_mask adds more. */
#include "t.h"

static char trace[64];
static int pos, depth;

static void note(char c)
{
	if (pos < (int)sizeof trace - 1)
		trace[pos++] = c;
}

static void on_usr1(int sig)
{
	sigset_t cur;

	note('[');
	if (depth++ == 0)
		raise(sig);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	note(sigismember(&cur, SIGUSR1) ? 'b' : 'u');
	note(sigismember(&cur, SIGUSR2) ? 'B' : 'U');
	note(']');
}

static void run(int flags, int mask_usr2)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = flags;
	if (mask_usr2)
		sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, NULL);
	pos = depth = 0;
	memset(trace, 0, sizeof trace);
	raise(SIGUSR1);
	note('.');
	printf("%s%s: %s\n", flags ? "SA_NODEFER" : "default", mask_usr2 ? " +mask USR2" : "", trace);
}

int main(void)
{
	sigset_t cur;

	run(0, 0);
	run(SA_NODEFER, 0);
	run(0, 1);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	T_YES(!sigismember(&cur, SIGUSR1) && !sigismember(&cur, SIGUSR2));
	return 0;
}
