/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/bench/linux/blkread.c - the Linux baseline for BENCH blk_seq_read.
 *
 * Runs as a static program inside the initramfs tools/linux-bench boots
 * under QEMU with -icount shift=0,sleep=off, where rdtsc counts guest
 * instructions (the whole guest: this program, the kernel, its interrupt
 * handlers).  It reads the virtio disk the way `dd iflag=direct bs=1M`
 * does - read(2) on an O_DIRECT descriptor into an aligned user buffer -
 * and prints
 *
 *   BENCH linux_blk_seq_read    min=N median=N unit=insns_per_mib
 *   BENCH linux_blk_seq_read_4k min=N median=N unit=insns_per_mib
 *
 * Usage: blkread DEVICE TAG   (TAG: the 16-hex-digit run tag the host wrote)
 *
 * Idle time is not instructions: while the guest waits for the host to
 * finish a request, QEMU's clock (and so the TSC) jumps ahead to the next
 * timer deadline (sleep=off) or, with idle=poll, counts the idle loop.
 * Each sample therefore subtracts the time CPU 0 spent idle during the
 * pass, as the kernel accounts it (/proc/timer_list: idle_sleeptime +
 * iowait_sleeptime, in ns of the TSC clocksource = instructions here).
 * What remains is every instruction the guest ran outside its idle loop.
 *
 * The host fills every 512-byte sector of the image with its sector number
 * and TAG in the first 16 bytes and random bytes after them.  Every timed
 * pass reads into its own region of a 32 MiB buffer, so after the clock
 * stops the whole pass is checked: sector headers (right sector, this
 * run's image) and the bytes against the first, untimed pass.  A failed
 * check prints `linuxbench: FAIL ...` and no BENCH line.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MIB        (1024u * 1024u)
#define SECTOR     512u
#define SPAN_1M    (32u * MIB)  /* bytes read per timed 1 MiB-read pass */
#define SPAN_4K    (4u * MIB)   /* bytes per 4 KiB-read pass: 1024 reads */
#define REPS       16           /* timed passes after the warm-up pass */

static uint64_t run_tag;
static char stat_path[128];   /* /sys/block/<disk>/stat */

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* A fixed loop of exactly 2001 instructions (mov + 1000 x dec/jnz):
 * reads as 2001 ticks iff rdtsc counts instructions. */
static uint64_t probe_icount(void)
{
	uint64_t t0 = rdtsc();

	__asm__ volatile("mov $1000, %%ecx\n1: dec %%ecx\n jnz 1b" ::: "ecx", "cc");
	return rdtsc() - t0;
}

/* Smallest cost of an empty timed region: subtracted from every sample. */
static uint64_t timing_overhead(void)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < 64; i++) {
		uint64_t t0 = rdtsc(), t1 = rdtsc();

		if (t1 - t0 < best)
			best = t1 - t0;
	}
	return best;
}

/* Instructions of one getpid() round trip: a known reference point
 * (docs/PERFORMANCE.md quotes it for Linux 6.1 in this QEMU). */
static uint64_t getpid_cost(uint64_t overhead)
{
	uint64_t s[REPS];

	for (int i = 0; i < REPS; i++) {
		uint64_t t0 = rdtsc();

		(void)getpid();
		s[i] = rdtsc() - t0 - overhead;
	}
	qsort(s, REPS, sizeof s[0], cmp_u64);
	return s[0];
}

/* Nanoseconds CPU 0 has spent idle so far (idle_sleeptime plus
 * iowait_sleeptime of /proc/timer_list), or UINT64_MAX if unreadable. */
static uint64_t idle_ns(void)
{
	FILE *f = fopen("/proc/timer_list", "r");
	char line[256];
	uint64_t sum = 0;
	int found = 0;

	if (f == NULL)
		return UINT64_MAX;
	while (found < 2 && fgets(line, sizeof line, f) != NULL) {
		unsigned long long v;

		if (sscanf(line, " .idle_sleeptime : %llu nsecs", &v) == 1 ||
		    sscanf(line, " .iowait_sleeptime : %llu nsecs", &v) == 1) {
			sum += v;
			found++;
		}
	}
	fclose(f);
	return found == 2 ? sum : UINT64_MAX;
}

/* Read requests the block layer has completed on the disk so far (the
 * first field of /sys/block/<disk>/stat), or 0 if unreadable: shows how
 * the kernel split the reads. */
static uint64_t disk_reads(void)
{
	FILE *f = fopen(stat_path, "r");
	unsigned long long n = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%llu", &n) != 1)
		n = 0;
	fclose(f);
	return n;
}

/* Read SPAN bytes from offset 0 in CHUNK-byte read(2)s into BUF.
 * Returns the instruction count, or 0 after printing the failed read. */
static uint64_t timed_pass(int fd, uint8_t *buf, size_t span, size_t chunk)
{
	uint64_t t0, t1;
	size_t done = 0;
	ssize_t n = 0;

	if (lseek(fd, 0, SEEK_SET) != 0) {
		perror("linuxbench: FAIL lseek");
		return 0;
	}
	t0 = rdtsc();
	while (done < span) {
		n = read(fd, buf + done, chunk);
		if (n != (ssize_t)chunk)
			break;
		done += chunk;
	}
	t1 = rdtsc();
	if (done != span) {
		printf("linuxbench: FAIL read at %zu returned %zd\n", done, n);
		return 0;
	}
	return t1 - t0;
}

