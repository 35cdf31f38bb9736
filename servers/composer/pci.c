/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pci.c - PCI functions named in a composition.
 *
 * At start-up each grant becomes the resources the function decodes: each
 * I/O BAR an `ioport` range, each memory BAR an `mmio` range, the interrupt
 * line an `irq`.  The composer finds the function (by bus:dev.fn, or the
 * first one with vendor:device), sizes its BARs through configuration
 * mechanism #1 (ports 0xcf8/0xcfc, which only the composer may use) and
 * appends the resources to the component's device list before anything
 * starts; it remembers which function and BAR each came from, for the
 * environment's names ("00:1f.2", "00:1f.2/bar5", "00:1f.2/irq").
 *
 * Configuration space itself stays with the composer; a component reads
 * and writes that of its own functions through composer.pci_read and
 * pci_write (compproto.idl), which keep it from moving its device: BARs,
 * expansion ROM, header type and BIST are not writable, and of the command
 * register only the I/O, memory, bus-master and INTx-disable bits.  When a
 * component dies or stops, its functions stop bus mastering (pci_quiesce),
 * so a device cannot write into frames given back to the pool.
 */
#include "composer.h"

#define CFG_ADDR 0xcf8
#define CFG_DATA 0xcfc

static bool cfg_open;

#define EXPAND_WHY_MAX 112      /* why a PCI grant's resource cannot be given */


static uint32_t cfg_read(uint64_t bdf, unsigned off)
{
	io_outl(CFG_ADDR, 0x80000000u | (uint32_t)(bdf << 8) | (off & 0xfc));
	return io_inl(CFG_DATA);
}

static void cfg_write(uint64_t bdf, unsigned off, uint32_t v)
{
	io_outl(CFG_ADDR, 0x80000000u | (uint32_t)(bdf << 8) | (off & 0xfc));
	io_outl(CFG_DATA, v);
}

static bool present(uint64_t bdf)
{
	return (cfg_read(bdf, 0) & 0xffff) != 0xffff;
}

/* The function a grant names, or false. */
static bool find(const struct comp_device *d, uint64_t *bdf)
{
	if (d->kind == COMP_DEV_PCI_ADDR) {
		*bdf = d->base;
		return present(*bdf);
	}
	uint32_t want = (uint32_t)((COMP_PCI_DEVICE(d->base) << 16) | COMP_PCI_VENDOR(d->base));
	for (uint64_t bus = 0; bus < 256; bus++)
		for (uint64_t dev = 0; dev < 32; dev++)
			for (uint64_t fn = 0; fn < 8; fn++) {
				uint64_t a = COMP_PCI_ADDR(bus, dev, fn);
				uint32_t id = cfg_read(a, 0);
				if ((id & 0xffff) == 0xffff) {
					if (fn == 0)
						break;          /* no device here */
					continue;
				}
				if (id == want) {
					*bdf = a;
					return true;
				}
				if (fn == 0 && !(cfg_read(a, 0x0c) & 0x800000))
					break;                  /* single-function device */
			}
	return false;
}

/* Append a resource of c's function fn (index in c->pci), from BAR bar. */
/* Append one decoded resource; false and *why when it cannot be given: no
 * room left, or it overlaps what the kernel or the composer keep for
 * themselves (the table comp_check applies to the grants as written). */
static bool add(struct component *c, unsigned fn, unsigned bar, enum comp_dev_kind kind,
                uint64_t base, uint64_t last, char why[EXPAND_WHY_MAX])
{
	struct comp_component *d = (struct comp_component *)c->desc;
	struct comp_device dev = { .kind = kind, .base = base, .last = last };
	const struct comp_reserved *r = comp_reserved_find(&composition, &dev);
	if (r) {
		char what[32];
		comp_device_format(&dev, what, sizeof(what));
		snfmt(why, EXPAND_WHY_MAX, "it decodes '%s', kept by %s: %s", what, r->keeper, r->what);
		return false;
	}
	if (d->ndevices == COMP_MAX_DEVICES) {
		snfmt(why, EXPAND_WHY_MAX, "more than %u devices with what it decodes", COMP_MAX_DEVICES);
		return false;
	}
	c->dev_pci[d->ndevices] = (uint8_t)(fn + 1);
	c->dev_bar[d->ndevices] = (uint8_t)bar;
	d->device[d->ndevices++] = dev;
	return true;
}

