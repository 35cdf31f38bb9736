/* Mount flags: noexec refuses execve of a file there (EACCES), nosuid and
 * nodev show in statfs's flags; without them the script runs. */
#include "ext2_t.h"
#include <sys/wait.h>

static void run(const char *path)
{
	pid_t pid = t_fork();
	int st;

	if (pid == 0) {
		char *argv[] = { (char *)path, NULL };
		execv(path, argv);
		printf("execv %s: errno=%s\n", path, t_errname(errno));
		fflush(stdout);
		_exit(9);
	}
	waitpid(pid, &st, 0);
	printf("status %s\n", t_statusname(st));
}

int main(void)
{
	struct statfs sf;
	int fd;

	fflush(stdout);
	e2_mount(0);
	fd = open(E2_MNT "/x.sh", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	T_YES(write(fd, "#!/bin/sh\necho ran\n", 19) == 19);
	close(fd);
	fflush(stdout);
	run(E2_MNT "/x.sh");
	e2_umount();
	e2_mount(MS_NOEXEC | MS_NOSUID | MS_NODEV);
	T_YES(statfs(E2_MNT, &sf) == 0);
	printf("flags noexec=%d nosuid=%d nodev=%d\n", !!(sf.f_flags & ST_NOEXEC),
	       !!(sf.f_flags & ST_NOSUID), !!(sf.f_flags & ST_NODEV));
	fflush(stdout);
	run(E2_MNT "/x.sh");
	T_CHECK(unlink(E2_MNT "/x.sh"));
	e2_umount();
	return 0;
}
