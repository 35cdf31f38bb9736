/* Directories with many entries on ext2: 300 files, every one listed once
 * (several directory blocks: their number is Linux's htree's business),
 * rmdir of a non-empty directory, and all of them gone again. */
#include "ext2_t.h"

#define N 300

int main(void)
{
	char path[96];
	int seen[N] = { 0 }, other = 0;

	e2_mount(0);
	T_CHECK(mkdir(E2_MNT "/many", 0755));
	for (int i = 0; i < N; i++) {
		snprintf(path, sizeof path, E2_MNT "/many/file-with-a-longer-name-%03d", i);
		if (e2_put(path, 'f', 0))
			t_die(path);
	}
	T_CHECK(rmdir(E2_MNT "/many"));
	e2_umount();
	e2_mount(0);
	struct stat st;
	T_YES(stat(E2_MNT "/many", &st) == 0 && st.st_nlink == 2 && st.st_size >= 3 * 4096);
	DIR *d = opendir(E2_MNT "/many");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		int i;
		if (sscanf(e->d_name, "file-with-a-longer-name-%d", &i) == 1 && i >= 0 && i < N &&
		    e->d_type == DT_REG)
			seen[i]++;
		else if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			other++;
	}
	if (d)
		closedir(d);
	int once = 0;
	for (int i = 0; i < N; i++)
		once += seen[i] == 1;
	printf("listed once: %d of %d, others %d\n", once, N, other);
	for (int i = 0; i < N; i++) {
		snprintf(path, sizeof path, E2_MNT "/many/file-with-a-longer-name-%03d", i);
		if (unlink(path))
			t_die(path);
	}
	T_CHECK(rmdir(E2_MNT "/many"));
	e2_umount();
	return 0;
}
