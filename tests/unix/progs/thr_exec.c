/* SPDX-License-Identifier: BSD-2-Clause */
/* execve from a thread other than the main one: the other threads are
 * gone, the new image runs alone under the process's pid. */
#include "t.h"
#include <dirent.h>
#include <pthread.h>

static char *self;
static char pidtext[16];

static void *spin(void *arg)
{
	(void)arg;
	for (;;)
		t_sleep_ms(1000);
	return NULL;
}

static void *do_exec(void *arg)
{
	(void)arg;
	char *args[] = { self, pidtext, NULL };

	t_sleep_ms(20);
	execv(self, args);
	printf("execv failed: %s\n", t_errname(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	pthread_t th;

	if (argc > 1) {
		int tasks = 0;
		DIR *d = opendir("/proc/self/task");
		struct dirent *e;

		while (d && (e = readdir(d)) != NULL)
			tasks += e->d_name[0] != '.';
		printf("new image: pid kept %s, threads %d, tid == pid %s\n",
		       atoi(argv[1]) == getpid() ? "yes" : "no", tasks,
		       syscall(SYS_gettid) == getpid() ? "yes" : "no");
		return 0;
	}
	self = argv[0];
	pid_t pid = t_fork();
	if (pid == 0) {
		snprintf(pidtext, sizeof pidtext, "%d", getpid());
		pthread_create(&th, NULL, spin, NULL);
		pthread_create(&th, NULL, spin, NULL);
		pthread_create(&th, NULL, do_exec, NULL);
		spin(NULL);
	}
	printf("child: %s\n", t_wait(pid));
	return 0;
}
