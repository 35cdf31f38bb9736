/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * apic.c - interrupt controllers and the timer.
 *
 * The local APIC's timer interrupts at the kernel's next deadline (one-shot,
 * its rate measured against the kernel clock).  Device lines go through the
 * IOAPIC found in the ACPI MADT, with its ISA overrides; without a MADT the
 * 8259 PICs are used instead.
 * Lines start masked; IRQ objects unmask them.
 */
#include "types.h"
#include "boot.h"
#include "clock.h"
#include "arch/cpu.h"
#include "arch/irq.h"
#include "arch/percpu.h"

#define LAPIC_EOI     0x0b0
#define LAPIC_SVR     0x0f0
#define LAPIC_LVT_TMR 0x320
#define LAPIC_TMR_INIT 0x380
#define LAPIC_TMR_CUR  0x390
#define LAPIC_TMR_DIV  0x3e0

void *arch_map_device(paddr_t pa);

static volatile uint32_t *lapic;
static volatile uint32_t *ioapic;
static uint32_t isa_gsi[16];            /* ISA IRQ -> global system interrupt */
static uint16_t isa_flags[16];
static bool use_pic;

static uint32_t lapic_read(unsigned reg) { return lapic[reg / 4]; }
static void lapic_write(unsigned reg, uint32_t v) { lapic[reg / 4] = v; }

static void ioapic_write(unsigned reg, uint32_t v)
{
	ioapic[0] = reg;
	ioapic[4] = v;
}

/* ---- ACPI: find the MADT for the IOAPIC address and ISA overrides -------- */

struct sdt_header {
	char sig[4];
	uint32_t length;
	uint8_t rev, checksum;
	char oem[6], oem_table[8];
	uint32_t oem_rev, creator, creator_rev;
} __attribute__((packed));

static bool checksum_ok(const void *p, size_t n)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += ((const uint8_t *)p)[i];
	return sum == 0;
}

static const uint8_t *find_rsdp(void)
{
	for (paddr_t pa = 0xe0000; pa < 0x100000; pa += 16) {
		const uint8_t *p = phys_to_virt(pa);
		if (!memcmp(p, "RSD PTR ", 8) && checksum_ok(p, 20))
			return p;
	}
	return NULL;
}

static const struct sdt_header *find_madt(void)
{
	const uint8_t *rsdp = find_rsdp();
	if (!rsdp)
		return NULL;
	uint32_t rsdt_pa;
	memcpy(&rsdt_pa, rsdp + 16, 4);
	const struct sdt_header *rsdt = phys_to_virt(rsdt_pa);
	if (memcmp(rsdt->sig, "RSDT", 4) || !checksum_ok(rsdt, rsdt->length))
		return NULL;
	unsigned n = (rsdt->length - sizeof(*rsdt)) / 4;
	for (unsigned i = 0; i < n; i++) {
		uint32_t pa;
		memcpy(&pa, (const uint8_t *)(rsdt + 1) + 4 * i, 4);
		const struct sdt_header *h = phys_to_virt(pa);
		if (!memcmp(h->sig, "APIC", 4) && checksum_ok(h, h->length))
			return h;
	}
	return NULL;
}

static paddr_t parse_madt(const struct sdt_header *madt)
{
	paddr_t ioapic_pa = 0;
	const uint8_t *p = (const uint8_t *)madt + sizeof(*madt) + 8;
	const uint8_t *end = (const uint8_t *)madt + madt->length;
	while (p + 2 <= end && p[1] >= 2) {
		if (p[0] == 1 && !ioapic_pa) {          /* I/O APIC */
			uint32_t a;
			memcpy(&a, p + 4, 4);
			ioapic_pa = a;
		} else if (p[0] == 2 && p[3] < 16) {    /* interrupt source override */
			memcpy(&isa_gsi[p[3]], p + 4, 4);
			memcpy(&isa_flags[p[3]], p + 8, 2);
		}
		p += p[1];
	}
	return ioapic_pa;
}

