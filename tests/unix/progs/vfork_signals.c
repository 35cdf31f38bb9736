/* SPDX-License-Identifier: BSD-2-Clause */
/* Signals and a vfork child: a signal the child sends its parent waits
 * until the parent is let go, then is handled; the child's own handlers
 * are its own; a child that is killed, crashes or is ended by a timer lets
 * the parent go with that status; SIGKILL to a parent whose vfork child
 * still runs ends the parent while the child carries on in the memory. */
#include "t.h"

static volatile int usr1_in_parent, usr2_in_child;
static volatile int handled_before_return;
static volatile int *volatile bad_pointer = (volatile int *)8;

static void on_usr1(int s)
{
	(void)s;
	usr1_in_parent++;
}

static void on_usr2(int s)
{
	(void)s;
	usr2_in_child++;
}

static void pause_ms(long ms)
{
	struct timespec d = { 0, ms * 1000 * 1000 };
	nanosleep(&d, NULL);
}

static void orphaned_child(void)
{
	int p[2];
	T_CHECK(pipe(p));
	pid_t mid = fork();
	if (mid == 0) {
		close(p[0]);
		if (vfork() == 0) {
			kill(getppid(), SIGKILL);
			pause_ms(100);
			write(p[1], "child runs on\n", 14);
			_exit(0);
		}
		_exit(1);       /* not reached: SIGKILL came first */
	}
	close(p[1]);
	char buf[64];
	ssize_t n = read(p[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("vfork parent: %s\n", t_wait(mid));
	printf("%s", buf);
	while (read(p[0], buf, sizeof(buf)) > 0)
		;               /* EOF: the child has gone */
	close(p[0]);
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	pid_t pid = vfork();
	if (pid == 0) {
		signal(SIGUSR2, on_usr2);
		kill(getppid(), SIGUSR1);
		handled_before_return = usr1_in_parent;
		kill(getpid(), SIGUSR2);    /* not raise: musl's uses the TLS tid, the parent's */
		_exit(0);
	}
	T_YES(handled_before_return == 0);
	T_YES(usr1_in_parent == 1);
	T_YES(usr2_in_child == 1);
	printf("child: %s\n", t_wait(pid));
	struct sigaction sa;
	sigaction(SIGUSR2, NULL, &sa);
	T_YES(sa.sa_handler == SIG_DFL);    /* the child's handlers were its own */

	pid = vfork();
	if (pid == 0) {
		kill(getpid(), SIGKILL);
		_exit(1);
	}
	printf("killed itself: %s\n", t_wait(pid));

	pid = vfork();
	if (pid == 0) {
		*bad_pointer = 1;
		_exit(1);
	}
	printf("crashed: %s\n", t_wait(pid));

	pid = vfork();
	if (pid == 0) {
		alarm(1);
		for (;;)
			;
	}
	printf("spun until its alarm: %s\n", t_wait(pid));

	orphaned_child();
	return 0;
}
