/* SPDX-License-Identifier: BSD-2-Clause */
/* lock_ofd: open-file-description locks - owned by the open file, not the
 * process; they conflict with classic locks and with each other. */
#include "t.h"

static int lk(int fd, int cmd, int type, off_t start, off_t len)
{
	struct flock l = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &l);
}

int main(void)
{
	const char *dir = t_scratch("lock_ofd");
	char path[600];
	snprintf(path, sizeof path, "%s/f", dir);
	int a = open(path, O_RDWR | O_CREAT, 0644);
	int b = open(path, O_RDWR);
	T_CHECK(lk(a, F_OFD_SETLK, F_WRLCK, 0, 10));
	T_CHECK(lk(b, F_OFD_SETLK, F_RDLCK, 5, 1));     /* another description: EAGAIN */
	T_CHECK(lk(b, F_SETLK, F_RDLCK, 5, 1));         /* classic, same process: EAGAIN too */
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	T_CHECK(fcntl(b, F_OFD_GETLK, &l));
	printf("type=%s start=%ld len=%ld pid=%d\n", l.l_type == F_WRLCK ? "wr" : "other",
	       (long)l.l_start, (long)l.l_len, l.l_pid);
	l = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET };
	T_CHECK(fcntl(b, F_GETLK, &l));
	printf("classic getlk pid=%d\n", l.l_pid);
	/* closing another descriptor of the file does not drop it */
	int c = open(path, O_RDONLY);
	close(c);
	T_CHECK(lk(b, F_OFD_SETLK, F_RDLCK, 5, 1));
	/* a dup shares it; it goes when the last descriptor of the description goes */
	int a2 = dup(a);
	close(a);
	T_CHECK(lk(b, F_OFD_SETLK, F_RDLCK, 5, 1));
	close(a2);
	T_CHECK(lk(b, F_OFD_SETLK, F_RDLCK, 5, 1));
	/* inherited across fork: the child's description is the same one */
	pid_t pid = fork();
	if (pid == 0) {
		int r = lk(b, F_OFD_SETLK, F_WRLCK, 5, 1);   /* upgrade its own lock */
		printf("child upgrade: %s\n", r == 0 ? "ok" : t_errname(errno));
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	l = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_SET };
	int d = open(path, O_RDONLY);
	T_CHECK(fcntl(d, F_OFD_GETLK, &l));
	printf("after child: type=%s start=%ld len=%ld\n", l.l_type == F_WRLCK ? "wr" :
	       l.l_type == F_RDLCK ? "rd" : "unlck", (long)l.l_start, (long)l.l_len);
	/* l_pid must be 0 */
	l = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_pid = 1 };
	T_CHECK(fcntl(d, F_OFD_SETLK, &l));
	T_CHECK(fcntl(d, F_OFD_GETLK, &l));
	t_rmtree(dir);
	return 0;
}
