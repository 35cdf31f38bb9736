/* SPDX-License-Identifier: BSD-2-Clause */
/* sethostname/setdomainname: 64 bytes is the limit, a negative length
 * EINVAL, a bad pointer EFAULT, a non-root caller EPERM; uname shows the
 * new names. The old ones are put back. */
#include "t.h"
#include <sys/utsname.h>

int main(void)
{
	struct utsname old, u;
	char big[80];

	uname(&old);
	memset(big, 'h', sizeof big);
	T_CHECK(sethostname(big, 64));
	uname(&u);
	printf("hostname length %zu\n", strlen(u.nodename));
	T_CHECK(sethostname(big, 65));
	T_CHECK(syscall(SYS_sethostname, big, -1));
	T_CHECK(syscall(SYS_sethostname, (char *)8, 5));
	T_CHECK(sethostname("one\0two", 7));
	uname(&u);
	printf("hostname '%s'\n", u.nodename);
	T_CHECK(sethostname("", 0));
	uname(&u);
	printf("hostname '%s'\n", u.nodename);
	T_CHECK(setdomainname("example.org", 11));
	uname(&u);
	printf("domain '%s'\n", u.domainname);
	T_CHECK(setdomainname(big, 65));
	pid_t c = t_fork();
	if (c == 0) {
		setuid(1000);
		T_CHECK(sethostname("x", 1));
		T_CHECK(setdomainname("x", 1));
		_exit(0);
	}
	t_wait(c);
	T_CHECK(sethostname(old.nodename, strlen(old.nodename)));
	T_CHECK(setdomainname(old.domainname, strlen(old.domainname)));
	return 0;
}
