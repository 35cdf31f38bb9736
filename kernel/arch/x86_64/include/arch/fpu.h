/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * arch/fpu.h - the x87/SSE/AVX state of threads (fpu.c): processor set-up,
 * the lazy switch on #NM, and another thread's state read and written in
 * the standard XSAVE layout of darbat/abi.h (DBT_THREAD_READ_FPU/WRITE_FPU).
 */
#ifndef ARCH_FPU_H
#define ARCH_FPU_H

#include "types.h"

/* A thread's save area in the standard XSAVE layout: the legacy region
 * (FXSAVE image), the XSAVE header, AVX; 64-byte aligned for XSAVE. */
struct fpu_area {
	struct dbt_fxsave legacy;
	struct dbt_xsave_header header;
	uint8_t avx[DBT_XSTATE_AVX_SIZE];
} __attribute__((aligned(64)));
#define FPU_AREA_SIZE sizeof(struct fpu_area)
_Static_assert(offsetof(struct fpu_area, header) == DBT_XSTATE_HEADER_OFFSET &&
               offsetof(struct fpu_area, avx) == DBT_XSTATE_AVX_OFFSET &&
               sizeof(struct fpu_area) == DBT_XSTATE_AVX_OFFSET + DBT_XSTATE_AVX_SIZE,
               "the standard XSAVE layout");
_Static_assert(sizeof(struct fpu_area) <= DBT_XSTATE_MAX, "a thread's state fits the UTCB area");
_Static_assert(DBT_UTCB_XSTATE_OFFSET % 64 == 0, "the UTCB area is XSAVE-aligned");

/* What arch_fpu_check accepted, for arch_fpu_write: the fields the
 * processor would fault on, read once. */
struct fpu_checked {
	uint32_t mxcsr;
	uint64_t xstate_bv;
};

struct thread;
void arch_fpu_init(void);                       /* boot, with CR0.TS clear */
void arch_fpu_switch(void);                     /* #NM: the FPU to the current thread */
word_t arch_fpu_features(void);                 /* DBT_XFEATURE_* a state holds */
/* t's latest state into out (DBT_XSTATE_MAX bytes): its size in bytes. */
word_t arch_fpu_read(struct thread *t, uint8_t *out);
/* Decode: may the size bytes at in become a thread's state? */
word_t arch_fpu_check(const uint8_t *in, word_t size, struct fpu_checked *ok);
/* Invoke: make them t's state (cannot fail). */
void arch_fpu_write(struct thread *t, const uint8_t *in, word_t size,
                    const struct fpu_checked *ok);

#endif
