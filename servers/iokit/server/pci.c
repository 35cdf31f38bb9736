/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pci.c - the PCI host bridge and bus driver: the entry "pci@0"
 * (IOPCIBridge) under the root, and one IOPCIDevice nub under it per PCI
 * function the composition granted this instance (the DBT_ENV_PCI entries
 * of its environment; iokitd.h lists the nubs' names and properties).
 *
 * What comes from where: the IDs, class, subsystem, header type, interrupt
 * pin and capability list are read from configuration space (through the
 * composer); the BARs' types and physical addresses too, while their sizes
 * and, for memory BARs, where they are mapped in this instance come from
 * the "BB:DD.F/barN" entries the composer made when it sized them (writes
 * to BARs, which sizing needs, are the composer's alone).  The INTx line is
 * the "BB:DD.F/irq" entry.  MSI and MSI-X are reported ("msi", "msi-x");
 * the message-signalled line the composer gave a function that has one of
 * them is the "BB:DD.F/msi" entry (msi_line, msi, property "msi-line"):
 * programming it into the device is the driver's business.
 *
 * Entry point: iokitd_pci_publish (registry lock held).
 */
#include "server.h"

#define PCI_CAP_MSI  0x05
#define PCI_CAP_MSIX 0x11
#define BDF_BUS(a) ((unsigned)((a) >> 8) & 0xff)
#define BDF_DEV(a) ((unsigned)((a) >> 3) & 0x1f)
#define BDF_FN(a)  ((unsigned)(a) & 7)

const struct io_class IOPCIBridge_class = {
	.name = "IOPCIBridge", .super = &IOService_class, .size = sizeof(struct io_service),
};

const struct io_class IOPCIDevice_class = {
	.name = "IOPCIDevice", .super = &IOService_class, .size = sizeof(struct iokit_pci_device),
};

static uint32_t cfg(struct iokit_pci_device *d, unsigned off, unsigned width)
{
	uint32_t v = 0;
	if (iokit_pci_cfg_read(d, off, width, &v))
		return 0;
	return v;
}

/* The environment entry "<fn>/<what>", or NULL. */
static const struct dbt_env_entry *fn_entry(const char *fn, const char *what)
{
	char name[DBT_ENV_NAME_LEN];
	snfmt(name, sizeof(name), "%s/%s", fn, what);
	return urt_env_find(name);
}

static struct io_dict *bar_dict(unsigned i, const struct iokit_pci_bar *b, bool is64, bool pref)
{
	struct io_dict *d = io_dict_create();
	if (!d)
		return NULL;
	io_dict_set_number(d, "index", i);
	io_dict_set_string(d, "type", b->io ? "io" : is64 ? "mem64" : "mem32");
	io_dict_set_number(d, "address", b->phys);
	io_dict_set_number(d, "size", b->size);
	if (!b->io && pref)
		io_dict_set_number(d, "prefetchable", 1);
	return d;
}

/* Fill d->bar[] and the "bars" property. */
static void bars_read(struct iokit_pci_device *d, const char *fn, unsigned nbars)
{
	struct io_array *arr = io_array_create();
	for (unsigned i = 0; i < nbars; i++) {
		uint32_t v = cfg(d, 0x10 + 4 * i, 4);
		bool io = v & 1, is64 = !io && (v & 6) == 4 && i + 1 < nbars, pref = !io && (v & 8);
		char what[8];
		snfmt(what, sizeof(what), "bar%u", i);
		const struct dbt_env_entry *e = fn_entry(fn, what);
		struct iokit_pci_bar *b = &d->bar[i];
		b->io = io;
		b->phys = io ? (v & ~3u) : (v & ~0xfu);
		if (is64)
			b->phys |= (uint64_t)cfg(d, 0x10 + 4 * (i + 1), 4) << 32;
		if (e && v) {
			b->size = e->size;
			if (!io && e->kind == DBT_ENV_MMIO)
				b->va = (volatile void *)e->addr;
			struct io_dict *bd = bar_dict(i, b, is64, pref);
			if (arr && bd)
				io_array_append(arr, bd);
			io_release(bd);
		}
		if (is64)
			i++;            /* the high half is no BAR of its own */
	}
	if (arr)
		io_dict_set(d->svc.props, "bars", arr);
	io_release(arr);
}

/* The capability IDs in list order, and whether MSI / MSI-X are offered. */
static void caps_read(struct iokit_pci_device *d)
{
	struct io_array *arr = io_array_create();
	bool msi = false, msix = false;
	unsigned off = iokit_pci_next_cap(d, 0);
	for (unsigned n = 0; n < 48 && off; n++, off = iokit_pci_next_cap(d, off)) {
		unsigned id = cfg(d, off, 1);
		struct io_number *num = io_number_create(id);
		if (arr && num)
			io_array_append(arr, num);
		io_release(num);
		msi |= id == PCI_CAP_MSI;
		msix |= id == PCI_CAP_MSIX;
	}
	if (arr)
		io_dict_set(d->svc.props, "capabilities", arr);
	io_release(arr);
	io_dict_set_number(d->svc.props, "msi", msi);
	io_dict_set_number(d->svc.props, "msi-x", msix);
}

static void ids_read(struct iokit_pci_device *d, const struct dbt_env_entry *e)
{
	struct io_dict *p = d->svc.props;
	uint32_t id = cfg(d, 0x00, 4), cls = cfg(d, 0x08, 4);
	unsigned htype = cfg(d, 0x0e, 1) & 0x7f;
	d->vendor = (uint16_t)id;
	d->device = (uint16_t)(id >> 16);
	d->class_code = cls >> 8;
	if (d->vendor != (uint16_t)e->size || d->device != (uint16_t)(e->size >> 16))
		uprintf("iokitd: %s: PCI %s: configuration space says %04x:%04x, the composer %04lx:%04lx\n",
		        iokitd_instance(), e->name, d->vendor, d->device, e->size & 0xffff,
		        (e->size >> 16) & 0xffff);
	io_dict_set_number(p, "vendor-id", d->vendor);
	io_dict_set_number(p, "device-id", d->device);
	io_dict_set_number(p, "class-code", d->class_code);
	io_dict_set_number(p, "revision-id", cls & 0xff);
	io_dict_set_number(p, "header-type", htype);
	if (htype == 0) {
		io_dict_set_number(p, "subsystem-vendor-id", cfg(d, 0x2c, 2));
		io_dict_set_number(p, "subsystem-id", cfg(d, 0x2e, 2));
	}
	uint8_t reg[3] = { (uint8_t)BDF_BUS(d->bdf), (uint8_t)BDF_DEV(d->bdf), (uint8_t)BDF_FN(d->bdf) };
	io_dict_set_data(p, "reg", reg, sizeof(reg));
	io_dict_set_number(p, "interrupt-pin", cfg(d, 0x3d, 1));
}

static void compatible_set(struct iokit_pci_device *d)
{
	char buf[24];
	struct io_array *arr = io_array_create();
	struct io_string *s;
	snfmt(buf, sizeof(buf), "pci%x,%x", d->vendor, d->device);
	if (arr && (s = io_string_create(buf))) {
		io_array_append(arr, s);
		io_release(s);
	}
	snfmt(buf, sizeof(buf), "pciclass,%06x", d->class_code);
	if (arr && (s = io_string_create(buf))) {
		io_array_append(arr, s);
		io_release(s);
	}
	if (arr)
		io_dict_set(d->svc.props, "compatible", arr);
	io_release(arr);
}

/* One nub for the granted function e; attached, published, released. */
static bool function_publish(struct io_service *bridge, const struct dbt_env_entry *e)
{
	char name[24], loc[8];
	snfmt(name, sizeof(name), "pci%lx,%lx", e->size & 0xffff, (e->size >> 16) & 0xffff);
	snfmt(loc, sizeof(loc), "%x,%x", BDF_DEV(e->addr), BDF_FN(e->addr));
	struct iokit_pci_device *d = (struct iokit_pci_device *)
		io_service_create(&IOPCIDevice_class, name, loc);
	if (!d)
		return false;
	d->bdf = e->addr;
	d->irq_line = -1;
	d->msi_line = -1;
	d->msi = 0;
	uint32_t id;
	int err = iokit_pci_cfg_read(d, 0, 4, &id);
	if (err || (id & 0xffff) == 0xffff) {
		uprintf("iokitd: %s: PCI %s: configuration space %s: not published\n", iokitd_instance(),
		        e->name, err ? "refused by the composer" : "reads as all ones (no function)");
		io_release(d);
		return false;
	}
	ids_read(d, e);
	unsigned htype = cfg(d, 0x0e, 1) & 0x7f;
	bars_read(d, e->name, htype == 0 ? 6 : htype == 1 ? 2 : 0);
	caps_read(d);
	compatible_set(d);
	const struct dbt_env_entry *irq = fn_entry(e->name, "irq");
	if (irq && irq->kind == DBT_ENV_IRQ) {
		d->irq_line = (int)irq->addr;
		d->irq = (dbt_slot_t)irq->slot;
		io_dict_set_number(d->svc.props, "interrupt", irq->addr);
	}
	const struct dbt_env_entry *msi = fn_entry(e->name, "msi");
	if (msi && msi->kind == DBT_ENV_IRQ) {
		d->msi_line = (int)msi->addr;
		d->msi = (dbt_slot_t)msi->slot;
		io_dict_set_number(d->svc.props, "msi-line", msi->addr);
	}
	err = io_service_attach(bridge, &d->svc);
	if (!err)
		err = io_service_register(&d->svc);
	if (err)
		uprintf("iokitd: %s: PCI %s: cannot publish (%d)\n", iokitd_instance(), e->name, err);
	io_release(d);
	return !err;
}

unsigned iokitd_pci_publish(struct io_registry *reg)
{
	struct io_service *bridge = io_service_create(&IOPCIBridge_class, "pci", "0");
	if (!bridge || io_service_attach(io_registry_root(reg), bridge) || io_service_register(bridge)) {
		uprintf("iokitd: %s: cannot create the PCI bridge\n", iokitd_instance());
		io_release(bridge);
		return 0;
	}
	io_dict_set_string(bridge->props, "device_type", "pci");
	unsigned n = 0;
	for (dbt_word_t i = 0; i < urt_env->nentries; i++)
		if (urt_env->entry[i].kind == DBT_ENV_PCI)
			n += function_publish(bridge, &urt_env->entry[i]);
	io_dict_set_number(bridge->props, "functions", n);
	io_release(bridge);
	return n;
}
