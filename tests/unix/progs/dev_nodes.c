/* /dev as devtmpfs with Debian's additions: the nodes unixd has (type, mode,
 * owner, device numbers), /dev/pts and /dev/shm, the /dev/fd links, and
 * devpts refusing new names. */
#include "t.h"
#include <sys/sysmacros.h>

static void show(const char *path)
{
	struct stat st;
	if (lstat(path, &st)) {
		printf("%s: errno=%s\n", path, t_errname(errno));
		return;
	}
	char type = S_ISCHR(st.st_mode) ? 'c' : S_ISBLK(st.st_mode) ? 'b' : S_ISDIR(st.st_mode) ? 'd' :
	            S_ISLNK(st.st_mode) ? 'l' : '?';
	printf("%s: %c %04o uid=%u gid=%u", path, type, (unsigned)(st.st_mode & 07777),
	       (unsigned)st.st_uid, (unsigned)st.st_gid);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		printf(" rdev=%u:%u", major(st.st_rdev), minor(st.st_rdev));
	if (S_ISLNK(st.st_mode)) {
		char buf[64];
		ssize_t n = readlink(path, buf, sizeof(buf) - 1);
		buf[n < 0 ? 0 : n] = 0;
		printf(" -> %s", buf);
	}
	printf("\n");
}

int main(void)
{
	static const char *const paths[] = {
		"/dev", "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom",
		"/dev/tty", "/dev/console", "/dev/ptmx", "/dev/ttyS0", "/dev/pts", "/dev/pts/ptmx",
		"/dev/shm", "/dev/fd", "/dev/stdin", "/dev/stdout", "/dev/stderr",
	};
	for (unsigned i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		show(paths[i]);

	struct stat a, b;
	T_CHECK(stat("/dev", &a));
	T_CHECK(stat("/", &b));
	T_YES(a.st_dev != b.st_dev);            /* a file system of its own */
	T_CHECK(stat("/dev/pts", &b));
	T_YES(a.st_dev != b.st_dev);
	T_CHECK(stat("/dev/shm", &b));
	T_YES(a.st_dev != b.st_dev);

	/* no controlling terminal here: /dev/tty is ENXIO */
	T_CHECK(open("/dev/tty", O_RDWR));
	/* devpts makes its own names */
	T_CHECK(mkdir("/dev/pts/x", 0755));
	T_CHECK(mknod("/dev/pts/9", S_IFCHR | 0600, makedev(136, 9)));
	T_CHECK(unlink("/dev/pts/ptmx"));
	/* the memory devices still work through the new /dev */
	int fd = open("/dev/zero", O_RDONLY);
	char c = 1;
	T_YES(fd >= 0 && read(fd, &c, 1) == 1 && c == 0);
	close(fd);
	return 0;
}
