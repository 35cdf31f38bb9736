/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * urt.c - runtime start-up, console output, the default page source, boot
 * arguments and ending (see urt.h).
 *
 * Start-up: crt0.S calls urt_start(bootinfo) on the initial stack; it
 * records the boot information, adopts the initial thread (thread.c) and
 * calls main; main's return value powers the machine off (root tasks).
 */
#include "urt.h"
#include "compproto.h"

const struct dbt_bootinfo *urt_bootinfo;
dbt_slot_t urt_debug_slot = DBT_ROOT_SLOT_DEBUG;
dbt_slot_t urt_physmem_slot = DBT_ROOT_SLOT_PHYSMEM;
dbt_slot_t urt_iospace_slot = DBT_ROOT_SLOT_IOSPACE;

#define HEAP_BASE 0x100000000000ull
#define OUT_MAX (DBT_MSG_WORDS * 8)

/* ---- output ---------------------------------------------------------------------
 * Each call formats into a buffer on the caller's stack and writes it through
 * the caller's own UTCB, so threads never share output state; a line is
 * written by one kernel call and so is never interleaved with another. */

static void console_write(const char *buf, size_t len)
{
	memcpy(dbt_utcb()->mr, buf, len);
	dbt_debug_write_mrs(urt_debug_slot, len);
}

static urt_output_t *_Atomic output_fn = console_write;

void urt_set_output(urt_output_t *fn)
{
	atomic_store(&output_fn, fn ? fn : console_write);
}

struct outbuf {
	size_t len;
	char buf[OUT_MAX];
};

static void out_flush(struct outbuf *o)
{
	if (o->len)
		atomic_load(&output_fn)(o->buf, o->len);
	o->len = 0;
}

static void out_char(char c, void *arg)
{
	struct outbuf *o = arg;
	o->buf[o->len++] = c;
	if (c == '\n' || o->len == sizeof(o->buf))
		out_flush(o);
}