/* Size a BAR the standard way: write all ones, read the mask, restore. */
static uint32_t bar_mask(uint64_t bdf, unsigned off)
{
	uint32_t old = cfg_read(bdf, off);
	cfg_write(bdf, off, 0xffffffffu);
	uint32_t mask = cfg_read(bdf, off);
	cfg_write(bdf, off, old);
	return mask;
}

/* Whether the function has an MSI (0x05) or MSI-X (0x11) capability. */
static bool has_msi(uint64_t bdf)
{
	if (!(cfg_read(bdf, 0x04) & (1u << 20)))
		return false;                   /* no capability list */
	unsigned cap = cfg_read(bdf, 0x34) & 0xfc;
	for (unsigned n = 0; cap >= 0x40 && n < 48; n++) {
		uint32_t head = cfg_read(bdf, cap);
		if ((head & 0xff) == 0x05 || (head & 0xff) == 0x11)
			return true;
		cap = head >> 8 & 0xfc;
	}
	return false;
}

/* Message-signalled lines go one per function that can use them, in grant
 * order, for good (a restarted component gets the same one). */
static unsigned msi_next = DBT_IRQ_MSI_FIRST;

static bool add_msi(struct component *c, unsigned fn, uint64_t bdf, char why[EXPAND_WHY_MAX])
{
	if (!has_msi(bdf))
		return true;
	if (msi_next == DBT_IRQ_MSI_FIRST + DBT_IRQ_MSI_COUNT) {
		component_logf(c, "no message-signalled line left for PCI %02lx:%02lx.%lx: INTx only",
		               COMP_PCI_BUS(bdf), COMP_PCI_DEV(bdf), COMP_PCI_FN(bdf));
		return true;
	}
	if (!add(c, fn, PCI_BAR_MSI, COMP_DEV_IRQ, msi_next, msi_next, why))
		return false;
	msi_next++;
	return true;
}

/* Record the function (c->pci[fn]) and append what it decodes; false and
 * *why when a resource cannot be given. */
static bool expand(struct component *c, unsigned fn, uint64_t bdf, char why[EXPAND_WHY_MAX])
{
	c->pci[fn] = (struct pci_fn){
		.bdf = bdf, .id = cfg_read(bdf, 0), .class_code = cfg_read(bdf, 0x08) >> 8,
		.header_type = (uint8_t)(cfg_read(bdf, 0x0c) >> 16 & 0x7f),
	};
	if (c->pci[fn].header_type != 0)
		return true;                    /* a bridge: no BARs of its own to give */
	for (unsigned i = 0; i < 6; i++) {
		unsigned off = 0x10 + 4 * i;
		uint32_t bar = cfg_read(bdf, off);
		if (!bar)
			continue;
		if (bar & 1) {                  /* I/O space */
			uint32_t size = ~(bar_mask(bdf, off) & ~3u) + 1;
			if (!add(c, fn, i, COMP_DEV_IOPORT, bar & ~3u, (bar & ~3u) + (size & 0xffff) - 1, why))
				return false;
			continue;
		}
		uint64_t base = bar & ~0xfull, size = ~(uint64_t)(bar_mask(bdf, off) & ~0xfu) + 1;
		size &= 0xffffffffull;
		unsigned index = i;
		if ((bar & 6) == 4 && i < 5) {  /* 64-bit: the high half is the next BAR */
			base |= (uint64_t)cfg_read(bdf, off + 4) << 32;
			i++;
		}
		size = size < PAGE_SIZE ? PAGE_SIZE : size;   /* a window is whole pages */
		if (!add(c, fn, index, COMP_DEV_MMIO, base, base + size - 1, why))
			return false;
	}
	uint32_t line = cfg_read(bdf, 0x3c) & 0xff;
	if (line && line < COMP_IRQ_LINES && !add(c, fn, PCI_BAR_IRQ, COMP_DEV_IRQ, line, line, why))
		return false;
	return add_msi(c, fn, bdf, why);
}

