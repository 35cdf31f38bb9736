/* /dev, /dev/pts and /dev/shm as mounted file systems: their statfs types
 * and name lengths, their /proc/mounts lines (devpts with Debian's options),
 * the /proc/filesystems entries, and unmounting and mounting them again. */
#include "t.h"
#include <sys/mount.h>
#include <sys/statfs.h>

static void show_statfs(const char *path)
{
	struct statfs sf;
	if (statfs(path, &sf)) {
		printf("statfs %s: errno=%s\n", path, t_errname(errno));
		return;
	}
	printf("statfs %s: type=%#lx namelen=%ld\n", path, (unsigned long)sf.f_type, (long)sf.f_namelen);
}

int main(void)
{
	show_statfs("/dev");
	show_statfs("/dev/pts");
	show_statfs("/dev/shm");
	FILE *f = fopen("/proc/mounts", "r");
	char line[512];
	while (f && fgets(line, sizeof(line), f)) {
		char dev[64], dir[64], type[32], opts[256];
		if (sscanf(line, "%63s %63s %31s %255s", dev, dir, type, opts) != 4 || strncmp(dir, "/dev", 4))
			continue;
		if (!strcmp(type, "devpts"))
			printf("%s %s %s %s\n", dev, dir, type, opts);
		else
			printf("%s %s %s %.3s\n", dev, dir, type, opts);
	}
	if (f)
		fclose(f);
	f = fopen("/proc/filesystems", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "devpts") || strstr(line, "devtmpfs"))
			printf("filesystems: %s", line);
	if (f)
		fclose(f);

	/* unmounted and mounted again, they still work */
	T_CHECK(umount("/dev/pts"));
	T_CHECK(mount("devpts", "/dev/pts", "devpts", 0, "gid=5,mode=620,ptmxmode=000"));
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	char name[32];
	T_YES(m >= 0 && unlockpt(m) == 0 && ptsname_r(m, name, sizeof(name)) == 0 &&
	      access(name, F_OK) == 0);
	close(m);
	T_CHECK(umount("/dev/shm"));
	T_CHECK(mount("tmpfs", "/dev/shm", "tmpfs", 0, "mode=1777"));
	T_CHECK(access("/dev/shm", W_OK));
	T_CHECK(umount("/dev"));        /* busy: /dev/pts and /dev/shm are on it */
	return 0;
}
