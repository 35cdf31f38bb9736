/*
 * urt.h - the minimal user runtime for root tasks in this milestone:
 * start-up, formatted output on the kernel debug console, memory routines,
 * a page allocator over the boot memory map, a slot allocator, power-off.
 * (The full component runtime - malloc, threads, locks - comes with the
 * composer.)
 */
#ifndef URT_H
#define URT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <darbat/darbat.h>
#include "dstring.h"
#include "fmt.h"

extern const struct dbt_bootinfo *urt_bootinfo;

int main(const struct dbt_bootinfo *bi);

void uprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void uvprintf(const char *fmt, va_list ap);
void uputs(const char *s);

/* Pages of fresh zeroed memory mapped read-write into the root task. */
void *urt_alloc_pages(size_t n);
/* One free physical frame (not mapped); the first halts when none is left,
 * the second returns 0. */
dbt_word_t urt_alloc_frame(void);
dbt_word_t urt_try_alloc_frame(void);
/* Capability slots. */
dbt_slot_t urt_slot_alloc(void);
void urt_slot_free(dbt_slot_t s);
/* Value of key=value in the boot command line, or NULL. */
const char *urt_arg(const char *key, char *buf, size_t n);
void urt_poweroff(int code) __attribute__((noreturn));
void urt_halt(void) __attribute__((noreturn));

#endif