void uvprintf(const char *fmt, va_list ap)
{
	struct outbuf o;
	o.len = 0;
	vcbfmt(out_char, &o, fmt, ap);
	out_flush(&o);
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

/* ---- pages: frames of the boot memory map, mapped above HEAP_BASE ------------------
 * Guarded by page_lock: region_idx/region_off walk the free regions once;
 * heap_next only grows (pages are never returned). */

static urt_mutex_t page_lock = URT_MUTEX_INIT;
static dbt_word_t heap_next = HEAP_BASE;
static unsigned region_idx;
static dbt_word_t region_off;

/* Next free frame, or 0; page_lock held. */
static dbt_word_t frame_take(void)
{
	const struct dbt_bootinfo *bi = urt_bootinfo;
	for (; bi && region_idx < bi->nregions; region_idx++, region_off = 0) {
		const struct dbt_mem_region *r = &bi->region[region_idx];
		if (r->type == DBT_MEM_FREE && region_off + 4096 <= r->size) {
			dbt_word_t pa = r->base + region_off;
			region_off += 4096;
			return pa;
		}
	}
	return 0;
}

dbt_word_t urt_try_alloc_frame(void)
{
	urt_mutex_lock(&page_lock);
	dbt_word_t pa = frame_take();
	urt_mutex_unlock(&page_lock);
	return pa;
}

dbt_word_t urt_alloc_frame(void)
{
	dbt_word_t pa = urt_try_alloc_frame();
	if (!pa) {
		uputs("urt: out of physical memory");
		urt_halt();
	}
	return pa;
}

void *urt_pages_try_alloc(size_t n)
{
	urt_mutex_lock(&page_lock);
	dbt_word_t va = heap_next;
	size_t i;
	for (i = 0; i < n; i++) {
		dbt_word_t pa = frame_take();
		if (!pa || dbt_map_phys(urt_physmem_slot, pa, DBT_FPAGE(va + i * 4096, 12, DBT_R | DBT_W),
		                        DBT_MAP_CACHED) != DBT_OK)
			break;
	}
	/* Even a failed attempt consumes its address range: frames already
	 * mapped stay there (unreachable) rather than being handed out twice. */
	heap_next += (i + 1) * 4096;    /* a guard page between allocations */
	urt_mutex_unlock(&page_lock);
	if (i < n)
		return NULL;
	memset((void *)va, 0, n * 4096);
	return (void *)va;
}

void *urt_alloc_pages(size_t n)
{
	void *p = urt_pages_try_alloc(n);
	if (!p) {
		uprintf("urt: cannot allocate %lu pages\n", n);
		urt_halt();
	}
	return p;
}

/* ---- arguments ----------------------------------------------------------------------- */

const char *urt_arg(const char *key, char *buf, size_t n)
{
	const char *p = urt_env ? urt_env->args : urt_bootinfo->cmdline;
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
	urt_thread_t *self = urt_thread_self();
	dbt_slot_t cap = self ? self->cap : DBT_ROOT_SLOT_THREAD;
	for (;;)
		dbt_thread_ctl(cap, DBT_THREAD_STOP, 0, 0);
}

/* QEMU's isa-debug-exit device at port 0xf4 ends the emulator. */
void urt_poweroff(int code)
{
	if (dbt_io_enable(urt_iospace_slot, DBT_IO_FPAGE(0xf4, 2)) == DBT_OK)
		__asm__ volatile("outl %0, %1" :: "a"((uint32_t)code), "Nd"((uint16_t)0xf4));
	urt_halt();
}

/* ---- components --------------------------------------------------------------- */

const struct dbt_env *urt_env;
static dbt_word_t heap_brk = DBT_ENV_HEAP_BASE;

const struct dbt_env_entry *urt_env_find(const char *name)
{
	for (dbt_word_t i = 0; urt_env && i < urt_env->nentries; i++)
		if (!strcmp(urt_env->entry[i].name, name))
			return &urt_env->entry[i];
	return NULL;
}

dbt_slot_t urt_service(const char *name)
{
	const struct dbt_env_entry *e = urt_env_find(name);
	return e && (e->kind == DBT_ENV_PROVIDES || e->kind == DBT_ENV_USES) ? e->slot : 0;
}

/* A component's heap: addresses its pager (the composer) fills on first
 * touch, up to the budget the environment states; beyond it, NULL. */
static void *component_morecore(size_t pages)
{
	static urt_mutex_t lock = URT_MUTEX_INIT;
	void *p = NULL;
	urt_mutex_lock(&lock);
	dbt_word_t bytes = (dbt_word_t)pages * 4096;
	if (bytes <= DBT_ENV_HEAP_BASE + urt_env->heap_max - heap_brk) {
		p = (void *)heap_brk;
		heap_brk += bytes;
	}
	urt_mutex_unlock(&lock);
	return p;
}

void *urt_heap_pages(size_t n)
{
	return urt_env ? component_morecore(n) : urt_pages_try_alloc(n);
}

/* Lines go to the composer's log (and from there to its console). */
static void component_output(const char *buf, size_t len)
{
	if (len && buf[len - 1] == '\n')
		len--;
	composer_log(DBT_COMP_SLOT_COMPOSER, buf, len);
}

static void component_start(const struct dbt_env *env)
{
	urt_env = env;
	urt_task_slot = DBT_COMP_SLOT_TASK;
	urt_quota_slot = DBT_COMP_SLOT_QUOTA;
	urt_exc_slot = urt_pager_slot = DBT_COMP_SLOT_FAULT;
	urt_physmem_slot = urt_iospace_slot = 0;
	urt_utcb_base = DBT_ENV_UTCB_AREA;
	urt_slots_configure(DBT_COMP_SLOT_FREE, env->cspace_slots - DBT_COMP_SLOT_FREE);
	urt_malloc_set_morecore(component_morecore);
	dbt_word_t type;
	if (dbt_cap_info(DBT_COMP_SLOT_CONSOLE, &type, NULL, NULL) == DBT_OK && type == DBT_OBJ_DEBUG)
		urt_debug_slot = DBT_COMP_SLOT_CONSOLE;
	else
		urt_set_output(component_output);
	urt_thread_init_main(DBT_COMP_SLOT_THREAD);
	int code = main(NULL);
	composer_exit(DBT_COMP_SLOT_COMPOSER, (dbt_word_t)code);
	urt_halt();
}

/* rdi at entry: the boot information (root task) or the environment
 * (a component started by the composer). */
void urt_start(const void *arg)
{
	const struct dbt_env *env = arg;
	if (env->magic == DBT_ENV_MAGIC)
		component_start(env);
	const struct dbt_bootinfo *bi = arg;
	urt_bootinfo = bi;
	urt_slots_configure(DBT_ROOT_SLOT_FREE, bi->cspace_slots - DBT_ROOT_SLOT_FREE);
	urt_thread_init_main(DBT_ROOT_SLOT_THREAD);
	int code = main(bi);
	urt_poweroff(code);
}
