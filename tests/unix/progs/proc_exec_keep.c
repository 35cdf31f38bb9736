/* SPDX-License-Identifier: BSD-2-Clause */
/* What execve keeps: pid, parent, cwd, umask, open fds, ignored signals,
 * the signal mask, pending signals, rlimits. */
#include "t.h"
#include <sys/resource.h>

int main(int argc, char **argv)
{
	if (argc > 1) {
		char cwd[128];
		struct sigaction sa;
		sigset_t mask, pend;
		struct rlimit rl;

		printf("pid kept: %s\n", atoi(argv[1]) == getpid() ? "yes" : "no");
		printf("ppid kept: %s\n", atoi(argv[2]) == getppid() ? "yes" : "no");
		printf("cwd '%s'\n", getcwd(cwd, sizeof cwd));
		printf("umask %03o\n", (unsigned)umask(0));
		T_YES(fcntl(5, F_GETFD) == 0);
		sigaction(SIGUSR1, NULL, &sa);
		T_YES(sa.sa_handler == SIG_IGN);
		sigaction(SIGUSR2, NULL, &sa);
		T_YES(sa.sa_handler == SIG_DFL);
		sigprocmask(SIG_SETMASK, NULL, &mask);
		T_YES(sigismember(&mask, SIGHUP));
		sigpending(&pend);
		T_YES(sigismember(&pend, SIGHUP));
		getrlimit(RLIMIT_NOFILE, &rl);
		printf("RLIMIT_NOFILE %ld %ld\n", (long)rl.rlim_cur, (long)rl.rlim_max);
		return 0;
	}
	pid_t pid = t_fork();
	if (pid == 0) {
		char me[16], parent[16];
		sigset_t s;
		struct rlimit rl = { 100, 200 };

		snprintf(me, sizeof me, "%d", getpid());
		snprintf(parent, sizeof parent, "%d", getppid());
		t_scratch("proc_exec_keep");
		if (chdir("/tmp/proc_exec_keep") != 0)
			t_die("chdir");
		umask(077);
		dup2(1, 5);
		signal(SIGUSR1, SIG_IGN);
		signal(SIGUSR2, SIG_IGN);
		signal(SIGUSR2, SIG_DFL);
		sigemptyset(&s);
		sigaddset(&s, SIGHUP);
		sigprocmask(SIG_BLOCK, &s, NULL);
		raise(SIGHUP);
		setrlimit(RLIMIT_NOFILE, &rl);
		char *args[] = { argv[0], me, parent, NULL };
		execv(argv[0], args);
		t_die("execv");
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
