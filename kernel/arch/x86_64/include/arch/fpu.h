/*
 * arch/fpu.h - the x87/SSE/AVX state of threads (fpu.c): processor set-up
 * and the lazy switch on #NM; a thread's state is kept in the standard
 * XSAVE layout of darbat/abi.h.
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

struct thread;
void arch_fpu_init(void);                       /* boot, with CR0.TS clear */
void arch_fpu_switch(void);                     /* #NM: the FPU to the current thread */

#endif
