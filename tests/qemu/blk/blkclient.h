/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * blkclient.h - a client of the block-device interface (block.idl) for the
 * storage tests and the blk_seq_read benchmark under QEMU (tests/qemu/blk/).
 * Its work comes from the composition's arguments (main.c).
 */
#ifndef BLKCLIENT_H
#define BLKCLIENT_H

#include "urt.h"
#include "block.h"
#include "ioreg.h"
#include "block_proto.h"

#define BLKC_REGION_PAGES DBT_COMP_SHM_MAX_PAGES        /* 1 MiB */
#define BLKC_REGION_BYTES (BLKC_REGION_PAGES * 4096ul)

struct blkc {
	dbt_slot_t disk;        /* route "disk": the whole disk and below */
	dbt_slot_t part;        /* route "part": one partition only (may be 0) */
	dbt_slot_t reg;         /* route "reg": registry queries (may be 0) */
	uint8_t *region;        /* shared with the instance, once shared */
	char diskname[16];      /* "disk0" */
};

/* main.c */
void blkc_test(const char *name, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
unsigned long blkc_arg_num(const char *key, unsigned long dflt);
/* The byte the tests write at byte i of partition block b. */
static inline uint8_t blkc_pattern(uint64_t b, unsigned i, unsigned seed)
{
	return (uint8_t)(b * 131 + i * 7 + (i >> 8) + seed);
}

/* tests.c */
void blkc_run_tests(struct blkc *c);
/* regwalk.c: the registry path of the entry named name, via route reg. */
bool blkc_find_path(dbt_slot_t reg, const char *name, char *path, size_t len);
/* restart.c */
void blkc_restart(struct blkc *c);
/* ioerr.c */
void blkc_ioerr(struct blkc *c);
/* instances.c: mode steady, inject or restartbench */
void blkc_instances(struct blkc *c, const char *mode);
/* bench.c */
void blkc_bench(struct blkc *c);

#endif
