/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio_pci.c (iokit/drivers) - the virtio 1.x modern PCI transport
 * (virtio_pci.h).  Register offsets are those of struct
 * virtio_pci_common_cfg in the spec (4.1.4.3); every access has the
 * field's width, done with the glue's MMIO helpers.  64-bit fields are
 * written as two 32-bit halves, low first, which the spec allows.
 */
#include "urt.h"
#include "virtio_pci.h"
#include "iokit/glue/glue_io.h"

/* struct virtio_pci_common_cfg */
#define CC_DFSELECT     0x00
#define CC_DF           0x04
#define CC_GFSELECT     0x08
#define CC_GF           0x0c
#define CC_MSIX         0x10
#define CC_NUMQ         0x12
#define CC_STATUS       0x14
#define CC_CFGGEN       0x15
#define CC_Q_SELECT     0x16
#define CC_Q_SIZE       0x18
#define CC_Q_MSIX       0x1a
#define CC_Q_ENABLE     0x1c
#define CC_Q_NOFF       0x1e
#define CC_Q_DESC       0x20
#define CC_Q_AVAIL      0x28
#define CC_Q_USED       0x30
#define CC_LEN          0x38

#define NO_VECTOR       0xffff

static uint32_t cfg32(struct iokit_pci_device *d, unsigned off)
{
	uint32_t v = 0;
	return iokit_pci_cfg_read(d, off, 4, &v) ? 0 : v;
}

/* The structure a capability at `cap` points to, if it lies in a mapped
 * memory BAR and is at least min bytes long; NULL otherwise. */
static volatile uint8_t *cap_window(struct iokit_pci_device *d, unsigned cap, uint32_t min,
				    uint32_t *len)
{
	uint32_t w0 = cfg32(d, cap);    /* vndr, next, cap_len, cfg_type */
	uint32_t w1 = cfg32(d, cap + 4);        /* bar, id, padding */
	uint32_t off = cfg32(d, cap + 8), n = cfg32(d, cap + 12);
	unsigned bar = w1 & 0xff;
	if (((w0 >> 16) & 0xff) < 16 || bar >= 6 || n < min)
		return NULL;
	const struct iokit_pci_bar *b = &d->bar[bar];
	if (b->io || !b->va || !b->size || off > b->size || n > b->size - off)
		return NULL;
	*len = n;
	return (volatile uint8_t *)b->va + off;
}

int virtio_pci_map(struct virtio_pci *vp, struct iokit_pci_device *pci)
{
	*vp = (struct virtio_pci){ .pci = pci };
	uint32_t len, isr_len;
	unsigned cap = 0;
	for (int guard = 0; guard < 48; guard++) {
		cap = iokit_pci_find_cap(pci, VIRTIO_PCI_CAP_VNDR, cap);
		if (!cap)
			break;
		unsigned type = (cfg32(pci, cap) >> 24) & 0xff;
		volatile uint8_t *w;
		/* the first usable structure of each type wins (spec 4.1.4) */
		if (type == VIRTIO_PCI_CAP_COMMON && !vp->common &&
		    (w = cap_window(pci, cap, CC_LEN, &len)))
			vp->common = w;
		else if (type == VIRTIO_PCI_CAP_NOTIFY && !vp->notify_base &&
			 (w = cap_window(pci, cap, 2, &len))) {
			vp->notify_base = w;
			vp->notify_len = len;
			vp->notify_mult = cfg32(pci, cap + 16);
		} else if (type == VIRTIO_PCI_CAP_ISR && !vp->isr &&
			   (w = cap_window(pci, cap, 1, &isr_len)))
			vp->isr = w;
		else if (type == VIRTIO_PCI_CAP_DEVICE && !vp->device &&
			 (w = cap_window(pci, cap, 1, &len))) {
			vp->device = w;
			vp->device_len = len;
		}
	}
	return vp->common && vp->notify_base && vp->isr && vp->device ? VIRTIO_OK : VIRTIO_ENOCAP;
}

uint8_t virtio_pci_status(struct virtio_pci *vp)
{
	return glue_mmio_read8(vp->common + CC_STATUS);
}

void virtio_pci_set_status(struct virtio_pci *vp, uint8_t bits)
{
	glue_mmio_write8(vp->common + CC_STATUS, (uint8_t)(virtio_pci_status(vp) | bits));
}

