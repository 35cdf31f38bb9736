/* mount(2) of the test disk's ext2 partition: statfs's figures (type, block
 * size, blocks, inodes, flags), the /proc/mounts line, the root's entries. */
#include "ext2_t.h"

int main(void)
{
	struct statfs sf;
	char line[256];

	e2_mount(0);
	T_CHECK(statfs(E2_MNT, &sf));
	printf("type=%#lx bsize=%ld blocks=%ld files=%ld namelen=%ld flags=%#lx\n",
	       (long)sf.f_type, (long)sf.f_bsize, (long)sf.f_blocks, (long)sf.f_files,
	       (long)sf.f_namelen, (long)sf.f_flags);
	FILE *f = fopen("/proc/mounts", "r");
	while (f && fgets(line, sizeof line, f))
		if (strstr(line, E2_MNT))
			printf("mounts: %.*s\n", (int)strcspn(line, " ") + 1 + (int)strlen(E2_MNT) + 5, line);
	if (f)
		fclose(f);
	e2_stat(E2_MNT "/etc");
	e2_stat(E2_MNT "/etc/passwd");
	e2_stat(E2_MNT "/lost+found");
	e2_umount();
	return 0;
}
