/* SPDX-License-Identifier: BSD-2-Clause */
/* uname: sysname Linux, machine x86_64, non-empty release (not printed);
 * sethostname as root, EPERM as nobody. */
#include "t.h"
#include <sys/utsname.h>

int main(void)
{
	struct utsname u;

	T_CHECK(uname(&u));
	printf("sysname %s machine %s\n", u.sysname, u.machine);
	T_YES(u.release[0] >= '3' && u.release[0] <= '9');
	T_YES(strlen(u.version) > 0);
	T_CHECK(sethostname("darbat-test", 11));
	uname(&u);
	printf("nodename %s\n", u.nodename);
	char h[64];
	T_CHECK(gethostname(h, sizeof h));
	printf("gethostname %s\n", h);
	pid_t pid = t_fork();
	if (pid == 0) {
		setuid(65534);
		T_CHECK(sethostname("x", 1));
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	T_CHECK(uname((struct utsname *)8));
	return 0;
}