/* Every sector names itself and this run: the read returned the right
 * sectors of the image the host just wrote, in order. */
static int check_headers(const uint8_t *buf, size_t span)
{
	for (size_t off = 0; off < span; off += SECTOR) {
		uint64_t h[2];

		memcpy(h, buf + off, sizeof h);
		if (h[0] != off / SECTOR || h[1] != run_tag) {
			printf("linuxbench: FAIL sector %zu header %016llx %016llx\n",
			       off / SECTOR, (unsigned long long)h[0], (unsigned long long)h[1]);
			return -1;
		}
	}
	return 0;
}

static int check_pass(const uint8_t *buf, const uint8_t *ref, size_t span)
{
	if (check_headers(buf, span) != 0)
		return -1;
	if (memcmp(buf, ref, span) != 0) {
		printf("linuxbench: FAIL data differs from the reference pass\n");
		return -1;
	}
	return 0;
}

/* One timed and checked pass: instructions per MiB outside the idle loop,
 * or 0 after printing why the pass failed. */
static uint64_t measured_pass(const char *name, int i, int fd, uint8_t *buf,
			      const uint8_t *ref, size_t span, size_t chunk, uint64_t overhead)
{
	uint64_t t, idle0, idle, reqs, per_mib;

	memset(buf, 0, span);
	reqs = disk_reads();
	idle0 = idle_ns();
	t = timed_pass(fd, buf, span, chunk);
	idle = idle_ns() - idle0;
	reqs = disk_reads() - reqs;
	if (t == 0 || check_pass(buf, ref, span) != 0)
		return 0;
	if (idle0 == UINT64_MAX || idle + overhead >= t) {
		printf("linuxbench: FAIL no idle accounting in /proc/timer_list\n");
		return 0;
	}
	per_mib = (t - overhead - idle) / (span / MIB);
	printf("linuxbench: %s pass %d ticks=%llu idle=%llu requests=%llu per_mib=%llu\n",
	       name, i, (unsigned long long)t, (unsigned long long)idle,
	       (unsigned long long)reqs, (unsigned long long)per_mib);
	return per_mib;
}

/* REPS measured passes of SPAN bytes in CHUNK-byte reads after one
 * warm-up pass; prints the BENCH line for NAME (the median is the mean of
 * the two middle passes).  Returns 0 on success. */
static int bench(const char *name, int fd, uint8_t *buf, const uint8_t *ref,
		 size_t span, size_t chunk, uint64_t overhead)
{
	uint64_t s[REPS];

	if (timed_pass(fd, buf, span, chunk) == 0 || check_pass(buf, ref, span) != 0)
		return -1;
	for (int i = 0; i < REPS; i++) {
		s[i] = measured_pass(name, i, fd, buf, ref, span, chunk, overhead);
		if (s[i] == 0)
			return -1;
	}
	qsort(s, REPS, sizeof s[0], cmp_u64);
	printf("BENCH %s min=%llu median=%llu unit=insns_per_mib\n", name,
	       (unsigned long long)s[0],
	       (unsigned long long)(s[REPS / 2 - 1] + s[REPS / 2]) / 2);
	return 0;
}

/* Page-aligned, pre-faulted memory, so no page fault lands in a timed pass. */
static uint8_t *alloc_buffer(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	if (p == MAP_FAILED) {
		perror("linuxbench: FAIL mmap");
		return NULL;
	}
	memset(p, 0, size);
	return p;
}

static int run(const char *dev)
{
	uint64_t overhead = timing_overhead();
	uint8_t *buf = alloc_buffer(SPAN_1M), *ref = alloc_buffer(SPAN_1M);
	int fd = open(dev, O_RDONLY | O_DIRECT);

	printf("linuxbench: 2001-insn loop reads %llu ticks, timing overhead %llu, "
	       "getpid %llu insns\n", (unsigned long long)probe_icount(),
	       (unsigned long long)overhead, (unsigned long long)getpid_cost(overhead));
	if (fd < 0) {
		perror("linuxbench: FAIL open");
		return -1;
	}
	if (buf == NULL || ref == NULL)
		return -1;
	/* the untimed reference pass; its headers prove it read this image */
	if (timed_pass(fd, ref, SPAN_1M, MIB) == 0 || check_headers(ref, SPAN_1M) != 0)
		return -1;
	if (bench("linux_blk_seq_read", fd, buf, ref, SPAN_1M, MIB, overhead) != 0)
		return -1;
	return bench("linux_blk_seq_read_4k", fd, buf, ref, SPAN_4K, 4096, overhead);
}

int main(int argc, char **argv)
{
	char *end;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 3) {
		fprintf(stderr, "usage: blkread DEVICE TAG\n");
		return 2;
	}
	snprintf(stat_path, sizeof stat_path, "/sys/block/%s/stat",
		 strrchr(argv[1], '/') ? strrchr(argv[1], '/') + 1 : argv[1]);
	run_tag = strtoull(argv[2], &end, 16);
	if (*argv[2] == '\0' || *end != '\0') {
		printf("linuxbench: FAIL bad tag '%s'\n", argv[2]);
		return 2;
	}
	if (run(argv[1]) != 0)
		return 1;
	printf("linuxbench: all passes checked\n");
	return 0;
}
