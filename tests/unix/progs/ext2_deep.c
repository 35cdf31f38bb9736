/* A deep tree on ext2: 30 nested directories (top/d01/.../d29) made, a file at the bottom,
 * the top renamed and the file found under the new name after umount and
 * mount, then removed from the bottom up. */
#include "ext2_t.h"

#define DEPTH 30

static void path_to(char *buf, size_t n, const char *top, int depth)
{
	size_t at = (size_t)snprintf(buf, n, "%s", top);

	for (int i = 1; i < depth && at < n; i++)
		at += (size_t)snprintf(buf + at, n - at, "/d%02d", i);
}

int main(void)
{
	char path[512];
	int made = 0;

	e2_mount(0);
	for (int i = 1; i <= DEPTH; i++) {
		path_to(path, sizeof path, E2_MNT "/top", i);
		made += mkdir(path, 0755) == 0;
	}
	printf("made %d\n", made);
	path_to(path, sizeof path, E2_MNT "/top", DEPTH);
	strcat(path, "/leaf");
	T_CHECK(e2_put(path, 'l', 10));
	T_CHECK(rename(E2_MNT "/top", E2_MNT "/moved"));
	e2_umount();
	e2_mount(0);
	path_to(path, sizeof path, E2_MNT "/moved", DEPTH);
	strcat(path, "/leaf");
	e2_stat(path);
	T_CHECK(unlink(path));
	int gone = 0;
	for (int i = DEPTH; i >= 1; i--) {
		path_to(path, sizeof path, E2_MNT "/moved", i);
		gone += rmdir(path) == 0;
	}
	printf("removed %d\n", gone);
	e2_stat(E2_MNT);
	e2_umount();
	return 0;
}
