/*
 * pager.c - page faults and exceptions of components.
 *
 * A fault inside the component's image, stack, heap (up to its heap_max),
 * environment page, a shared region (shm.c), a DMA buffer (dma.c), a file it
 * opened (files.c, read-only) or an MMIO window it was granted is resolved with a map item from the composer's view of the frame;
 * anything else, an exception, or running out of its memory budget is the
 * component's death.  The first reply also carries its I/O ports
 * (kernel-made IPC accepts I/O items).
 */
#include "composer.h"
#include "compproto.h"

#define CPHYS_VIEW(pa) ((dbt_word_t)frame_ptr(pa))

/* Reply to the faulting thread with item words already in mr[]. */
/* Answer a fault; if the answer cannot be delivered, the fault would only
 * come back: the component cannot run. */
static void reply(struct component *c, unsigned items)
{
	dbt_word_t err = dbt_reply(DBT_TAG(0, 0, items));
	if (err && err != DBT_E_NO_CALLER) {
		char msg[64];
		snfmt(msg, sizeof(msg), "its fault could not be answered (error %lu)", err);
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

/* The physical address behind va in a granted MMIO window, or 0. */
static dbt_word_t mmio_lookup(struct component *c, dbt_word_t va)
{
	const struct comp_component *d = c->desc;
	dbt_word_t win = DBT_ENV_DEVICE_BASE;
	for (unsigned i = 0; i < d->ndevices; i++) {
		const struct comp_device *dev = &d->device[i];
		if (dev->kind != COMP_DEV_MMIO)
			continue;
		dbt_word_t size = dev->last + 1 - dev->base;
		if (va >= win && va < win + size)
			return dev->base + (va - win);
		win += (size + 0xfffff) & ~0xfffffull;
	}
	return 0;
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
		*rights = DBT_R | DBT_W;
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

static void page_fault(struct component *c, dbt_word_t addr, dbt_word_t access, dbt_word_t rip)
{
	dbt_word_t *mr = dbt_mr(), va = addr & ~0xfffull, pa;
	unsigned rights = 0, n = 0;
	const char *why = NULL;
	dbt_word_t mmio = mmio_lookup(c, va);
	if (mmio) {
		/* device memory: mapped straight from the physical-memory capability */
		dbt_word_t view = 0x380000000000ull + mmio;
		dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, mmio, DBT_FPAGE(view, 12, DBT_R | DBT_W), DBT_MAP_UNCACHED);
		mr[n++] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, va);
		mr[n++] = DBT_FPAGE(view, 12, DBT_R | DBT_W);
	} else if ((pa = shm_frame(c, va)) || (pa = dma_frame(c, va))) {
		mr[n++] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, va);
		mr[n++] = DBT_FPAGE(CPHYS_VIEW(pa), 12, DBT_R | DBT_W);
	} else if ((pa = file_frame(c, va)) && !(access & DBT_PF_WRITE)) {
		mr[n++] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, va);
		mr[n++] = DBT_FPAGE(CPHYS_VIEW(pa), 12, DBT_R);
	} else if (!pa && (pa = resolve(c, va, &rights, &why))) {
		mr[n++] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, va);
		mr[n++] = DBT_FPAGE(CPHYS_VIEW(pa), 12, rights);
	} else {
		if (pa)
			why = "a write to a read-only file";
		char msg[96];
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

static void exception(struct component *c, const dbt_word_t *mr)
{
	const struct dbt_exc_msg *m = (const struct dbt_exc_msg *)mr;
	char msg[96];
	log_registers(c, &m->regs);
	const char *name = m->vector < 32 && exc_names[m->vector] ? exc_names[m->vector] : "exception";
	snfmt(msg, sizeof(msg), "%s (vector %lu, error %lx) at rip %lx", name, m->vector,
	      m->error_code, m->regs.rip);
	component_died(c, msg);
}

/* ---- the composer protocol (compproto.idl) -------------------------------- */

static dbt_word_t op_exit(void *ctx, dbt_word_t badge, dbt_word_t code)
{
	(void)ctx;
	component_exited(&components[badge - 1], code);
	return DBT_OK;
}

static dbt_word_t op_log(void *ctx, dbt_word_t badge, const void *text, dbt_word_t len)
{
	char line[COMPOSER_LOG_TEXT_MAX + 1];
	(void)ctx;
	memcpy(line, text, len);
	line[len] = 0;
	component_logf(&components[badge - 1], "%s", line);
	return DBT_OK;
}

static dbt_word_t op_share(void *ctx, dbt_word_t badge, const void *route, dbt_word_t route_len,
                           dbt_word_t pages, dbt_word_t *addr, dbt_word_t *id)
{
	(void)ctx;
	return shm_share(&components[badge - 1], route, route_len, pages, addr, id);
}

static dbt_word_t op_shared(void *ctx, dbt_word_t badge, dbt_word_t client_badge, dbt_word_t *addr,
                            dbt_word_t *size)
{
	(void)ctx;
	return shm_shared(&components[badge - 1], client_badge, addr, size);
}

static dbt_word_t op_shared_phys(void *ctx, dbt_word_t badge, dbt_word_t client_badge,
                                 dbt_word_t page, dbt_word_t *phys, dbt_word_t *run)
{
	(void)ctx;
	return shm_shared_phys(&components[badge - 1], client_badge, page, phys, run);
}

static dbt_word_t op_pci_read(void *ctx, dbt_word_t badge, dbt_word_t bdf, dbt_word_t offset,
                              dbt_word_t width, dbt_word_t *value)
{
	(void)ctx;
	return pci_cfg_read(&components[badge - 1], bdf, offset, width, value);
}

static dbt_word_t op_pci_write(void *ctx, dbt_word_t badge, dbt_word_t bdf, dbt_word_t offset,
                               dbt_word_t width, dbt_word_t value)
{
	(void)ctx;
	return pci_cfg_write(&components[badge - 1], bdf, offset, width, value);
}

static dbt_word_t op_dma_alloc(void *ctx, dbt_word_t badge, dbt_word_t pages, dbt_word_t *addr,
                               dbt_word_t *phys)
{
	(void)ctx;
	return dma_alloc(&components[badge - 1], pages, addr, phys);
}

static dbt_word_t op_dma_free(void *ctx, dbt_word_t badge, dbt_word_t addr)
{
	(void)ctx;
	return dma_free(&components[badge - 1], addr);
}

static dbt_word_t op_file(void *ctx, dbt_word_t badge, const void *name, dbt_word_t name_len,
                          dbt_word_t *addr, dbt_word_t *size)
{
	(void)ctx;
	return file_open(&components[badge - 1], name, name_len, addr, size);
}

static const struct composer_ops ops = {
	.exit = op_exit, .log = op_log, .share = op_share, .shared = op_shared,
	.pci_read = op_pci_read, .pci_write = op_pci_write, .dma_alloc = op_dma_alloc,
	.dma_free = op_dma_free, .file = op_file, .shared_phys = op_shared_phys,
};

void pager_handle(dbt_word_t tag, dbt_word_t badge)
{
	if (badge == 0 || badge > ncomponents)
		return;                         /* not from a component: ignore */
	struct component *c = &components[badge - 1];
	if (c->state != CS_RUNNING)
		return;                         /* a late message from a dead generation */
	dbt_word_t *mr = dbt_mr();
	dbt_word_t label = DBT_TAG_LABEL(tag);
	if (label == DBT_LABEL_PAGEFAULT)
		page_fault(c, mr[0], mr[1], mr[2]);
	else if (label == DBT_LABEL_EXCEPTION || label == DBT_LABEL_SYSCALL)
		exception(c, mr);
	else if ((label >> 16) == COMPOSER_ID) {
		dbt_word_t reply_tag = composer_dispatch(&ops, NULL, tag, badge);
		if (c->state == CS_RUNNING)
			dbt_reply(reply_tag);
	}
}
