/*
 * pci.c - PCI functions named in a composition become the resources they
 * decode: each I/O BAR an `ioport` range, each memory BAR an `mmio` range,
 * the interrupt line an `irq`.  The composer finds the function (by
 * bus:dev.fn, or the first one with vendor:device), sizes its BARs through
 * configuration mechanism #1 (ports 0xcf8/0xcfc, which only the composer
 * may use) and appends the resources to the component's device list before
 * anything starts.  The function's configuration space itself stays with
 * the composer: a PCI bus driver in the driver framework will offer it.
 */
#include "composer.h"

#define CFG_ADDR 0xcf8
#define CFG_DATA 0xcfc

static bool cfg_open;

static void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(port)); }
static uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static uint32_t cfg_read(uint64_t bdf, unsigned off)
{
	outl(CFG_ADDR, 0x80000000u | (uint32_t)(bdf << 8) | (off & 0xfc));
	return inl(CFG_DATA);
}

static void cfg_write(uint64_t bdf, unsigned off, uint32_t v)
{
	outl(CFG_ADDR, 0x80000000u | (uint32_t)(bdf << 8) | (off & 0xfc));
	outl(CFG_DATA, v);
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

static bool add(struct comp_component *d, enum comp_dev_kind kind, uint64_t base, uint64_t last)
{
	if (d->ndevices == COMP_MAX_DEVICES)
		return false;
	d->device[d->ndevices++] = (struct comp_device){ .kind = kind, .base = base, .last = last };
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

static bool expand(struct component *c, uint64_t bdf)
{
	struct comp_component *d = (struct comp_component *)c->desc;
	if ((cfg_read(bdf, 0x0c) >> 16 & 0x7f) != 0)
		return true;                    /* a bridge: no BARs of its own to give */
	for (unsigned i = 0; i < 6; i++) {
		unsigned off = 0x10 + 4 * i;
		uint32_t bar = cfg_read(bdf, off);
		if (!bar)
			continue;
		if (bar & 1) {                  /* I/O space */
			uint32_t size = ~(bar_mask(bdf, off) & ~3u) + 1;
			if (!add(d, COMP_DEV_IOPORT, bar & ~3u, (bar & ~3u) + (size & 0xffff) - 1))
				return false;
			continue;
		}
		uint64_t base = bar & ~0xfull, size = ~(uint64_t)(bar_mask(bdf, off) & ~0xfu) + 1;
		size &= 0xffffffffull;
		if ((bar & 6) == 4 && i < 5) {  /* 64-bit: the high half is the next BAR */
			base |= (uint64_t)cfg_read(bdf, off + 4) << 32;
			i++;
		}
		size = size < 4096 ? 4096 : size;
		if (!add(d, COMP_DEV_MMIO, base, base + size - 1))
			return false;
	}
	uint32_t line = cfg_read(bdf, 0x3c) & 0xff;
	if (line && line < COMP_IRQ_LINES && !add(d, COMP_DEV_IRQ, line, line))
		return false;
	return true;
}

bool pci_expand_grants(struct component *c)
{
	const struct comp_component *d = c->desc;
	unsigned n = d->ndevices;       /* the grants as written; resources go after them */
	for (unsigned i = 0; i < n; i++) {
		const struct comp_device *dev = &d->device[i];
		if (dev->kind != COMP_DEV_PCI_ADDR && dev->kind != COMP_DEV_PCI_ID)
			continue;
		if (!cfg_open) {
			if (dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(CFG_ADDR, 3)))
				return false;
			cfg_open = true;
		}
		char what[32];
		uint64_t bdf;
		if (!find(dev, &bdf)) {
			component_logf(c, "no PCI function %s", comp_device_format(dev, what, sizeof(what)));
			return false;
		}
		if (!expand(c, bdf)) {
			component_logf(c, "too many devices after expanding PCI %s",
			               comp_device_format(dev, what, sizeof(what)));
			return false;
		}
		component_logf(c, "PCI %02lx:%02lx.%lx granted: %u resources", COMP_PCI_BUS(bdf),
		               COMP_PCI_DEV(bdf), COMP_PCI_FN(bdf), c->desc->ndevices - n);
	}
	return true;
}
