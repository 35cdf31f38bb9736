/*
 * urt.c - the minimal root-task runtime (see urt.h).
 */
#include "urt.h"

const struct dbt_bootinfo *urt_bootinfo;

#define HEAP_BASE 0x100000000000ull
#define MAX_FREE_SLOTS 256

static dbt_word_t heap_next = HEAP_BASE;
static unsigned region_idx;
static dbt_word_t region_off;
static dbt_slot_t slot_next = DBT_ROOT_SLOT_FREE;
static dbt_slot_t free_slots[MAX_FREE_SLOTS];
static unsigned nfree_slots;

/* ---- output --------------------------------------------------------------- */

static char outbuf[DBT_MSG_WORDS * 8];
static size_t outlen;

static void flush(void)
{
	if (!outlen)
		return;
	memcpy(dbt_utcb()->mr, outbuf, outlen);
	dbt_debug_write_mrs(DBT_ROOT_SLOT_DEBUG, outlen);
	outlen = 0;
}

static void out_char(char c, void *arg)
{
	(void)arg;
	outbuf[outlen++] = c;
	if (c == '\n' || outlen == sizeof(outbuf))
		flush();
}

void uvprintf(const char *fmt, va_list ap)
{
	vcbfmt(out_char, NULL, fmt, ap);
	flush();
}

void uprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	uvprintf(fmt, ap);
	va_end(ap);
}

void uputs(const char *s)
{
	uprintf("%s\n", s);
}

/* ---- memory ------------------------------------------------------------------ */

dbt_word_t urt_try_alloc_frame(void)
{
	const struct dbt_bootinfo *bi = urt_bootinfo;
	for (; region_idx < bi->nregions; region_idx++, region_off = 0) {
		const struct dbt_mem_region *r = &bi->region[region_idx];
		if (r->type == DBT_MEM_FREE && region_off + 4096 <= r->size) {
			dbt_word_t pa = r->base + region_off;
			region_off += 4096;
			return pa;
		}
	}
	return 0;
}

dbt_word_t urt_alloc_frame(void)
{
	dbt_word_t pa = urt_try_alloc_frame();
	if (pa)
		return pa;
	uputs("urt: out of physical memory");
	urt_halt();
}

void *urt_alloc_pages(size_t n)
{
	dbt_word_t va = heap_next;
	for (size_t i = 0; i < n; i++) {
		dbt_word_t err = dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, urt_alloc_frame(),
		                              DBT_FPAGE(va + i * 4096, 12, DBT_R | DBT_W), DBT_MAP_CACHED);
		if (err) {
			uprintf("urt: map_phys failed: %lu\n", err);
			urt_halt();
		}
	}
	heap_next += (n + 1) * 4096;    /* a guard page between allocations */
	memset((void *)va, 0, n * 4096);
	return (void *)va;
}

dbt_slot_t urt_slot_alloc(void)
{
	if (nfree_slots)
		return free_slots[--nfree_slots];
	if (slot_next >= urt_bootinfo->cspace_slots) {
		uputs("urt: out of capability slots");
		urt_halt();
	}
	return slot_next++;
}

void urt_slot_free(dbt_slot_t s)
{
	if (nfree_slots < MAX_FREE_SLOTS)
		free_slots[nfree_slots++] = s;
}

const char *urt_arg(const char *key, char *buf, size_t n)
{
	const char *p = urt_bootinfo->cmdline;
	size_t klen = strlen(key);
	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, key, klen) && p[klen] == '=') {
			p += klen + 1;
			size_t i = 0;
			while (p[i] && p[i] != ' ' && i + 1 < n) {
				buf[i] = p[i];
				i++;
			}
			buf[i] = 0;
			return buf;
		}
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}

/* ---- ending ------------------------------------------------------------------------ */

void urt_halt(void)
{
	for (;;)
		dbt_thread_ctl(DBT_ROOT_SLOT_THREAD, DBT_THREAD_STOP, 0, 0);
}

/* QEMU's isa-debug-exit device at port 0xf4 ends the emulator. */
void urt_poweroff(int code)
{
	if (dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(0xf4, 2)) == DBT_OK)
		__asm__ volatile("outl %0, %1" :: "a"((uint32_t)code), "Nd"((uint16_t)0xf4));
	urt_halt();
}

void urt_start(const struct dbt_bootinfo *bi)
{
	urt_bootinfo = bi;
	int code = main(bi);
	urt_poweroff(code);
}