int virtio_pci_reset(struct virtio_pci *vp)
{
	glue_mmio_write8(vp->common + CC_STATUS, 0);
	for (int i = 0; i < 1000; i++) {
		if (virtio_pci_status(vp) == 0)
			return VIRTIO_OK;
		urt_sleep_us(100);
	}
	return VIRTIO_ERESET;
}

static uint64_t device_features(struct virtio_pci *vp)
{
	glue_mmio_write32(vp->common + CC_DFSELECT, 0);
	uint64_t lo = glue_mmio_read32(vp->common + CC_DF);
	glue_mmio_write32(vp->common + CC_DFSELECT, 1);
	uint64_t hi = glue_mmio_read32(vp->common + CC_DF);
	return lo | hi << 32;
}

int virtio_pci_negotiate(struct virtio_pci *vp, uint64_t wanted)
{
	virtio_pci_set_status(vp, VIRTIO_S_ACKNOWLEDGE);
	virtio_pci_set_status(vp, VIRTIO_S_DRIVER);
	uint64_t f = device_features(vp) & (wanted | 1ull << VIRTIO_F_VERSION_1);
	if (!(f & 1ull << VIRTIO_F_VERSION_1))
		return VIRTIO_EFEATURE;
	glue_mmio_write32(vp->common + CC_GFSELECT, 0);
	glue_mmio_write32(vp->common + CC_GF, (uint32_t)f);
	glue_mmio_write32(vp->common + CC_GFSELECT, 1);
	glue_mmio_write32(vp->common + CC_GF, (uint32_t)(f >> 32));
	virtio_pci_set_status(vp, VIRTIO_S_FEATURES_OK);
	if (!(virtio_pci_status(vp) & VIRTIO_S_FEATURES_OK))
		return VIRTIO_EFEATURE;
	vp->features = f;
	return VIRTIO_OK;
}

uint16_t virtio_pci_queue_max(struct virtio_pci *vp, uint16_t q)
{
	if (q >= glue_mmio_read16(vp->common + CC_NUMQ))
		return 0;
	glue_mmio_write16(vp->common + CC_Q_SELECT, q);
	return glue_mmio_read16(vp->common + CC_Q_SIZE);
}

static void write64(volatile uint8_t *reg, uint64_t v)
{
	glue_mmio_write32(reg, (uint32_t)v);
	glue_mmio_write32(reg + 4, (uint32_t)(v >> 32));
}

int virtio_pci_setup_queue(struct virtio_pci *vp, uint16_t q, uint16_t size, uint64_t desc,
			   uint64_t avail, uint64_t used, volatile uint16_t **notify)
{
	uint16_t max = virtio_pci_queue_max(vp, q);     /* selects q */
	if (!max || !size || size > max)
		return VIRTIO_EQUEUE;
	uint64_t off = (uint64_t)glue_mmio_read16(vp->common + CC_Q_NOFF) * vp->notify_mult;
	if (off > vp->notify_len || vp->notify_len - off < 2)
		return VIRTIO_EQUEUE;
	glue_mmio_write16(vp->common + CC_Q_SIZE, size);
	/* with MSI-X, vector 0; a device that refuses it (reads back
	 * NO_VECTOR) interrupts through INTx instead (spec 4.1.5.1.3) */
	glue_mmio_write16(vp->common + CC_Q_MSIX, vp->msix ? 0 : NO_VECTOR);
	if (vp->msix && glue_mmio_read16(vp->common + CC_Q_MSIX) != 0) {
		glue_mmio_write16(vp->common + CC_Q_MSIX, NO_VECTOR);
		virtio_pci_msix_disable(vp);
	}
	write64(vp->common + CC_Q_DESC, desc);
	write64(vp->common + CC_Q_AVAIL, avail);
	write64(vp->common + CC_Q_USED, used);
	glue_mmio_write16(vp->common + CC_Q_ENABLE, 1);
	*notify = (volatile uint16_t *)(vp->notify_base + off);
	return VIRTIO_OK;
}

uint8_t virtio_pci_isr(struct virtio_pci *vp)
{
	return glue_mmio_read8(vp->isr);
}

static uint64_t device_read(struct virtio_pci *vp, unsigned off, unsigned n)
{
	switch (n) {
	case 1: return glue_mmio_read8(vp->device + off);
	case 2: return glue_mmio_read16(vp->device + off);
	case 4: return glue_mmio_read32(vp->device + off);
	default:
		return glue_mmio_read32(vp->device + off) |
		       (uint64_t)glue_mmio_read32(vp->device + off + 4) << 32;
	}
}