void pci_expand_grants(struct component *c)
{
	const struct comp_component *d = c->desc;
	unsigned n = d->ndevices;       /* the grants as written; resources go after them */
	for (unsigned i = 0; i < n; i++) {
		const struct comp_device *dev = &d->device[i];
		if (dev->kind != COMP_DEV_PCI_ADDR && dev->kind != COMP_DEV_PCI_ID)
			continue;
		char what[32];
		comp_device_format(dev, what, sizeof(what));
		dbt_word_t err;
		if (!cfg_open && (err = dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(CFG_ADDR, 3)))) {
			component_refuse(c, "its grant '%s': no PCI configuration ports (%s)", what,
			                 kernel_error(err));
			return;
		}
		cfg_open = true;
		uint64_t bdf;
		if (!find(dev, &bdf)) {
			component_refuse(c, "its grant '%s': no such PCI function", what);
			return;
		}
		c->dev_pci[i] = (uint8_t)(c->npci + 1);
		char why[EXPAND_WHY_MAX];
		if (!expand(c, c->npci++, bdf, why)) {
			component_refuse(c, "its grant '%s': %s", what, why);
			return;
		}
		component_logf(c, "PCI %02lx:%02lx.%lx granted: %u resources", COMP_PCI_BUS(bdf),
		               COMP_PCI_DEV(bdf), COMP_PCI_FN(bdf), c->desc->ndevices - n);
	}
}

/* ---- names in the environment ---------------------------------------------------- */

/* "BB:DD.F" for a grant, "BB:DD.F/barN" or "BB:DD.F/irq" for what it decodes. */
void pci_env_name(const struct component *c, unsigned dev, char *buf, size_t n)
{
	const struct pci_fn *f = &c->pci[c->dev_pci[dev] - 1];
	const struct comp_device *d = &c->desc->device[dev];
	int len = snfmt(buf, n, "%02lx:%02lx.%lx", COMP_PCI_BUS(f->bdf), COMP_PCI_DEV(f->bdf),
	                COMP_PCI_FN(f->bdf));
	if (d->kind == COMP_DEV_PCI_ADDR || d->kind == COMP_DEV_PCI_ID || len < 0)
		return;
	if (c->dev_bar[dev] == PCI_BAR_IRQ)
		snfmt(buf + len, n - (size_t)len, "/irq");
	else if (c->dev_bar[dev] == PCI_BAR_MSI)
		snfmt(buf + len, n - (size_t)len, "/msi");
	else
		snfmt(buf + len, n - (size_t)len, "/bar%u", c->dev_bar[dev]);
}

/* ---- configuration space for the function's driver ----------------------------------- */

#define CMD_WRITABLE 0x0407u    /* I/O space, memory space, bus master, INTx disable */

static const struct pci_fn *granted(const struct component *c, dbt_word_t bdf)
{
	for (unsigned i = 0; i < c->npci; i++)
		if (c->pci[i].bdf == bdf)
			return &c->pci[i];
	return NULL;
}

/* Decode: the caller's function, a naturally aligned access inside the
 * 256 bytes mechanism #1 reaches. */
static dbt_word_t cfg_check(const struct component *c, dbt_word_t bdf, dbt_word_t off,
                            dbt_word_t width, const struct pci_fn **fn)
{
	if (!(*fn = granted(c, bdf)))
		return DBT_COMP_E_NO_DEVICE;
	if ((width != 1 && width != 2 && width != 4) || off >= 256 || off % width)
		return DBT_COMP_E_RANGE;
	return DBT_OK;
}