/* ---- 8259 PIC ------------------------------------------------------------------ */

static uint16_t pic_mask = 0xffff;

static void pic_set_mask(void)
{
	outb(0x21, (uint8_t)pic_mask);
	outb(0xa1, (uint8_t)(pic_mask >> 8));
}

static void pic_init(bool keep)
{
	outb(0x20, 0x11); outb(0xa0, 0x11);
	outb(0x21, IRQ_VECTOR_BASE); outb(0xa1, IRQ_VECTOR_BASE + 8);
	outb(0x21, 4); outb(0xa1, 2);
	outb(0x21, 1); outb(0xa1, 1);
	pic_mask = keep ? 0xfffb : 0xffff;      /* cascade line open when in use */
	pic_set_mask();
}

/* ---- the line interface ---------------------------------------------------------- */

static unsigned line_gsi(unsigned line)
{
	return line < 16 ? isa_gsi[line] : line;
}

/* ISA lines are edge-triggered unless the MADT says otherwise; PCI lines
 * (16..23) are level-triggered.  The 8259 runs edge-triggered. */
bool arch_irq_edge(unsigned line)
{
	if (use_pic || line >= DBT_IRQ_MSI_FIRST)
		return true;
	return line < 16 && ((isa_flags[line] >> 2) & 3) != 3;
}

/* Message-signalled lines reach the local APIC directly: nothing to route
 * or mask here (the device's own mask bits are its driver's). */
static bool line_msi(unsigned line)
{
	return line >= DBT_IRQ_MSI_FIRST;
}

static void ioapic_route(unsigned line, bool masked)
{
	unsigned gsi = line_gsi(line);
	uint32_t lo = IRQ_VECTOR_BASE + line;
	uint16_t fl = line < 16 ? isa_flags[line] : 0;
	if (line >= 16 || (fl & 3) == 3)
		lo |= 1u << 13;                         /* active low */
	if (!arch_irq_edge(line))
		lo |= 1u << 15;                         /* level triggered */
	if (masked)
		lo |= 1u << 16;
	ioapic_write(0x10 + 2 * gsi, lo);
	ioapic_write(0x11 + 2 * gsi, 0);                /* to APIC 0 */
}

void arch_irq_mask(unsigned line)
{
	if (line_msi(line))
		return;
	if (use_pic) {
		pic_mask |= (uint16_t)(1u << line);
		pic_set_mask();
	} else {
		ioapic_route(line, true);
	}
}

void arch_irq_unmask(unsigned line)
{
	if (line_msi(line))
		return;
	if (use_pic) {
		pic_mask &= (uint16_t)~(1u << line);
		pic_set_mask();
	} else {
		ioapic_route(line, false);
	}
}

void arch_irq_eoi(unsigned line)
{
	if (use_pic && line < 16) {
		if (line >= 8)
			outb(0xa0, 0x20);
		outb(0x20, 0x20);
	}
	if (!use_pic || line == (unsigned)-1 || line_msi(line))
		lapic_write(LAPIC_EOI, 0);
}

bool arch_irq_line_ok(unsigned line)
{
	if (line_msi(line))
		return line < DBT_IRQ_MSI_FIRST + DBT_IRQ_MSI_COUNT;
	return line < (use_pic ? 16u : 24u);
}

/* The interrupt controllers belong to the kernel: nobody may map them. */
static void reserve_device_page(paddr_t pa)
{
	boot_region_set(&boot, ALIGN_DOWN(pa, PAGE_SIZE), PAGE_SIZE, DBT_MEM_KERNEL);
}

