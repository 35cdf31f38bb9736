/* SPDX-License-Identifier: BSD-2-Clause */
/* Values programs ask sysconf and friends for. */
#include "t.h"
#include <limits.h>

int main(void)
{
	printf("_SC_PAGESIZE %ld\n", sysconf(_SC_PAGESIZE));
	printf("_SC_CLK_TCK %ld\n", sysconf(_SC_CLK_TCK));
	printf("_SC_OPEN_MAX %ld\n", sysconf(_SC_OPEN_MAX));
	printf("_SC_NPROCESSORS_ONLN >= 1 %s\n", sysconf(_SC_NPROCESSORS_ONLN) >= 1 ? "yes" : "no");
	printf("_SC_ARG_MAX %ld\n", sysconf(_SC_ARG_MAX));
	printf("_SC_NGROUPS_MAX %ld\n", sysconf(_SC_NGROUPS_MAX));
	printf("_SC_PHYS_PAGES > 0 %s\n", sysconf(_SC_PHYS_PAGES) > 0 ? "yes" : "no");
	printf("pathconf NAME_MAX %ld PATH_MAX %ld\n", pathconf("/tmp", _PC_NAME_MAX),
	       pathconf("/tmp", _PC_PATH_MAX));
	printf("getpagesize %d\n", getpagesize());
	printf("getdtablesize %d\n", getdtablesize());
	return 0;
}
