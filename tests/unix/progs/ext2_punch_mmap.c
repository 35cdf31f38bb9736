/* Punching a hole under a mapping, on ext2 and on tmpfs (/dev/shm): the
 * shared mapping and a private one not yet written see zeros at once, as
 * read and write do (Linux unmaps the pages: truncate_pagecache_range);
 * a private page written before keeps its copy; the pages around the hole
 * keep their data; a second process mapping the file sees the same. */
#include "ext2_t.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define PG 4096

static void show(const char *what, const char *p)
{
	printf("%s: %c %c %c\n", what, p[0] ? p[0] : '0', p[PG] ? p[PG] : '0',
	       p[2 * PG] ? p[2 * PG] : '0');
}

static void punch_under_maps(const char *path)
{
	char buf[4];

	printf("-- %s\n", path);
	T_CHECK(e2_put(path, 'a', 3 * PG));
	int fd = open(path, O_RDWR);
	char *s = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *r = mmap(NULL, 3 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	char *w = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	T_YES(s != MAP_FAILED && r != MAP_FAILED && w != MAP_FAILED);
	show("shared before", s);
	show("private before", r);
	w[PG] = 'w';                    /* its own copy of the middle page */
	int ready[2], go[2];
	T_CHECK(pipe(ready));
	T_CHECK(pipe(go));
	pid_t child = fork();
	if (child == 0) {
		char *c = mmap(NULL, 3 * PG, PROT_READ, MAP_SHARED, fd, 0);
		printf("child sees %c\n", c[PG]);
		fflush(stdout);
		write(ready[1], "r", 1);
		read(go[0], buf, 1);    /* the parent punched */
		show("child after", c);
		_exit(0);
	}
	read(ready[0], buf, 1);
	T_CHECK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, PG, PG));
	show("shared after", s);
	show("private after", r);
	show("written private after", w);
	T_YES(pread(fd, buf, 1, PG) == 1 && buf[0] == 0);
	write(go[1], "g", 1);
	int st;
	T_YES(waitpid(child, &st, 0) == child && WIFEXITED(st));
	s[PG] = 's';                    /* the hole is written through the mapping */
	T_YES(pread(fd, buf, 1, PG) == 1 && buf[0] == 's');
	munmap(s, 3 * PG);
	munmap(r, 3 * PG);
	munmap(w, 3 * PG);
	close(fd);
	T_CHECK(unlink(path));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	e2_mount(0);
	punch_under_maps(E2_MNT "/pm");
	e2_umount();
	punch_under_maps("/dev/shm/pm");
	return 0;
}
