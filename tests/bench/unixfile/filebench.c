/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/bench/unixfile/filebench.c - reading a file from a cold cache: the
 * same unmodified static program (musl-gcc -static) on Darbat's unixd, whose
 * root is ext2 on a virtio disk served by the driver framework, and on
 * Debian's Linux 6.1 with the same disk image mounted (docs/PERFORMANCE.md,
 * "Reading a file").
 *
 * Usage: filebench PREFIX PATH
 * PATH is a 64 MiB file (tools/mkdisk --bench-file) whose every 4 KiB block
 * begins with its own byte offset.  Prints
 *
 *   BENCH PREFIX_file_read      per_mib=N unit=insns mib=64   (the first, cold read)
 *   BENCH PREFIX_file_read_warm per_mib=N unit=insns mib=64   (again, from the cache)
 *
 * then, with the file cached, a child touches PRESSURE_MIB of fresh memory
 * (the page cache must give way: `filebench: FAIL ...` if it does not),
 * then `SUITE filebench DONE` (also after a failure: `filebench: FAIL ...`
 * and no BENCH line).  Under QEMU's -icount shift=0 the TSC counts executed
 * instructions (checked: a 2001-instruction loop); everything the machine
 * executes between the two rdtsc counts: the program, the kernel, the file
 * system, the driver, the device model's interrupts.  The file is read with
 * read(2) in 1 MiB pieces into one buffer touched beforehand; each block's
 * offset stamp is checked inside the timed loop (a few instructions per 4 KiB,
 * the same on both systems).
 *
 * While the device works the CPU idles, and under -icount with a polling
 * idle loop (Linux's idle=poll, Darbat's idlepoll; a halting one warps
 * QEMU's clock) those instructions are counted too, as many as the host
 * takes time: the figure subtracts the idle time the kernel accounts,
 * /proc/timer_list's idle_sleeptime + iowait_sleeptime of CPU 0 (nanoseconds
 * of the TSC clock, which here are instructions), read before and after,
 * and reports it apart (idle_per_mib).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define FILE_MIB   64
#define CHUNK      (1u << 20)
#define BLOCK      4096u
#define PRESSURE_MIB 96         /* with the file cached, more than the rest of unixd's memory */

static unsigned char buf[CHUNK];
static char text[1 << 16];
static uint64_t overhead;

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

static void calibrate(void)
{
	uint64_t t0 = tsc(), t1 = tsc();

	overhead = t1 - t0;
	t0 = tsc();
	__asm__ volatile("mov $1000, %%ecx\n1: dec %%ecx\n jnz 1b" ::: "ecx", "cc");
	t1 = tsc();
	printf("filebench: calibration: 2001 instructions took %llu TSC ticks\n",
	       (unsigned long long)(t1 - t0 - overhead));
}

/* CPU 0's idle nanoseconds so far (/proc/timer_list), or UINT64_MAX. */
static uint64_t idle_ns(void)
{
	int fd = open("/proc/timer_list", O_RDONLY);
	if (fd < 0)
		return UINT64_MAX;
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return UINT64_MAX;
	text[n] = 0;
	uint64_t sum = 0;
	unsigned found = 0;
	for (char *l = strstr(text, "cpu: 0\n"); l && found < 2; l = strchr(l + 1, '\n')) {
		unsigned long long v;
		if (sscanf(l + 1, " .idle_sleeptime : %llu nsecs", &v) == 1 ||
		    sscanf(l + 1, " .iowait_sleeptime: %llu nsecs", &v) == 1) {
			sum += v;
			found++;
		}
	}
	return found == 2 ? sum : UINT64_MAX;
}

/* One whole read of path: the instructions it took less idle time (*idle
 * gets that), or 0 on a failure. */
static uint64_t read_once(const char *path, uint64_t *idle)
{
	uint64_t i0 = idle_ns();
	if (i0 == UINT64_MAX) {
		printf("filebench: FAIL no idle accounting in /proc/timer_list\n");
		return 0;
	}
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("filebench: FAIL cannot open %s\n", path);
		return 0;
	}
	uint64_t off = 0, t0 = tsc();
	for (;;) {
		ssize_t n = read(fd, buf, CHUNK);
		if (n <= 0)
			break;
		for (ssize_t b = 0; b + 8 <= n; b += BLOCK) {
			uint64_t stamp;
			memcpy(&stamp, buf + b, sizeof(stamp));
			if (stamp != off + (uint64_t)b) {
				printf("filebench: FAIL block at %llu says %llu\n",
				       (unsigned long long)(off + (uint64_t)b), (unsigned long long)stamp);
				close(fd);
				return 0;
			}
		}
		off += (uint64_t)n;
	}
	uint64_t t1 = tsc(), i1 = idle_ns();
	close(fd);
	*idle = i1 - i0;
	if (off != (uint64_t)FILE_MIB << 20) {
		printf("filebench: FAIL read %llu bytes, not %u MiB\n", (unsigned long long)off, FILE_MIB);
		return 0;
	}
	return t1 - t0 - overhead - *idle;
}

/* After the reads the file fills the page cache: a child touching
 * PRESSURE_MIB of fresh memory must get it (the cache gives clean pages back,
 * never ENOMEM or a kill); 1 if it did. */
static int memory_after_cache(void)
{
	pid_t pid = fork();
	int status = 0;

	if (pid == 0) {
		size_t len = (size_t)PRESSURE_MIB << 20;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(2);
		for (size_t i = 0; i < len; i += BLOCK)
			p[i] = 1;
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		printf("filebench: FAIL %d MiB after the cache: status 0x%x\n", PRESSURE_MIB, status);
		return 0;
	}
	printf("filebench: %d MiB touched with the file cached\n", PRESSURE_MIB);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		printf("filebench: FAIL usage: filebench PREFIX PATH\n");
		printf("SUITE filebench DONE\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	calibrate();
	memset(buf, 1, sizeof(buf));            /* its pages are there before timing */
	uint64_t cold_idle = 0, warm_idle = 0;
	uint64_t cold = read_once(argv[2], &cold_idle);
	uint64_t warm = cold ? read_once(argv[2], &warm_idle) : 0;
	if (cold && warm) {
		printf("BENCH %s_file_read per_mib=%llu unit=insns mib=%d idle_per_mib=%llu\n",
		       argv[1], (unsigned long long)(cold / FILE_MIB), FILE_MIB,
		       (unsigned long long)(cold_idle / FILE_MIB));
		printf("BENCH %s_file_read_warm per_mib=%llu unit=insns mib=%d idle_per_mib=%llu\n",
		       argv[1], (unsigned long long)(warm / FILE_MIB), FILE_MIB,
		       (unsigned long long)(warm_idle / FILE_MIB));
	}
	int mem = cold && warm ? memory_after_cache() : 0;
	printf("SUITE filebench DONE\n");
	return mem ? 0 : 1;
}
