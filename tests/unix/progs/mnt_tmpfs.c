/* SPDX-License-Identifier: BSD-2-Clause */
/* mount -t tmpfs with size= and nr_inodes=: statfs's figures before and
 * after writing, ENOSPC at each limit, the line in /proc/self/mounts, a
 * stacked mount on top of it, and the files gone after umount. */
#include "t.h"
#include <sys/mount.h>
#include <sys/statfs.h>

static void show_statfs(const char *path)
{
	struct statfs s;

	if (statfs(path, &s) < 0) {
		printf("statfs: errno=%s\n", t_errname(errno));
		return;
	}
	printf("type %#lx bsize %ld blocks %lu bfree %lu bavail %lu files %lu ffree %lu "
	       "namelen %ld frsize %ld flags %#lx\n", (unsigned long)s.f_type, (long)s.f_bsize,
	       (unsigned long)s.f_blocks, (unsigned long)s.f_bfree, (unsigned long)s.f_bavail,
	       (unsigned long)s.f_files, (unsigned long)s.f_ffree, (long)s.f_namelen,
	       (long)s.f_frsize, (unsigned long)s.f_flags);
}

/* mountinfo's lines about our directory, from the root field on (ids and
 * device numbers differ between systems); the parent is the mount below */
static void show_mountinfo(const char *dir)
{
	char line[512];
	FILE *f = fopen("/proc/self/mountinfo", "r");
	int ids[2][2], n = 0;

	while (f && fgets(line, sizeof line, f)) {
		char *root = strstr(line, " / ");
		if (!strstr(line, dir) || !root)
			continue;
		if (n < 2)
			sscanf(line, "%d %d", &ids[n][0], &ids[n][1]), n++;
		printf("mountinfo:%s", root);
	}
	if (n == 2)
		printf("mountinfo: the second's parent is the first: %s\n",
		       ids[1][1] == ids[0][0] ? "yes" : "no");
	if (f)
		fclose(f);
}

/* the lines of /proc/self/mounts about our directory */
static void show_mounts(const char *dir)
{
	char line[512];
	FILE *f = fopen("/proc/self/mounts", "r");

	while (f && fgets(line, sizeof line, f))
		if (strstr(line, dir))
			printf("mounts: %s", line);
	if (f)
		fclose(f);
}

int main(void)
{
	const char *dir = t_scratch("mnt_tmpfs");
	char a[300], file[320], buf[8192];

	snprintf(a, sizeof a, "%s/a", dir);
	mkdir(a, 0755);
	T_CHECK(mount("none", a, "tmpfs", 0, "size=64k,nr_inodes=8,mode=700"));
	show_statfs(a);
	show_mounts(dir);
	struct stat st;
	stat(a, &st);
	printf("root mode %o\n", st.st_mode & 07777);
	snprintf(file, sizeof file, "%s/f", a);
	int fd = open(file, O_CREAT | O_WRONLY, 0644);
	memset(buf, 'x', sizeof buf);
	printf("write 8k: %zd\n", write(fd, buf, sizeof buf));
	show_statfs(a);
	long total = 8192;
	ssize_t n;
	while ((n = write(fd, buf, sizeof buf)) > 0)
		total += n;
	printf("filled to %ld bytes, then errno=%s\n", total, t_errname(errno));
	close(fd);
	show_statfs(a);
	int made = 0;
	for (int i = 0; i < 20; i++) {
		snprintf(file, sizeof file, "%s/n%d", a, i);
		int g = open(file, O_CREAT | O_WRONLY, 0644);
		if (g < 0) {
			printf("file %d: errno=%s\n", i, t_errname(errno));
			break;
		}
		made++;
		close(g);
	}
	printf("made %d files\n", made);
	T_CHECK(mount("none", a, "tmpfs", 0, "size=16k"));
	snprintf(file, sizeof file, "%s/f", a);
	T_CHECK(access(file, F_OK));
	struct statfs s;
	statfs(a, &s);
	printf("on top: blocks %lu bfree %lu, files > 0 %s\n", (unsigned long)s.f_blocks,
	       (unsigned long)s.f_bfree, s.f_files > 0 ? "yes" : "no");
	show_mounts(dir);
	show_mountinfo(dir);
	T_CHECK(umount(a));
	T_CHECK(access(file, F_OK));
	T_CHECK(umount(a));
	T_CHECK(access(file, F_OK));
	T_CHECK(umount(a));
	show_mounts(dir);
	t_rmtree(dir);
	return 0;
}
