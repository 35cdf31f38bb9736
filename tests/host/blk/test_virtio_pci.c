/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_virtio_pci.c - the virtio PCI transport's reading of the device's
 * capability list (servers/iokit/drivers/virtio_pci.c, virtio_pci_map) and its
 * bounds on the device configuration, against a fake function: a
 * configuration space with a capability list and memory BARs in host
 * memory.  A structure outside its BAR (also by overflow), in an I/O or
 * unmapped BAR, in BAR 6+, too short or from a capability too short is not
 * used; the first usable one of each type is.  MSI-X set-up: entry 0 and
 * the capability programmed, and refused for a table not wholly inside a
 * mapped memory BAR or a line that is not message-signalled.
 */
#include <string.h>
#include "harness.h"
#include "util.h"
#include "iokit/drivers/virtio_pci.h"

static uint8_t cfg[256];
static _Alignas(4096) uint8_t bar4[0x4000];

/* The server's accessors, over cfg[] (off and width already sane here). */
int iokit_pci_cfg_read(struct iokit_pci_device *d, unsigned off, unsigned width, uint32_t *v)
{
	(void)d;
	uint32_t x = 0;
	if (off + width > sizeof(cfg))
		return -1;
	memcpy(&x, cfg + off, width);
	*v = x;
	return 0;
}

unsigned iokit_pci_find_cap(struct iokit_pci_device *d, uint8_t id, unsigned after)
{
	(void)d;
	unsigned p = after ? cfg[after + 1] : cfg[0x34];
	for (int n = 0; n < 48 && p; n++, p = cfg[p + 1])
		if (cfg[p] == id)
			return p;
	return 0;
}

static unsigned next_cap;

/* Append a virtio capability: type, BAR, offset, length (cap_len 16, 20 for notify). */
static void cap(uint8_t type, uint8_t bar, uint32_t off, uint32_t len, uint8_t cap_len)
{
	unsigned p = next_cap;
	cfg[p] = VIRTIO_PCI_CAP_VNDR;
	cfg[p + 2] = cap_len;
	cfg[p + 3] = type;
	cfg[p + 4] = bar;
	memcpy(cfg + p + 8, &off, 4);
	memcpy(cfg + p + 12, &len, 4);
	uint32_t mult = 4;
	memcpy(cfg + p + 16, &mult, 4);
	/* link it after the previous one */
	if (p == 0x40)
		cfg[0x34] = 0x40;
	else
		cfg[p - 20 + 1] = (uint8_t)p;
	next_cap = p + 20;
}

static void reset_fn(struct iokit_pci_device *d)
{
	memset(cfg, 0, sizeof(cfg));
	memset(d, 0, sizeof(*d));
	next_cap = 0x40;
	d->bar[4] = (struct iokit_pci_bar){ .phys = 0xfe000000, .size = sizeof(bar4), .va = bar4 };
	d->bar[0] = (struct iokit_pci_bar){ .phys = 0xc000, .size = 0x80, .io = true };
}

/* What QEMU's virtio-blk-pci offers: all four in BAR 4. */
static void good_caps(void)
{
	cap(VIRTIO_PCI_CAP_COMMON, 4, 0x0000, 0x1000, 16);
	cap(VIRTIO_PCI_CAP_ISR, 4, 0x1000, 0x1000, 16);
	cap(VIRTIO_PCI_CAP_DEVICE, 4, 0x2000, 0x1000, 16);
	cap(VIRTIO_PCI_CAP_NOTIFY, 4, 0x3000, 0x1000, 20);
}

HTEST(qemu_layout)
{
	struct iokit_pci_device d;
	struct virtio_pci vp;
	reset_fn(&d);
	good_caps();
	CHECK(virtio_pci_map(&vp, &d) == VIRTIO_OK);
	CHECK(vp.common == bar4 && vp.isr == bar4 + 0x1000 && vp.device == bar4 + 0x2000);
	CHECK(vp.notify_base == bar4 + 0x3000 && vp.notify_len == 0x1000 && vp.notify_mult == 4);
	CHECK(vp.device_len == 0x1000);
}

/* Each case: one bad copy of the common structure first, then a good one;
 * the good one must be used.  Without the good one: VIRTIO_ENOCAP.  BAR 0
 * of the fake function is an I/O BAR, BAR 2 is not implemented. */
