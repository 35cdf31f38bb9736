/*
 * test_virtio_pci.c - the virtio PCI transport's reading of the device's
 * capability list (user/iokit/drivers/virtio_pci.c, virtio_pci_map) and its
 * bounds on the device configuration, against a fake function: a
 * configuration space with a capability list and memory BARs in host
 * memory.  A structure outside its BAR (also by overflow), in an I/O or
 * unmapped BAR, in BAR 6+, too short or from a capability too short is not
 * used; the first usable one of each type is.
 */
#include <string.h>
#include "harness.h"
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