static uint32_t cfg_read_sized(uint64_t bdf, unsigned off, unsigned width)
{
	io_outl(CFG_ADDR, 0x80000000u | (uint32_t)(bdf << 8) | (off & 0xfc));
	uint16_t port = (uint16_t)(CFG_DATA + (off & 3));
	return width == 1 ? io_inb(port) : width == 2 ? io_inw(port) : io_inl(port);
}

static void cfg_write_sized(uint64_t bdf, unsigned off, unsigned width, uint32_t v)
{
	io_outl(CFG_ADDR, 0x80000000u | (uint32_t)(bdf << 8) | (off & 0xfc));
	uint16_t port = (uint16_t)(CFG_DATA + (off & 3));
	if (width == 1)
		io_outb(port, (uint8_t)v);
	else if (width == 2)
		io_outw(port, (uint16_t)v);
	else
		io_outl(port, v);
}

dbt_word_t pci_cfg_read(struct component *c, dbt_word_t bdf, dbt_word_t off, dbt_word_t width,
                        dbt_word_t *value)
{
	const struct pci_fn *fn;
	dbt_word_t err = cfg_check(c, bdf, off, width, &fn);
	if (err)
		return err;
	*value = cfg_read_sized(bdf, (unsigned)off, (unsigned)width);
	return DBT_OK;
}

/* Does [off, off + width) touch [lo, hi]? */
static bool touches(dbt_word_t off, dbt_word_t width, unsigned lo, unsigned hi)
{
	return off <= hi && off + width - 1 >= lo;
}

/* Registers that would move the device or change what it is: BARs (and a
 * bridge's windows and bus numbers), the expansion ROM, header type, BIST. */
static bool write_refused(const struct pci_fn *fn, dbt_word_t off, dbt_word_t width)
{
	if (touches(off, width, 0x0e, 0x0f) || touches(off, width, 0x10, 0x27) ||
	    touches(off, width, 0x30, 0x33))
		return true;
	return fn->header_type != 0 && (touches(off, width, 0x28, 0x2f) || touches(off, width, 0x38, 0x3b));
}

/* The value to write so that of the command register only the bits a
 * driver may set change (off/width: a naturally aligned access touching it). */
static uint32_t command_filter(uint64_t bdf, unsigned off, unsigned width, uint32_t v)
{
	uint32_t now = cfg_read_sized(bdf, 0x04, 2), want;
	if (off == 5)
		want = (now & 0x00ff) | (v & 0xff) << 8;
	else if (width == 1)
		want = (now & 0xff00) | (v & 0xff);
	else
		want = v & 0xffff;
	uint32_t cmd = (now & ~CMD_WRITABLE) | (want & CMD_WRITABLE);
	if (off == 5)
		return cmd >> 8;
	if (width == 1)
		return cmd & 0xff;
	return (v & 0xffff0000u) | cmd;     /* width 4: the status half as given (write-1-to-clear) */
}

dbt_word_t pci_cfg_write(struct component *c, dbt_word_t bdf, dbt_word_t off, dbt_word_t width,
                         dbt_word_t value)
{
	const struct pci_fn *fn;
	dbt_word_t err = cfg_check(c, bdf, off, width, &fn);
	if (err)
		return err;
	if (write_refused(fn, off, width) || value >> (8 * width))
		return DBT_COMP_E_RANGE;
	uint32_t v = (uint32_t)value;
	if (touches(off, width, 0x04, 0x05))
		v = command_filter(bdf, (unsigned)off, (unsigned)width, v);
	cfg_write_sized(bdf, (unsigned)off, (unsigned)width, v);
	return DBT_OK;
}

void pci_quiesce(struct component *c)
{
	for (unsigned i = 0; i < c->npci; i++) {
		uint32_t cmd = cfg_read_sized(c->pci[i].bdf, 0x04, 2);
		if (cmd & 4)
			cfg_write_sized(c->pci[i].bdf, 0x04, 2, cmd & ~4u);
	}
}
