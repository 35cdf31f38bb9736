/* mount(MS_MOVE): a mount and the mounts on it move to another directory,
 * its files with them, and /proc/mounts lists it there; what may not move
 * (not a mount's root, the root of them all, into its own tree, a directory
 * onto a file, no source) is refused as Linux refuses it. */
#include "t.h"
#include <sys/mount.h>

#define A "/tmp/mv-a"
#define B "/tmp/mv-b"

/* The /proc/mounts lines of the tmpfs mounts under /tmp/mv-. */
static void mounts(const char *what)
{
	FILE *f = fopen("/proc/mounts", "r");
	char line[512], dev[64], dir[128], type[32];

	printf("%s:", what);
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%63s %127s %31s", dev, dir, type) == 3 && !strncmp(dir, "/tmp/mv-", 8))
			printf(" %s(%s)", dir, type);
	printf("\n");
	if (f)
		fclose(f);
}

static void exists(const char *path)
{
	printf("%s: %s\n", path, access(path, F_OK) ? t_errname(errno) : "there");
}

int main(void)
{
	T_CHECK(mkdir(A, 0755));
	T_CHECK(mkdir(B, 0755));
	T_CHECK(mount("tmpfs", A, "tmpfs", 0, "size=1m"));
	T_CHECK(mkdir(A "/inner", 0755));
	T_CHECK(mount("proc", A "/inner", "proc", 0, NULL));
	int fd = open(A "/file", O_WRONLY | O_CREAT, 0644);
	T_YES(fd >= 0 && write(fd, "moved", 5) == 5);
	mounts("before");
	T_CHECK(mount(A, B, NULL, MS_MOVE, NULL));
	mounts("after");
	exists(A "/file");
	exists(B "/file");
	exists(B "/inner/self");
	T_YES(write(fd, "!", 1) == 1);  /* an open file goes on working */
	close(fd);
	/* refused */
	T_CHECK(mount(B "/inner/self", A, NULL, MS_MOVE, NULL));        /* not a mount's root */
	T_CHECK(mount("/", A, NULL, MS_MOVE, NULL));
	T_CHECK(mkdir(B "/sub", 0755));
	T_CHECK(mount(B, B "/sub", NULL, MS_MOVE, NULL));
	T_CHECK(mount(B, B, NULL, MS_MOVE, NULL));
	T_CHECK(mount(B, B "/file", NULL, MS_MOVE, NULL));
	T_CHECK(mount(NULL, A, NULL, MS_MOVE, NULL));
	T_CHECK(mount("", A, NULL, MS_MOVE, NULL));
	T_CHECK(mount("/tmp/none", A, NULL, MS_MOVE, NULL));
	/* and back again */
	T_CHECK(mount(B, A, NULL, MS_MOVE, NULL));
	mounts("back");
	exists(A "/file");
	T_CHECK(umount(A "/inner"));
	T_CHECK(umount(A));
	mounts("unmounted");
	T_CHECK(rmdir(A));
	T_CHECK(rmdir(B));
	return 0;
}