static bool bad_first(uint8_t bar, uint32_t off, uint32_t len, uint8_t cap_len, bool unmapped)
{
	struct iokit_pci_device d;
	struct virtio_pci vp;
	for (int with_good = 0; with_good < 2; with_good++) {
		reset_fn(&d);
		if (unmapped)
			d.bar[4].va = NULL;
		cap(VIRTIO_PCI_CAP_COMMON, bar, off, len, cap_len);
		if (with_good) {
			d.bar[4].va = bar4;
			good_caps();
		} else {
			cap(VIRTIO_PCI_CAP_ISR, 4, 0x1000, 0x1000, 16);
			cap(VIRTIO_PCI_CAP_DEVICE, 4, 0x2000, 0x1000, 16);
			cap(VIRTIO_PCI_CAP_NOTIFY, 4, 0x3000, 0x1000, 20);
		}
		int err = virtio_pci_map(&vp, &d);
		if (with_good ? err != VIRTIO_OK || vp.common != bar4 : err != VIRTIO_ENOCAP)
			return false;
	}
	return true;
}

HTEST(structure_outside_bar)
{
	CHECK(bad_first(4, 0x3ff0, 0x38, 16, false));            /* runs past the end */
	CHECK(bad_first(4, 0x4000, 0x38, 16, false));            /* starts at the end */
	CHECK(bad_first(4, 0xffffffc0, 0x80, 16, false));        /* offset + length wraps */
	CHECK(bad_first(4, 0x10, 0xfffffff8, 16, false));        /* length wraps */
}

HTEST(structure_in_bad_bar)
{
	CHECK(bad_first(6, 0, 0x38, 16, false));                 /* no BAR 6 */
	CHECK(bad_first(0xff, 0, 0x38, 16, false));
	CHECK(bad_first(0, 0, 0x38, 16, false));                  /* I/O BAR */
	CHECK(bad_first(2, 0, 0x38, 16, false));                 /* BAR not implemented */
	CHECK(bad_first(4, 0, 0x38, 16, true));                  /* BAR not mapped */
}

HTEST(structure_too_short)
{
	CHECK(bad_first(4, 0, 0x37, 16, false));                 /* common < 0x38 */
	CHECK(bad_first(4, 0, 0x38, 15, false));                 /* cap_len < 16 */
}

HTEST(missing_structure)
{
	struct iokit_pci_device d;
	struct virtio_pci vp;
	reset_fn(&d);
	cap(VIRTIO_PCI_CAP_COMMON, 4, 0x0000, 0x1000, 16);
	cap(VIRTIO_PCI_CAP_DEVICE, 4, 0x2000, 0x1000, 16);
	cap(VIRTIO_PCI_CAP_NOTIFY, 4, 0x3000, 0x1000, 20);
	CHECK(virtio_pci_map(&vp, &d) == VIRTIO_ENOCAP);                 /* no ISR */
	reset_fn(&d);
	CHECK(virtio_pci_map(&vp, &d) == VIRTIO_ENOCAP);                 /* no capabilities */
}

HTEST(capability_loop_is_bounded)
{
	struct iokit_pci_device d;
	struct virtio_pci vp;
	reset_fn(&d);
	good_caps();
	cfg[0x40 + 3 * 20 + 1] = 0x40;  /* the last capability points back to the first */
	CHECK(virtio_pci_map(&vp, &d) == VIRTIO_OK);
}

HTEST(device_config_bounds)
{
	struct iokit_pci_device d;
	struct virtio_pci vp;
	uint64_t v;
	reset_fn(&d);
	cap(VIRTIO_PCI_CAP_COMMON, 4, 0x0000, 0x1000, 16);
	cap(VIRTIO_PCI_CAP_ISR, 4, 0x1000, 0x1000, 16);
	cap(VIRTIO_PCI_CAP_DEVICE, 4, 0x2000, 24, 16);                  /* 24 bytes of config */
	cap(VIRTIO_PCI_CAP_NOTIFY, 4, 0x3000, 0x1000, 20);
	CHECK(virtio_pci_map(&vp, &d) == VIRTIO_OK);
	uint64_t cap64 = 0x123456789aull;
	memcpy(bar4 + 0x2000, &cap64, 8);
	CHECK(virtio_pci_config(&vp, 0, 8, &v) && v == cap64);
	CHECK(virtio_pci_config(&vp, 20, 4, &v));
	CHECK(!virtio_pci_config(&vp, 21, 4, &v));                      /* past the structure */
	CHECK(!virtio_pci_config(&vp, 24, 1, &v));
	CHECK(!virtio_pci_config(&vp, ~0u, 8, &v));
	CHECK(!virtio_pci_config(&vp, 0, 3, &v));                       /* odd width */
}

/* MSI-X (virtio_pci_msix_setup / _disable): a capability at 0xa0 whose
 * table is at `table` (offset | BIR) in the fake BAR 2. */
static _Alignas(4096) uint8_t bar2[0x1000];

int iokit_pci_cfg_write(struct iokit_pci_device *d, unsigned off, unsigned width, uint32_t v)
{
	(void)d;
	if (off + width > sizeof(cfg))
		return -1;
	memcpy(cfg + off, &v, width);
	return 0;
}

