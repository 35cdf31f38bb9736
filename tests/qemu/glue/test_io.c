/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device access of the glue ABI 1.2: port I/O checked against the same
 * ports read and written with the instructions written out here (CMOS RAM
 * through 0x70/0x71, PCI configuration mechanism #1 through 0xcf8/0xcfc),
 * the MMIO helpers' exact access widths on ordinary memory, formatted
 * logging, and DMA in a root task (no composer: refused).  DMA through
 * the composer is tested by tests/qemu/gluecomp.
 */
#include "gluetest.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_SCRATCH 0x7d		/* CMOS RAM byte no firmware uses in QEMU */
#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc

static bool ports_open;

static const char *open_ports(void)
{
	if (!ports_open &&
	    (dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(CMOS_INDEX, 1)) ||
	     dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(PCI_ADDR, 3))))
		return "dbt_io_enable failed";
	ports_open = true;
	return NULL;
}

/* CMOS RAM written one way reads back the other way, both directions. */
const char *glue_port_io_cmos(void)
{
	const char *why = open_ports();
	uint8_t saved;

	if (why)
		return why;
	io_outb(CMOS_INDEX, CMOS_SCRATCH);
	saved = io_inb(CMOS_DATA);
	io_outb(CMOS_INDEX, CMOS_SCRATCH);
	io_outb(CMOS_DATA, 0xa5);
	iokit_outb(CMOS_INDEX, CMOS_SCRATCH);
	CHECK(iokit_inb(CMOS_DATA) == 0xa5);
	iokit_outb(CMOS_INDEX, CMOS_SCRATCH);
	iokit_outb(CMOS_DATA, 0x5a);
	io_outb(CMOS_INDEX, CMOS_SCRATCH);
	CHECK(io_inb(CMOS_DATA) == 0x5a);
	io_outb(CMOS_INDEX, CMOS_SCRATCH);
	io_outb(CMOS_DATA, saved);
	return NULL;
}

/*
 * 32-, 16- and 8-bit port access on PCI configuration mechanism #1: the
 * address register reads back what either path wrote; the host bridge's
 * ID dword (00:00.0, offset 0) read with inl equals its halves read with
 * inw and its bytes read with inb.  Widths of writes: the q35 LPC
 * bridge's PIRQ routing registers (00:1f.0, 0x60..0x63) are four
 * writable bytes side by side, so an 8- or 16-bit write must change
 * exactly its bytes (nothing uses INTx routing in this root task; the
 * registers are restored).
 */
#define LPC_PIRQ 0x8000f860u

const char *glue_port_io_pci(void)
{
	const char *why = open_ports();
	uint32_t id, saved;

	if (why)
		return why;
	iokit_outl(PCI_ADDR, 0x80000000u);
	CHECK(io_inl(PCI_ADDR) == 0x80000000u);
	io_outl(PCI_ADDR, 0x80000000u);
	CHECK(iokit_inl(PCI_ADDR) == 0x80000000u);
	id = io_inl(PCI_DATA);
	CHECK(id != 0xffffffffu && (id & 0xffff) == 0x8086);
	CHECK(iokit_inl(PCI_DATA) == id);
	CHECK(iokit_inw(PCI_DATA) == (id & 0xffff) && iokit_inw(PCI_DATA + 2) == id >> 16);
	CHECK(iokit_inb(PCI_DATA + 1) == ((id >> 8) & 0xff) && iokit_inb(PCI_DATA + 3) == id >> 24);
	io_outl(PCI_ADDR, LPC_PIRQ);
	saved = io_inl(PCI_DATA);
	io_outl(PCI_DATA, 0x0b0a0908u);
	CHECK(io_inl(PCI_DATA) == 0x0b0a0908u);
	iokit_outb(PCI_DATA + 1, 0x0c);
	CHECK(io_inl(PCI_DATA) == 0x0b0a0c08u);
	iokit_outw(PCI_DATA + 2, 0x0e0d);
	CHECK(io_inl(PCI_DATA) == 0x0e0d0c08u);
	iokit_outl(PCI_DATA, 0x0a0b0c0du);
	CHECK(io_inl(PCI_DATA) == 0x0a0b0c0du);
	CHECK(iokit_inb(PCI_DATA + 2) == 0x0b && iokit_inw(PCI_DATA + 2) == 0x0a0b);
	io_outl(PCI_DATA, saved);
	CHECK(io_inl(PCI_DATA) == saved);
	return NULL;
}

/* Each write changes exactly its bytes; each read returns exactly its bytes. */
const char *glue_mmio_widths(void)
{
	static uint8_t mem[32] __attribute__((aligned(16)));
	uint8_t want[32];

	memset(mem, 0xee, sizeof(mem));
	memset(want, 0xee, sizeof(want));
	iokit_mmio_write8(mem + 3, 0x12);
	want[3] = 0x12;
	iokit_mmio_write16(mem + 6, 0x3456);
	want[6] = 0x56, want[7] = 0x34;
	iokit_mmio_write32(mem + 12, 0x789abcde);
	want[12] = 0xde, want[13] = 0xbc, want[14] = 0x9a, want[15] = 0x78;
	iokit_mmio_write64(mem + 16, 0x0102030405060708ull);
	for (int i = 0; i < 8; i++)
		want[16 + i] = (uint8_t)(8 - i);
	iokit_mmio_barrier();
	CHECK(!memcmp(mem, want, sizeof(mem)));
	for (int i = 0; i < 32; i++)
		mem[i] = (uint8_t)(i * 17 + 1);
	CHECK(iokit_mmio_read8(mem + 5) == mem[5]);
	CHECK(iokit_mmio_read16(mem + 9) == (mem[9] | mem[10] << 8));
	CHECK(iokit_mmio_read32(mem + 4) ==
	      (uint32_t)(mem[4] | mem[5] << 8 | mem[6] << 16 | (uint32_t)mem[7] << 24));
	uint64_t q = 0;
	for (int i = 7; i >= 0; i--)
		q = q << 8 | mem[24 + i];
	CHECK(iokit_mmio_read64(mem + 24) == q);
	return NULL;
}

static char captured[256];
static size_t captured_len;

static void capture(const char *buf, size_t len)
{
	if (captured_len + len < sizeof(captured)) {
		memcpy(captured + captured_len, buf, len);
		captured_len += len;
		captured[captured_len] = 0;
	}
}

const char *glue_logf(void)
{
	captured_len = 0;
	urt_set_output(capture);
	iokit_logf("dev %s irq %d base 0x%x", "com1", 4, 0x3f8);
	iokit_logf(NULL);
	urt_set_output(NULL);
	CHECK(!strcmp(captured, "iokit: dev com1 irq 4 base 0x3f8\niokit: (null)\n"));
	return NULL;
}

/* A root task has no composer to ask: refused, and the struct zeroed. */
const char *glue_dma_root_task(void)
{
	struct iokit_dma d = { (void *)1, 2, 3 };

	CHECK(iokit_dma_alloc(4096, &d) == IOKIT_EFAIL);
	CHECK(!d.va && !d.phys && !d.size);
	CHECK(iokit_dma_alloc(0, &d) == IOKIT_EINVAL);
	CHECK(iokit_dma_alloc((size_t)DBT_COMP_DMA_MAX_PAGES * 4096 + 1, &d) == IOKIT_EINVAL);
	CHECK(iokit_dma_alloc(4096, NULL) == IOKIT_EINVAL);
	iokit_dma_free(NULL);
	iokit_dma_free(&d);
	return NULL;
}