bool virtio_pci_config(struct virtio_pci *vp, unsigned off, unsigned n, uint64_t *v)
{
	if ((n != 1 && n != 2 && n != 4 && n != 8) || off > vp->device_len ||
	    n > vp->device_len - off)
		return false;
	for (int tries = 0; tries < 100; tries++) {
		uint8_t gen = glue_mmio_read8(vp->common + CC_CFGGEN);
		*v = device_read(vp, off, n);
		if (glue_mmio_read8(vp->common + CC_CFGGEN) == gen)
			return true;
	}
	return false;
}

/* PCI MSI-X capability (PCI 3.0, 6.8.2): message control at +2, table
 * offset / BIR at +4; table entries of 16 bytes. */
#define PCI_CAP_MSIX    0x11
#define MSIX_CTRL       2
#define MSIX_TABLE      4
#define MSIX_ENABLE     0x8000u
#define MSIX_FMASK      0x4000u
#define MSIX_ENTRY      16
#define PCI_COMMAND     0x04
#define CMD_INTX_OFF    0x0400u

/* Table entry 0 of the capability at cap, if it lies in a mapped memory BAR. */
static volatile uint8_t *msix_entry0(struct iokit_pci_device *d, unsigned cap)
{
	uint32_t t = cfg32(d, cap + MSIX_TABLE), bir = t & 7, off = t & ~7u;
	if (bir >= 6)
		return NULL;
	const struct iokit_pci_bar *b = &d->bar[bir];
	if (b->io || !b->va || off > b->size || b->size - off < MSIX_ENTRY)
		return NULL;
	return (volatile uint8_t *)b->va + off;
}

static void cfg_update16(struct iokit_pci_device *d, unsigned off, uint16_t clear, uint16_t set)
{
	uint32_t v = 0;
	if (iokit_pci_cfg_read(d, off, 2, &v))
		return;
	iokit_pci_cfg_write(d, off, 2, (v & ~(uint32_t)clear) | set);
}

void virtio_pci_msix_disable(struct virtio_pci *vp)
{
	unsigned cap = vp->msix_cap ? vp->msix_cap : iokit_pci_find_cap(vp->pci, PCI_CAP_MSIX, 0);
	vp->msix = false;
	if (!cap)
		return;
	cfg_update16(vp->pci, cap + MSIX_CTRL, MSIX_ENABLE | MSIX_FMASK, 0);
	cfg_update16(vp->pci, PCI_COMMAND, CMD_INTX_OFF, 0);
}

int virtio_pci_msix_setup(struct virtio_pci *vp, unsigned line)
{
	unsigned cap = iokit_pci_find_cap(vp->pci, PCI_CAP_MSIX, 0);
	volatile uint8_t *e = cap ? msix_entry0(vp->pci, cap) : NULL;
	if (!e || line < DBT_IRQ_MSI_FIRST || line >= DBT_IRQ_MSI_FIRST + DBT_IRQ_MSI_COUNT)
		return VIRTIO_ENOCAP;
	vp->msix_cap = cap;
	glue_mmio_write32(e + 0, (uint32_t)DBT_MSI_ADDRESS);
	glue_mmio_write32(e + 4, (uint32_t)(DBT_MSI_ADDRESS >> 32));
	glue_mmio_write32(e + 8, DBT_MSI_DATA(line));
	glue_mmio_write32(e + 12, glue_mmio_read32(e + 12) & ~1u);     /* unmasked */
	cfg_update16(vp->pci, cap + MSIX_CTRL, MSIX_FMASK, MSIX_ENABLE);
	glue_mmio_write16(vp->common + CC_MSIX, NO_VECTOR);
	if (glue_mmio_read16(vp->common + CC_MSIX) != NO_VECTOR) {
		virtio_pci_msix_disable(vp);
		return VIRTIO_ENOCAP;
	}
	cfg_update16(vp->pci, PCI_COMMAND, 0, CMD_INTX_OFF);
	vp->msix = true;
	return VIRTIO_OK;
}

void virtio_pci_intr_setup(struct virtio_pci *vp)
{
	struct iokit_pci_device *pci = vp->pci;
	if (!pci->msi || virtio_pci_msix_setup(vp, (unsigned)pci->msi_line))
		virtio_pci_msix_disable(vp);
}

dbt_slot_t virtio_pci_intr_cap(const struct virtio_pci *vp)
{
	return vp->msix ? vp->pci->msi : vp->pci->irq;
}
