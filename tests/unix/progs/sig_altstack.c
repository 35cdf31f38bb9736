/* SPDX-License-Identifier: BSD-2-Clause */
/* sigaltstack with SA_ONSTACK: the handler's locals lie in the alternate
 * stack and sigaltstack reports SS_ONSTACK there; without SA_ONSTACK the
 * handler runs on the normal stack; errors. */
#include "t.h"

static char alt[64 * 1024];
static volatile int on_alt, flags_in_handler;

static void on_sig(int sig)
{
	char local;
	stack_t ss;

	(void)sig;
	on_alt = &local >= alt && &local < alt + sizeof alt;
	sigaltstack(NULL, &ss);
	flags_in_handler = ss.ss_flags;
}

static void run(int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sig;
	sa.sa_flags = flags;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("%s: on the alternate stack %s, SS_ONSTACK %s\n", flags ? "SA_ONSTACK" : "plain",
	       on_alt ? "yes" : "no", flags_in_handler & SS_ONSTACK ? "yes" : "no");
}

int main(void)
{
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 }, old;

	T_CHECK(sigaltstack(NULL, &old));
	T_YES(old.ss_flags == SS_DISABLE);
	T_CHECK(sigaltstack(&ss, NULL));
	T_CHECK(sigaltstack(NULL, &old));
	T_YES(old.ss_sp == alt && old.ss_size == sizeof alt && old.ss_flags == 0);
	run(SA_ONSTACK);
	run(0);
	stack_t small = { .ss_sp = alt, .ss_size = 512, .ss_flags = 0 };
	T_CHECK(sigaltstack(&small, NULL));
	stack_t bad = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0x1234 };
	T_CHECK(sigaltstack(&bad, NULL));
	stack_t off = { .ss_flags = SS_DISABLE };
	T_CHECK(sigaltstack(&off, NULL));
	run(SA_ONSTACK);
	return 0;
}
