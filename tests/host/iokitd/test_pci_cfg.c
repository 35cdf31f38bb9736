/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_pci_cfg.c - host tests of iokitd's configuration-space helpers
 * (servers/iokit/server/pci_cfg.c) on a simulated PCI function: argument
 * checks, refusals by the composer, and capability lists a device might
 * really present - well-formed, empty, looping, pointing into the header,
 * with reserved low bits set, on a CardBus header.  The walks must end
 * (bounded reads) and find exactly what is there.
 */
#include "harness.h"
#include "iokit/driver.h"
#include "iokit/server/compsvc.h"
#include <string.h>

static uint8_t cfg[256];
static unsigned reads, writes;
static int refuse;                      /* the composer's answer, 0: serve */

int iokitd_cfg_read(uint64_t bdf, unsigned off, unsigned width, uint32_t *v)
{
	(void)bdf;
	reads++;
	if (refuse)
		return refuse;
	uint32_t x = 0;
	for (unsigned i = 0; i < width; i++)
		x |= (uint32_t)cfg[off + i] << (8 * i);
	*v = x;
	return 0;
}

int iokitd_cfg_write(uint64_t bdf, unsigned off, unsigned width, uint32_t v)
{
	(void)bdf;
	writes++;
	if (refuse)
		return refuse;
	for (unsigned i = 0; i < width; i++)
		cfg[off + i] = (uint8_t)(v >> (8 * i));
	return 0;
}

static struct iokit_pci_device dev;

/* A function with the capability list given as (offset, id, next) triples. */
static void setup(const uint8_t (*caps)[3], unsigned n, uint8_t head)
{
	memset(cfg, 0, sizeof(cfg));
	memset(&dev, 0, sizeof(dev));
	refuse = 0;
	reads = writes = 0;
	cfg[0x06] = head ? 0x10 : 0;    /* status: capability list */
	cfg[0x34] = head;
	for (unsigned i = 0; i < n; i++) {
		cfg[caps[i][0]] = caps[i][1];
		cfg[caps[i][0] + 1] = caps[i][2];
	}
}

HTEST(args_checked_before_the_composer)
{
	uint32_t v;
	setup(NULL, 0, 0);
	CHECK(iokit_pci_cfg_read(&dev, 0, 3, &v) == IO_EINVAL);
	CHECK(iokit_pci_cfg_read(&dev, 256, 1, &v) == IO_EINVAL);
	CHECK(iokit_pci_cfg_read(&dev, 0x11, 2, &v) == IO_EINVAL);
	CHECK(iokit_pci_cfg_read(&dev, 0x12, 4, &v) == IO_EINVAL);
	CHECK(iokit_pci_cfg_read(NULL, 0, 4, &v) == IO_EINVAL);
	CHECK(iokit_pci_cfg_read(&dev, 0, 4, NULL) == IO_EINVAL);
	CHECK(iokit_pci_cfg_write(&dev, 0xfe, 4, 0) == IO_EINVAL);
	CHECK(reads == 0 && writes == 0);
	CHECK(iokit_pci_cfg_read(&dev, 0xfc, 4, &v) == IO_OK && reads == 1);
}

HTEST(composer_refusal_is_enodev)
{
	uint32_t v = 77;
	setup(NULL, 0, 0);
	refuse = 0x206;                 /* DBT_COMP_E_NO_DEVICE */
	CHECK(iokit_pci_cfg_read(&dev, 0, 4, &v) == IO_ENODEV && v == 77);
	CHECK(iokit_pci_cfg_write(&dev, 0x10, 4, 0) == IO_ENODEV);
	CHECK(iokit_pci_enable(&dev, true, false, true) == IO_ENODEV);
	CHECK(iokit_pci_find_cap(&dev, 0x05, 0) == 0);
}

HTEST(well_formed_list)
{
	static const uint8_t caps[][3] = { { 0x40, 0x11, 0x50 }, { 0x50, 0x09, 0x60 }, { 0x60, 0x09, 0 } };
	setup(caps, 3, 0x40);
	CHECK(iokit_pci_find_cap(&dev, 0x11, 0) == 0x40);
	CHECK(iokit_pci_find_cap(&dev, 0x09, 0) == 0x50);
	CHECK(iokit_pci_find_cap(&dev, 0x09, 0x50) == 0x60);
	CHECK(iokit_pci_find_cap(&dev, 0x09, 0x60) == 0);
	CHECK(iokit_pci_find_cap(&dev, 0x05, 0) == 0);
	unsigned n = 0, off = iokit_pci_next_cap(&dev, 0);
	for (; off && n < 10; off = iokit_pci_next_cap(&dev, off))
		n++;
	CHECK(n == 3);
}

HTEST(no_list_when_status_bit_clear)
{
	static const uint8_t caps[][3] = { { 0x40, 0x05, 0 } };
	setup(caps, 1, 0x40);
	cfg[0x06] = 0;
	CHECK(iokit_pci_next_cap(&dev, 0) == 0);
	CHECK(iokit_pci_find_cap(&dev, 0x05, 0) == 0);
}

HTEST(looping_list_ends)
{
	static const uint8_t caps[][3] = { { 0x40, 0x09, 0x50 }, { 0x50, 0x09, 0x40 } };
	setup(caps, 2, 0x40);
	CHECK(iokit_pci_find_cap(&dev, 0x05, 0) == 0);
	CHECK(reads < 200);
	static const uint8_t self[][3] = { { 0xfc, 0x01, 0xfc } };
	setup(self, 1, 0xfc);
	CHECK(iokit_pci_find_cap(&dev, 0x05, 0) == 0);
	CHECK(reads < 200);
}

HTEST(pointer_into_header_ends)
{
	static const uint8_t caps[][3] = { { 0x40, 0x09, 0x10 } };
	setup(caps, 1, 0x40);
	cfg[0x10] = 0x05;               /* a BAR byte that looks like MSI */
	CHECK(iokit_pci_find_cap(&dev, 0x05, 0) == 0);
	setup(caps, 1, 0x3c);           /* the head itself points into the header */
	CHECK(iokit_pci_next_cap(&dev, 0) == 0);
}

HTEST(reserved_low_bits_masked)
{
	static const uint8_t caps[][3] = { { 0x40, 0x09, 0x53 }, { 0x50, 0x05, 0 } };
	setup(caps, 2, 0x43);
	CHECK(iokit_pci_find_cap(&dev, 0x09, 0) == 0x40);
	CHECK(iokit_pci_find_cap(&dev, 0x05, 0) == 0x50);
}

HTEST(cardbus_header_pointer)
{
	static const uint8_t caps[][3] = { { 0x80, 0x01, 0 } };
	setup(caps, 1, 0);
	cfg[0x06] = 0x10;
	cfg[0x0e] = 0x82;               /* multi-function CardBus bridge */
	cfg[0x14] = 0x80;
	CHECK(iokit_pci_find_cap(&dev, 0x01, 0) == 0x80);
}

HTEST(enable_sets_only_asked_bits)
{
	setup(NULL, 0, 0);
	cfg[0x04] = 0x00;
	cfg[0x05] = 0x04;               /* INTx disable, kept */
	CHECK(iokit_pci_enable(&dev, true, false, true) == IO_OK);
	CHECK(cfg[0x04] == 0x06 && cfg[0x05] == 0x04);
	CHECK(iokit_pci_enable(&dev, false, true, false) == IO_OK);
	CHECK(cfg[0x04] == 0x07);
}