void arch_irq_init(void)
{
	for (unsigned i = 0; i < 16; i++)
		isa_gsi[i] = i;
	paddr_t lapic_pa = rdmsr(MSR_APIC_BASE) & 0xffffffffff000ull;
	lapic = arch_map_device(lapic_pa);
	reserve_device_page(lapic_pa);
	lapic_write(LAPIC_SVR, 0x100 | VEC_SPURIOUS);   /* enable, spurious vector */
	const struct sdt_header *madt = find_madt();
	paddr_t io_pa = madt ? parse_madt(madt) : 0;
	use_pic = io_pa == 0;
	pic_init(use_pic);
	if (use_pic) {
		printk("irq: no IOAPIC in ACPI, using the 8259 PIC\n");
		return;
	}
	ioapic = arch_map_device(io_pa);
	reserve_device_page(io_pa);
	for (unsigned line = 0; line < 24; line++)
		ioapic_route(line, true);
	printk("irq: IOAPIC at %lx\n", io_pa);
}

/* ---- the timer --------------------------------------------------------------------
 * The local APIC timer in one-shot mode, set for the next deadline of the
 * kernel clock (timer.c decides which).  Its rate is measured against the
 * clock, which tsc.c calibrated, over LAPIC_CAL_NS; each end is one read of
 * the current count between two clock reads, the narrowest of
 * LAPIC_CAL_TRIES.  TSC-deadline mode would spare the conversion, but
 * QEMU's TCG does not offer it, so it could not be tested: not used. */

#define LAPIC_TMR_ONESHOT 0u            /* LVT timer mode bits 17..18 */
#define LAPIC_TMR_MASKED  (1u << 16)
#define LAPIC_DIV_16      0x3u
#define LAPIC_CAL_NS      10000000u     /* 10 ms */
#define LAPIC_CAL_TRIES   5

static uint64_t lapic_mult;             /* timer counts per ns << DBT_CLOCK_SHIFT */

struct lapic_sample {
	uint64_t ns;
	uint32_t count;
};

static struct lapic_sample lapic_sample(void)
{
	struct lapic_sample best = { 0, 0 };
	uint64_t width = UINT64_MAX;
	for (unsigned i = 0; i < LAPIC_CAL_TRIES; i++) {
		uint64_t t0 = clock_now_ns();
		uint32_t count = lapic_read(LAPIC_TMR_CUR);
		uint64_t t1 = clock_now_ns();
		if (t1 - t0 < width) {
			width = t1 - t0;
			best = (struct lapic_sample){ t0 + width / 2, count };
		}
	}
	return best;
}

static void lapic_calibrate(void)
{
	lapic_write(LAPIC_TMR_DIV, LAPIC_DIV_16);
	lapic_write(LAPIC_LVT_TMR, VEC_TIMER | LAPIC_TMR_ONESHOT | LAPIC_TMR_MASKED);
	lapic_write(LAPIC_TMR_INIT, UINT32_MAX);
	struct lapic_sample a = lapic_sample(), b;
	do
		b = lapic_sample();
	while (b.ns - a.ns < LAPIC_CAL_NS);
	lapic_write(LAPIC_TMR_INIT, 0);
	uint64_t counts = a.count - b.count;
	lapic_mult = clock_ratio(counts, b.ns - a.ns);
	if (!lapic_mult)
		panic("timer: the local APIC timer does not count");
	printk("timer: local APIC timer at %lu Hz, one-shot\n", counts * NS_PER_S / (b.ns - a.ns));
}

void arch_timer_init(void)
{
	lapic_calibrate();
	lapic_write(LAPIC_LVT_TMR, VEC_TIMER | LAPIC_TMR_ONESHOT);
}

/* Interrupt at clock time `at` (or at once if it has passed): the counts
 * are rounded up, so the interrupt never comes early by more than the
 * calibration's error (timer.c then sets it again). */
void arch_timer_set(uint64_t at)
{
	uint64_t now = clock_now_ns();
	uint64_t count = at > now ? dbt_clock_scale(at - now, lapic_mult) + 1 : 1;
	lapic_write(LAPIC_TMR_INIT, count > UINT32_MAX ? UINT32_MAX : (uint32_t)count);
}
