/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * diskwriter ERRORS [FILE] - process 1 of the driver-kill test
 * (tests/qemu/unixdisk/): appends numbered 512-byte records to /dev/vda2
 * (or to FILE, made anew: a file of the ext2 root), each written at its
 * place and then fsync'd; a record is acknowledged when both succeeded.  A
 * failed record (the instance serving the disk died with a request in
 * flight: -EIO) is written again.  It stops after ERRORS failures (default
 * 20: the faulter's faults) or 300 s, reads every acknowledged record back,
 * and prints "writer: acked A errors E", "writer: readback A bad B" and
 * "writer: done"; with FILE it then syncs and powers the machine off.
 * run.sh checks the acknowledged records in the image.  A Linux program
 * (musl-gcc -static), run by unixd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/reboot.h>

#define REC 512
#define LIMIT_S 300
#define FILE_RECORDS 200000     /* at most, in a file */

/* Record i: "DKREC001", i, the sum of the payload, and the payload. */
static void fill(unsigned char *r, uint32_t i)
{
	uint32_t sum = 0;
	memcpy(r, "DKREC001", 8);
	memcpy(r + 8, &i, 4);
	for (int j = 16; j < REC; j++) {
		r[j] = (unsigned char)(i * 31 + j * 7);
		sum += r[j];
	}
	memcpy(r + 12, &sum, 4);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned want = argc > 1 ? (unsigned)atoi(argv[1]) : 20;
	const char *path = argc > 2 ? argv[2] : "/dev/vda2";
	int fd = argc > 2 ? open(path, O_RDWR | O_CREAT | O_TRUNC, 0644) : open(path, O_RDWR);
	if (fd < 0) {
		printf("writer: open %s: %s\nwriter: done\n", path, strerror(errno));
		if (argc > 2)
			reboot(RB_POWER_OFF);
		return 1;
	}
	off_t size = argc > 2 ? (off_t)FILE_RECORDS * REC : lseek(fd, 0, SEEK_END);
	uint32_t cap = (uint32_t)(size / REC), acked = 0;
	unsigned errors = 0;
	unsigned char r[REC], b[REC];
	double t0 = now();
	printf("writer: %u records fit\n", cap);
	while (errors < want && acked < cap && now() - t0 < LIMIT_S) {
		fill(r, acked);
		ssize_t w = pwrite(fd, r, REC, (off_t)acked * REC);
		int s = w == REC ? fsync(fd) : -1;
		if (w == REC && s == 0) {
			acked++;
		} else {
			errors++;
			printf("writer: record %u failed (%s): error %u\n", acked,
			       w == REC ? "fsync" : "write", errors);
		}
		usleep(1000);
	}
	printf("writer: acked %u errors %u in %.0f s\n", acked, errors, now() - t0);
	uint32_t bad = 0;
	for (uint32_t i = 0; i < acked; i++) {
		fill(r, i);
		if (pread(fd, b, REC, (off_t)i * REC) != REC || memcmp(r, b, REC))
			bad++;
	}
	printf("writer: readback %u bad %u\n", acked, bad);
	printf("writer: done\n");
	close(fd);
	if (argc > 2) {
		sync();
		reboot(RB_POWER_OFF);
		printf("writer: power-off failed: %s\n", strerror(errno));
	}
	for (;;)
		pause();
}
