/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pci_cfg.c - configuration space of an IOPCIDevice nub (iokit/driver.h): reads
 * and writes through the composer, which allows only the functions granted
 * to this instance and refuses writes to the BARs; the capability-list
 * walk; the command register.
 *
 * Errors: IO_EINVAL for a bad offset or width (checked here, before asking
 * the composer), IO_ENODEV when the composer refuses.  Pure C over
 * iokitd_cfg_read/write: the host tests run it on a simulated function.
 */
#include "iokit/driver.h"
#include "compsvc.h"

#define PCI_CFG_SIZE    256
#define PCI_STATUS      0x06
#define PCI_STATUS_CAPS 0x10
#define PCI_HEADER_TYPE 0x0e
#define PCI_CAP_PTR     0x34            /* type 0 and 1 headers */
#define PCI_CAP_PTR_CB  0x14            /* type 2 (CardBus) */
#define PCI_CAP_MAX     48              /* (256 - 64) / 4 entries fit at most */
#define PCI_COMMAND     0x04

static bool cfg_args_ok(unsigned off, unsigned width)
{
	return (width == 1 || width == 2 || width == 4) && off < PCI_CFG_SIZE &&
	       off % width == 0;
}

int iokit_pci_cfg_read(struct iokit_pci_device *d, unsigned off, unsigned width, uint32_t *v)
{
	if (!d || !v || !cfg_args_ok(off, width))
		return IO_EINVAL;
	return iokitd_cfg_read(d->bdf, off, width, v) ? IO_ENODEV : IO_OK;
}

int iokit_pci_cfg_write(struct iokit_pci_device *d, unsigned off, unsigned width, uint32_t v)
{
	if (!d || !cfg_args_ok(off, width))
		return IO_EINVAL;
	return iokitd_cfg_write(d->bdf, off, width, v) ? IO_ENODEV : IO_OK;
}

static unsigned cfg8(struct iokit_pci_device *d, unsigned off)
{
	uint32_t v = 0;
	return iokit_pci_cfg_read(d, off, 1, &v) ? 0 : v;
}

/* The first capability pointer, or 0 when the function has no list. */
static unsigned cap_head(struct iokit_pci_device *d)
{
	uint32_t status = 0;
	if (iokit_pci_cfg_read(d, PCI_STATUS, 2, &status) || !(status & PCI_STATUS_CAPS))
		return 0;
	unsigned ptr_off = (cfg8(d, PCI_HEADER_TYPE) & 0x7f) == 2 ? PCI_CAP_PTR_CB : PCI_CAP_PTR;
	return cfg8(d, ptr_off) & 0xfc;
}

/*
 * The list lives in the device, so it may be garbage: a pointer below the
 * header (0x40) ends it, and walks stop after PCI_CAP_MAX entries, so a
 * loop in the list cannot hang the server.
 */
unsigned iokit_pci_next_cap(struct iokit_pci_device *d, unsigned after)
{
	unsigned ptr = after ? cfg8(d, after + 1) & 0xfc : cap_head(d);
	return ptr >= 0x40 ? ptr : 0;
}

unsigned iokit_pci_find_cap(struct iokit_pci_device *d, uint8_t cap_id, unsigned after)
{
	unsigned ptr = iokit_pci_next_cap(d, after);
	for (unsigned n = 0; n < PCI_CAP_MAX && ptr; n++) {
		if (cfg8(d, ptr) == cap_id)
			return ptr;
		ptr = iokit_pci_next_cap(d, ptr);
	}
	return 0;
}

int iokit_pci_enable(struct iokit_pci_device *d, bool mem, bool io, bool master)
{
	uint32_t cmd;
	int err = iokit_pci_cfg_read(d, PCI_COMMAND, 2, &cmd);
	if (err)
		return err;
	cmd |= (io ? 1u : 0) | (mem ? 2u : 0) | (master ? 4u : 0);
	return iokit_pci_cfg_write(d, PCI_COMMAND, 2, cmd);
}
