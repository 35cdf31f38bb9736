/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pager.c - page faults and exceptions of components.
 *
 * A fault inside the component's image, stack, heap (up to its heap_max),
 * environment page, a shared region (shm.c), a DMA buffer (dma.c), a file it
 * opened (files.c, read-only) or an MMIO window it was granted is resolved
 * with a map item from the composer's view of the frame; anything else, an
 * exception, running out of its memory budget, or an MMIO page the kernel
 * will not map (its own memory) is the component's death, logged with the
 * cause.  The first reply also carries its I/O ports (kernel-made IPC
 * accepts I/O items).
 *
 * Entry points: pager_fault and pager_exception, called by the composer's
 * message entry (main.c) for a running component's kernel-made messages.
 */
#include "composer.h"

#define CPHYS_VIEW(pa) ((dbt_word_t)frame_ptr(pa))

/* Answer a fault with the item words already in mr[]; if the answer cannot
 * be delivered, the fault would only come back: the component cannot run. */
static void reply(struct component *c, unsigned items)
{
	dbt_word_t err = dbt_reply(DBT_TAG(0, 0, items));
	if (err && err != DBT_E_NO_CALLER) {
		char msg[LOG_LINE_MAX];
		snfmt(msg, sizeof(msg), "its fault could not be answered (%s)", kernel_error(err));
		component_died(c, msg);
	}
}

/* I/O fpages for [first, first+count): largest aligned powers of two.  The
 * composer opens each for itself first: an I/O item sends ports it holds. */
static unsigned add_ports(dbt_word_t *mr, unsigned n, dbt_word_t first, dbt_word_t count)
{
	dbt_word_t p = first, end = first + count;
	while (p < end && n + 2 <= DBT_MSG_WORDS) {
		unsigned order = 0;
		while (order < 16 && !(p & ((2ull << order) - 1)) && p + (2ull << order) <= end)
			order++;
		dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(p, order));
		mr[n++] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_IO, 0);
		mr[n++] = DBT_IO_FPAGE(p, order);
		p += 1ull << order;
	}
	return n;
}

static unsigned port_items(struct component *c, dbt_word_t *mr, unsigned n)
{
	const struct comp_component *d = c->desc;
	for (unsigned i = 0; i < d->ndevices; i++)
		if (d->device[i].kind == COMP_DEV_IOPORT)
			n = add_ports(mr, n, d->device[i].base, d->device[i].last + 1 - d->device[i].base);
	return n;
}

/* The MMIO grant whose window holds va, and the physical address behind
 * va in it; NULL if va is in none. */
static const struct comp_device *mmio_lookup(struct component *c, dbt_word_t va, dbt_word_t *pa)
{
	const struct comp_component *d = c->desc;
	dbt_word_t win = DBT_ENV_DEVICE_BASE;
	for (unsigned i = 0; i < d->ndevices; i++) {
		const struct comp_device *dev = &d->device[i];
		if (dev->kind != COMP_DEV_MMIO)
			continue;
		dbt_word_t size = dev->last + 1 - dev->base;
		if (va >= win && va < win + size) {
			*pa = dev->base + (va - win);
			return dev;
		}
		win += DBT_ENV_MMIO_WINDOW(size);
	}
	return NULL;
}

/* Device memory is mapped straight from the physical-memory capability
 * into the composer's device view, then on to the component; the kernel
 * refuses its own memory (the interrupt controllers, the kernel pool). */
static unsigned map_mmio(const struct comp_device *dev, dbt_word_t pa, dbt_word_t va, dbt_word_t *mr,
                         char *why, size_t n)
{
	dbt_word_t view = COMPOSER_DEVICE_VIEW + pa;
	dbt_word_t err = dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(view, PAGE_SHIFT, DBT_R | DBT_W),
	                              DBT_MAP_UNCACHED);
	if (err) {
		char what[48];
		snfmt(why, n, "the kernel refuses to map %lx of its grant '%s' (%s)", pa,
		      comp_device_format(dev, what, sizeof(what)), kernel_error(err));
		return 0;
	}
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, va);
	mr[1] = DBT_FPAGE(view, PAGE_SHIFT, DBT_R | DBT_W);
	return 2;
}

