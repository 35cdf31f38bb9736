/* SPDX-License-Identifier: BSD-2-Clause */
/* A stream socket on a path: bind makes a socket file, listen, connect
 * from a child, accept (blocking until the child connects), the names
 * each end sees, the errors of each step, and what is left after close. */
#include "t.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <stddef.h>

static socklen_t addr_of(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strncpy(a->sun_path, path, sizeof(a->sun_path) - 1);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static void show_name(const char *what, int fd, int peer)
{
	struct sockaddr_un a;
	socklen_t len = sizeof(a);
	memset(&a, 0, sizeof(a));
	int r = peer ? getpeername(fd, (struct sockaddr *)&a, &len) : getsockname(fd, (struct sockaddr *)&a, &len);
	if (r < 0)
		printf("%s: errno=%s\n", what, t_errname(errno));
	else
		printf("%s: len %d family %d path '%s'\n", what, (int)len, a.sun_family,
		       len > 2 ? a.sun_path : "");
}

int main(void)
{
	const char *dir = t_scratch("sock_stream");
	char path[300], file[300];
	snprintf(path, sizeof(path), "%s/sock", dir);
	snprintf(file, sizeof(file), "%s/plain", dir);
	close(open(file, O_CREAT | O_WRONLY, 0644));
	struct sockaddr_un a;
	socklen_t alen = addr_of(&a, path);
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	T_CHECK(listen(l, 5));
	T_CHECK(accept(l, NULL, NULL));
	umask(077);
	T_CHECK(bind(l, (struct sockaddr *)&a, alen));
	umask(022);
	T_CHECK(bind(l, (struct sockaddr *)&a, alen));
	struct stat st;
	T_CHECK(stat(path, &st));
	printf("socket file: sock %d mode %o\n", S_ISSOCK(st.st_mode), st.st_mode & 0777);
	T_CHECK(open(path, O_RDWR));
	int other = socket(AF_UNIX, SOCK_STREAM, 0);
	T_CHECK(bind(other, (struct sockaddr *)&a, alen));
	T_CHECK(connect(other, (struct sockaddr *)&a, alen));
	T_CHECK(listen(l, 5));
	show_name("listener", l, 0);
	show_name("listener's peer", l, 1);

	pid_t pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 100 * 1000 * 1000 };
		nanosleep(&d, NULL);
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&a, alen) < 0)
			_exit(1);
		write(c, "from the child", 14);
		char buf[32];
		ssize_t n = read(c, buf, sizeof(buf));
		_exit(n == 5 && !memcmp(buf, "reply", 5) ? 0 : 2);
	}
	struct sockaddr_un peer;
	socklen_t plen = sizeof(peer);
	int s = accept(l, (struct sockaddr *)&peer, &plen);
	T_YES(s >= 0);
	printf("accepted peer address len %d\n", (int)plen);
	show_name("accepted", s, 0);
	show_name("accepted's peer", s, 1);
	char buf[64];
	ssize_t n = read(s, buf, sizeof(buf));
	printf("got %zd: %.*s\n", n, (int)n, buf);
	T_CHECK(write(s, "reply", 5));
	printf("child: %s\n", t_wait(pid));
	printf("after the child: %zd\n", read(s, buf, sizeof(buf)));
	close(s);

	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	T_CHECK(connect(c, (struct sockaddr *)&a, alen));
	T_CHECK(connect(c, (struct sockaddr *)&a, alen));
	show_name("client", c, 0);
	show_name("client's peer", c, 1);
	s = accept4(l, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	T_YES(fcntl(s, F_GETFD) == FD_CLOEXEC && (fcntl(s, F_GETFL) & O_NONBLOCK));
	fcntl(l, F_SETFL, O_NONBLOCK);
	T_CHECK(accept(l, NULL, NULL));
	close(s);
	close(c);
	close(l);
	T_CHECK(stat(path, &st));
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	T_CHECK(connect(c, (struct sockaddr *)&a, alen));
	alen = addr_of(&a, file);
	T_CHECK(connect(c, (struct sockaddr *)&a, alen));
	snprintf(file, sizeof(file), "%s/none", dir);
	alen = addr_of(&a, file);
	T_CHECK(connect(c, (struct sockaddr *)&a, alen));
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	alen = addr_of(&a, path);
	T_CHECK(unlink(path));
	T_CHECK(bind(d, (struct sockaddr *)&a, alen));
	T_CHECK(connect(c, (struct sockaddr *)&a, alen));
	close(c);
	close(d);
	close(other);
	t_rmtree(dir);
	return 0;
}
