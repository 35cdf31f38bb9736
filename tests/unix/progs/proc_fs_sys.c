/* SPDX-License-Identifier: BSD-2-Clause */
/* /proc's system files: their formats (meminfo, stat, uptime, loadavg,
 * cpuinfo, version, filesystems), /proc/sys/kernel (ostype, pid_max,
 * hostname read and written, random/uuid and boot_id), /proc/self and
 * /proc/mounts as links, statfs of /proc. */
#include "t.h"
#include <stdbool.h>
#include <sys/statfs.h>
#include <sys/utsname.h>

static char buf[16384];

static const char *get(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = 0, r;

	while (fd >= 0 && (r = read(fd, buf + n, sizeof buf - 1 - (size_t)n)) > 0)
		n += r;
	buf[n] = 0;
	if (fd >= 0)
		close(fd);
	else
		snprintf(buf, sizeof buf, "(%s)", t_errname(errno));
	return buf;
}

static unsigned long field(const char *text, const char *key)
{
	const char *l = strstr(text, key);
	return l ? strtoul(l + strlen(key), NULL, 10) : 0;
}

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : l)
		if (!strncmp(l, line, n) && (l[n] == '\n' || !l[n]))
			return true;
	return false;
}

int main(void)
{
	get("/proc/meminfo");
	unsigned long total = field(buf, "MemTotal:"), mfree = field(buf, "MemFree:");
	printf("meminfo: MemTotal > 0 %s, MemFree <= MemTotal %s, kB units %s\n",
	       total > 0 ? "yes" : "no", mfree <= total ? "yes" : "no",
	       strstr(buf, "MemTotal:") && strstr(buf, " kB\n") ? "yes" : "no");
	for (const char *k = "MemAvailable:\0Cached:\0SwapTotal:\0Shmem:\0"; *k; k += strlen(k) + 1)
		printf("meminfo has %s %s\n", k, strstr(buf, k) ? "yes" : "no");
	get("/proc/stat");
	unsigned long u[10];
	int n = sscanf(buf, "cpu  %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu", &u[0], &u[1], &u[2],
		       &u[3], &u[4], &u[5], &u[6], &u[7], &u[8], &u[9]);
	printf("stat: cpu line %d numbers, btime > 0 %s, processes line %s\n", n,
	       field(buf, "\nbtime ") > 0 ? "yes" : "no", strstr(buf, "\nprocesses ") ? "yes" : "no");
	double up = -1, idle = -1;
	n = sscanf(get("/proc/uptime"), "%lf %lf", &up, &idle);
	printf("uptime: %d numbers, up >= 0 %s\n", n, up >= 0 ? "yes" : "no");
	float l1, l5, l15;
	int run, all, last;
	n = sscanf(get("/proc/loadavg"), "%f %f %f %d/%d %d", &l1, &l5, &l15, &run, &all, &last);
	printf("loadavg: %d fields, running <= all %s, all >= 1 %s\n", n, run <= all ? "yes" : "no",
	       all >= 1 ? "yes" : "no");
	get("/proc/cpuinfo");
	printf("cpuinfo: processor 0 %s, flags %s\n", strstr(buf, "processor\t: 0\n") ? "yes" : "no",
	       strstr(buf, "\nflags\t\t: ") ? "yes" : "no");
	printf("version starts right: %s\n", !strncmp(get("/proc/version"), "Linux version ", 14) ? "yes" : "no");
	get("/proc/filesystems");
	printf("filesystems: proc %s, tmpfs %s, ramfs %s\n", has_line(buf, "nodev\tproc") ? "yes" : "no",
	       has_line(buf, "nodev\ttmpfs") ? "yes" : "no", has_line(buf, "nodev\tramfs") ? "yes" : "no");
	printf("ostype: %s", get("/proc/sys/kernel/ostype"));
	printf("pid_max: %s", get("/proc/sys/kernel/pid_max"));
	struct utsname un;
	uname(&un);
	char want[80];
	snprintf(want, sizeof want, "%s\n", un.release);
	printf("osrelease is uname's: %s\n", !strcmp(get("/proc/sys/kernel/osrelease"), want) ? "yes" : "no");
	sethostname("proc-fs-sys", 11);
	printf("hostname: %s", get("/proc/sys/kernel/hostname"));
	int fd = open("/proc/sys/kernel/hostname", O_WRONLY);
	T_CHECK(write(fd, "written\n", 8));
	close(fd);
	uname(&un);
	printf("uname after writing: %s\n", un.nodename);
	char u1[64], u2[64], b1[64], b2[64];
	strcpy(u1, get("/proc/sys/kernel/random/uuid"));
	strcpy(u2, get("/proc/sys/kernel/random/uuid"));
	strcpy(b1, get("/proc/sys/kernel/random/boot_id"));
	strcpy(b2, get("/proc/sys/kernel/random/boot_id"));
	printf("uuid: %zu chars, version 4 %s, dashes %s, two differ %s\n", strlen(u1),
	       u1[14] == '4' ? "yes" : "no", u1[8] == '-' && u1[13] == '-' && u1[18] == '-' && u1[23] == '-' ? "yes" : "no",
	       strcmp(u1, u2) ? "yes" : "no");
	printf("boot_id: stays %s\n", !strcmp(b1, b2) ? "yes" : "no");
	char target[64];
	ssize_t len = readlink("/proc/self", target, sizeof target - 1);
	target[len > 0 ? len : 0] = 0;
	printf("/proc/self -> pid: %s\n", atoi(target) == getpid() ? "yes" : "no");
	len = readlink("/proc/thread-self", target, sizeof target - 1);
	target[len > 0 ? len : 0] = 0;
	snprintf(want, sizeof want, "%d/task/%d", getpid(), getpid());
	printf("/proc/thread-self right: %s\n", !strcmp(target, want) ? "yes" : "no");
	len = readlink("/proc/mounts", target, sizeof target - 1);
	target[len > 0 ? len : 0] = 0;
	printf("/proc/mounts -> %s\n", target);
	struct statfs s;
	statfs("/proc", &s);
	printf("statfs /proc: type %#lx bsize %ld namelen %ld blocks %lu\n", (unsigned long)s.f_type,
	       (long)s.f_bsize, (long)s.f_namelen, (unsigned long)s.f_blocks);
	struct stat st;
	stat("/proc", &st);
	printf("/proc mode %o\n", st.st_mode);
	stat("/proc/self/", &st);
	printf("/proc/self/ mode %o\n", st.st_mode);
	lstat("/proc/self/exe", &st);
	printf("exe mode %o\n", st.st_mode);
	stat("/proc/self/fd", &st);
	printf("fd mode %o\n", st.st_mode);
	stat("/proc/self/environ", &st);
	printf("environ mode %o size %ld\n", st.st_mode, (long)st.st_size);
	stat("/proc/self/status", &st);
	printf("status mode %o size %ld\n", st.st_mode, (long)st.st_size);
	T_CHECK(open("/proc/nosuch", O_RDONLY));
	T_CHECK(open("/proc/0", O_RDONLY));
	T_CHECK(open("/proc/01", O_RDONLY));
	T_CHECK(open("/proc/self/nosuch", O_RDONLY));
	T_CHECK(mkdir("/proc/newdir", 0755));
	T_CHECK(open("/proc/newfile", O_CREAT | O_WRONLY, 0644));
	T_CHECK(open("/proc/self/stat", O_WRONLY));
	return 0;
}