/* A frame for page va of c, filled; 0 and *why on failure. */
static dbt_word_t resolve(struct component *c, dbt_word_t va, unsigned *rights, const char **why)
{
	const struct dbt_env *env = frame_ptr(c->env_frame);
	bool stack = va >= DBT_ENV_STACK_TOP - STACK_BYTES && va < DBT_ENV_STACK_TOP;
	bool heap = va >= DBT_ENV_HEAP_BASE && va < DBT_ENV_HEAP_BASE + env->heap_max;
	if (va == DBT_ENV_ADDR) {
		*rights = DBT_R;
		return c->env_frame;
	}
	if (c->pages >= c->max_pages) {
		*why = "out of memory (its budget is used up)";
		return 0;
	}
	dbt_word_t pa = frame_alloc(c->id);
	if (!pa) {
		*why = "the machine is out of memory";
		return 0;
	}
	if (stack || heap) {
		/* a personality server hands its heap frames on to the programs it
		 * runs, and TASK_MAP passes on only the rights it holds */
		*rights = DBT_R | DBT_W | (heap && c->desc->heap_exec ? DBT_X : 0);
	} else if (!image_page(c->image, va, frame_ptr(pa), rights)) {
		*why = "access outside its memory";
		return 0;                   /* the frame goes back with the others */
	}
	c->pages++;
	return pa;
}

static void log_registers(struct component *c, const struct dbt_regs *r)
{
	c->last_regs = *r;
	uprintf("composer: %s: registers rip %lx rsp %lx rax %lx rbx %lx rcx %lx rdx %lx\n"
	        "  rsi %lx rdi %lx rbp %lx r8 %lx r9 %lx r10 %lx r11 %lx\n"
	        "  r12 %lx r13 %lx r14 %lx r15 %lx rflags %lx\n",
	        c->desc->name, r->rip, r->rsp, r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi,
	        r->rbp, r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15, r->rflags);
}

/* The registers of the thread that faulted at rip: the component's first
 * thread is the composer's to read; another thread is named by rip only. */
static void log_fault_registers(struct component *c, dbt_word_t rip)
{
	if (dbt_thread_ctl(c->thread, DBT_THREAD_READ_REGS, 0, 0).err == DBT_OK) {
		struct dbt_regs r;
		memcpy(&r, dbt_mr(), sizeof(r));
		if (r.rip == rip) {
			log_registers(c, &r);
			return;
		}
	}
	uprintf("composer: %s: the faulting thread is one it created (rip %lx)\n", c->desc->name, rip);
}

void pager_fault(struct component *c, dbt_word_t addr, dbt_word_t access, dbt_word_t rip)
{
	dbt_word_t *mr = dbt_mr(), va = PAGE_DOWN(addr), pa = 0;
	unsigned rights = 0, n = 0;
	const char *why = NULL;
	char cause[LOG_LINE_MAX];
	const struct comp_device *dev = mmio_lookup(c, va, &pa);
	if (dev) {
		if (!(n = map_mmio(dev, pa, va, mr, cause, sizeof(cause))))
			why = cause;
	} else if ((pa = shm_frame(c, va)) || (pa = dma_frame(c, va))) {
		mr[n++] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, va);
		mr[n++] = DBT_FPAGE(CPHYS_VIEW(pa), PAGE_SHIFT, DBT_R | DBT_W);
	} else if ((pa = file_frame(c, va)) && (access & DBT_PF_WRITE)) {
		why = "a write to a read-only file";
	} else if (pa) {
		mr[n++] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, va);
		mr[n++] = DBT_FPAGE(CPHYS_VIEW(pa), PAGE_SHIFT, DBT_R);
	} else if ((pa = resolve(c, va, &rights, &why))) {
		mr[n++] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, va);
		mr[n++] = DBT_FPAGE(CPHYS_VIEW(pa), PAGE_SHIFT, rights);
	}
	if (why) {
		char msg[LOG_LINE_MAX];
		snfmt(msg, sizeof(msg), "page fault at %lx (rip %lx): %s", addr, rip, why);
		log_fault_registers(c, rip);
		component_died(c, msg);
		return;
	}
	if (!c->ports_sent) {
		n = port_items(c, mr, n);
		c->ports_sent = true;
	}
	reply(c, n / 2);
}

static const char *const exc_names[32] = {
	[0] = "divide error", [3] = "breakpoint", [6] = "invalid opcode",
	[13] = "general protection", [14] = "page fault", [19] = "SIMD error",
};

void pager_exception(struct component *c, const dbt_word_t *mr)
{
	const struct dbt_exc_msg *m = (const struct dbt_exc_msg *)mr;
	char msg[LOG_LINE_MAX];
	log_registers(c, &m->regs);
	const char *name = m->vector < 32 && exc_names[m->vector] ? exc_names[m->vector] : "exception";
	snfmt(msg, sizeof(msg), "%s (vector %lu, error %lx) at rip %lx", name, m->vector,
	      m->error_code, m->regs.rip);
	component_died(c, msg);
}
