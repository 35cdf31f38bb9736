/* SPDX-License-Identifier: BSD-2-Clause */
/* The auxiliary vector's deterministic entries. */
#include "t.h"
#include <elf.h>
#include <sys/auxv.h>

int main(int argc, char **argv)
{
	(void)argc;
	printf("AT_PAGESZ=%lu\n", getauxval(AT_PAGESZ));
	printf("AT_UID=%lu AT_EUID=%lu AT_GID=%lu AT_EGID=%lu\n", getauxval(AT_UID),
	       getauxval(AT_EUID), getauxval(AT_GID), getauxval(AT_EGID));
	printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
	printf("AT_PHENT=%lu\n", getauxval(AT_PHENT));
	printf("AT_CLKTCK=%lu\n", getauxval(AT_CLKTCK));
	T_YES(getauxval(AT_PHNUM) > 0);
	T_YES(getauxval(AT_PHDR) != 0);
	T_YES(getauxval(AT_ENTRY) != 0);
	T_YES(getauxval(AT_RANDOM) != 0);
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	int nonzero = 0;
	for (int i = 0; i < 16; i++)
		nonzero |= rnd[i];
	T_YES(nonzero);
	const char *fn = (const char *)getauxval(AT_EXECFN);
	T_YES(fn != NULL && strcmp(fn, argv[0]) == 0);
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	int loads = 0;
	for (unsigned long i = 0; i < getauxval(AT_PHNUM); i++)
		loads += ph[i].p_type == PT_LOAD;
	T_YES(loads > 0);
	setuid(65534);
	pid_t pid = t_fork();
	if (pid == 0) {
		char *args[] = { "/bin/true", NULL };
		execv(args[0], args);
		_exit(1);
	}
	printf("true as nobody: %s\n", t_wait(pid));
	return 0;
}
