/* SPDX-License-Identifier: BSD-2-Clause */
/* personality(0xffffffff) queries: PER_LINUX (0) for a normal program;
 * umask via /proc/self/status agrees with umask(). */
#include "t.h"
#include <sys/personality.h>

int main(void)
{
	printf("personality %#x\n", (unsigned)personality(0xffffffff));
	umask(027);
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "Umask:", 6) == 0 || strncmp(line, "Name:", 5) == 0 ||
		    strncmp(line, "Uid:", 4) == 0 || strncmp(line, "Threads:", 8) == 0)
			fputs(line, stdout);
	if (f)
		fclose(f);
	return 0;
}
