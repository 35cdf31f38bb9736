/* /dev/shm is a tmpfs anyone may use (mode 1777): shm_open, ftruncate,
 * mmap MAP_SHARED across fork, shm_unlink, and the errors of each. */
#include "t.h"
#include <sys/mman.h>

int main(void)
{
	int fd;
	struct stat st;
	shm_unlink("/t_dev_shm");
	T_CHECK(fd = shm_open("/t_dev_shm", O_RDWR | O_CREAT | O_EXCL, 0640));
	T_CHECK(shm_open("/t_dev_shm", O_RDWR | O_CREAT | O_EXCL, 0640));
	T_CHECK(fstat(fd, &st));
	printf("mode %04o size %lld\n", (unsigned)(st.st_mode & 07777), (long long)st.st_size);
	T_CHECK(stat("/dev/shm/t_dev_shm", &st));
	T_YES(S_ISREG(st.st_mode));
	T_CHECK(ftruncate(fd, 8192));
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	T_YES(m != MAP_FAILED);
	strcpy(m + 4096, "from the parent");
	pid_t pid = fork();
	if (pid == 0) {
		int cfd = shm_open("/t_dev_shm", O_RDWR, 0);
		char *cm = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
		if (cm == MAP_FAILED)
			_exit(1);
		printf("child sees: %s\n", cm + 4096);
		strcpy(cm, "from the child");
		_exit(0);
	}
	printf("child: %s\n", t_wait(pid));
	printf("parent sees: %s\n", m);
	char buf[16] = { 0 };
	T_CHECK(pread(fd, buf, 14, 0));
	printf("read: %s\n", buf);
	T_CHECK(munmap(m, 8192));
	T_CHECK(close(fd));
	T_CHECK(shm_unlink("/t_dev_shm"));
	T_CHECK(shm_unlink("/t_dev_shm"));
	T_CHECK(shm_open("/t_dev_shm", O_RDONLY, 0));
	T_CHECK(stat("/dev/shm", &st));
	printf("/dev/shm: %s %04o\n", S_ISDIR(st.st_mode) ? "dir" : "?", (unsigned)(st.st_mode & 07777));
	/* an unprivileged user may make a file there, not remove root's */
	T_CHECK(fd = shm_open("/t_dev_shm_root", O_RDWR | O_CREAT, 0644));
	close(fd);
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		int ufd;
		T_CHECK(ufd = shm_open("/t_dev_shm_user", O_RDWR | O_CREAT, 0600));
		T_CHECK(shm_unlink("/t_dev_shm_user"));
		T_CHECK(shm_unlink("/t_dev_shm_root"));
		_exit(0);
	}
	printf("user: %s\n", t_wait(pid));
	T_CHECK(shm_unlink("/t_dev_shm_root"));
	return 0;
}