static void msix_fn(struct iokit_pci_device *d, struct virtio_pci *vp, uint32_t table)
{
	reset_fn(d);
	good_caps();
	memset(bar2, 0, sizeof(bar2));
	d->bar[2] = (struct iokit_pci_bar){ .phys = 0xfd000000, .size = sizeof(bar2), .va = bar2 };
	cfg[next_cap - 20 + 1] = 0xa0;
	cfg[0xa0] = 0x11;
	cfg[0xa2] = 1;                                  /* 2 entries */
	memcpy(cfg + 0xa4, &table, 4);
	CHECK(virtio_pci_map(vp, d) == VIRTIO_OK);
}

static uint32_t word(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

HTEST(msix_programmed)
{
	struct iokit_pci_device d;
	struct virtio_pci vp;
	msix_fn(&d, &vp, 0x800 | 2);
	bar2[0x800 + 12] = 1;                           /* masked at reset */
	cfg[0xa3] = 0x40;                               /* function mask set */
	CHECK(virtio_pci_msix_setup(&vp, DBT_IRQ_MSI_FIRST + 3) == VIRTIO_OK && vp.msix);
	CHECK(word(bar2 + 0x800) == (uint32_t)DBT_MSI_ADDRESS && word(bar2 + 0x804) == 0);
	CHECK(word(bar2 + 0x808) == DBT_MSI_DATA(DBT_IRQ_MSI_FIRST + 3));
	CHECK(word(bar2 + 0x80c) == 0);                 /* unmasked */
	CHECK(cfg[0xa3] == 0x80 && cfg[0xa2] == 1);     /* enabled, function unmasked */
	CHECK(cfg[0x05] & 0x04);                        /* INTx disabled */
	uint16_t v;
	memcpy(&v, bar4 + 0x10, 2);
	CHECK(v == 0xffff);                             /* no configuration vector */
	volatile uint16_t *bell;
	bar4[0x12] = 1;                                 /* one queue, of at most 128 */
	bar4[0x18] = 128;
	bar4[0x1a] = 0x77;
	CHECK(virtio_pci_setup_queue(&vp, 0, 128, 0x1000, 0x2000, 0x3000, &bell) == VIRTIO_OK);
	CHECK(bar4[0x1a] == 0 && bar4[0x1b] == 0 && vp.msix);   /* queue vector 0 */
	virtio_pci_msix_disable(&vp);
	CHECK(!vp.msix && cfg[0xa3] == 0 && !(cfg[0x05] & 0x04));
}

/* A table not wholly inside a mapped memory BAR, or a line that is not a
 * message-signalled one: refused, MSI-X stays off, INTx on. */
HTEST(msix_bad_table)
{
	struct iokit_pci_device d;
	struct virtio_pci vp;
	const uint32_t bad[] = { 0x800 | 6, 0x800 | 7, 0x800 | 0 /* I/O */, 0x800 | 1 /* none */,
				 0xff8 | 2 /* 8 bytes left */, 0xfffffff8u | 2 };
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		msix_fn(&d, &vp, bad[i]);
		CHECK(virtio_pci_msix_setup(&vp, DBT_IRQ_MSI_FIRST) == VIRTIO_ENOCAP && !vp.msix);
		CHECK(cfg[0xa3] == 0 && cfg[0x05] == 0);
	}
	msix_fn(&d, &vp, 0xff0 | 2);                    /* the last 16 bytes: fine */
	CHECK(virtio_pci_msix_setup(&vp, DBT_IRQ_MSI_FIRST) == VIRTIO_OK);
	msix_fn(&d, &vp, 0x800 | 2);
	CHECK(virtio_pci_msix_setup(&vp, DBT_IRQ_MSI_FIRST - 1) == VIRTIO_ENOCAP);
	CHECK(virtio_pci_msix_setup(&vp, DBT_IRQ_MSI_FIRST + DBT_IRQ_MSI_COUNT) == VIRTIO_ENOCAP);
	CHECK(cfg[0xa3] == 0 && !vp.msix);
}

/* No MSI-X capability at all: refused; disable is a no-op. */
HTEST(msix_absent)
{
	struct iokit_pci_device d;
	struct virtio_pci vp;
	reset_fn(&d);
	good_caps();
	CHECK(virtio_pci_map(&vp, &d) == VIRTIO_OK);
	CHECK(virtio_pci_msix_setup(&vp, DBT_IRQ_MSI_FIRST) == VIRTIO_ENOCAP && !vp.msix);
	virtio_pci_msix_disable(&vp);
	CHECK(!vp.msix && cfg[0x05] == 0);
}
