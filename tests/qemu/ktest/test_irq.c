/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_irq.c - interrupt objects, with the CMOS RTC (ISA line 8) as the
 * device: its periodic interrupt is programmed through ports 0x70/0x71.
 *
 * The ports are opened in a small child task that programs the RTC on
 * request (rtc_op); opening them in the root task would give the root a
 * kernel I/O bitmap for the rest of its life, which the per-test leak
 * check would count against the test.
 */
#include "ktest.h"

#define RTC_LINE 8
#define RTC_RATE 8              /* 256 Hz: an interrupt every 3.9 ms */
#define IRQ_WAIT 200000         /* us to wait for one interrupt */

enum { RTC_ENABLE = 1, RTC_READC, RTC_DISABLE, RTC_QUIT, EDU_MSI };

static volatile dbt_word_t irq_io_err;

static uint8_t cmos_read(uint8_t reg)
{
	io_outb(0x70, reg);
	return io_inb(0x71);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
	io_outb(0x70, reg);
	io_outb(0x71, v);
}

static uint32_t cfg_read(unsigned dev, unsigned off)
{
	io_outl(0xcf8, 0x80000000u | dev << 11 | (off & 0xfc));
	return io_inl(0xcfc);
}

static void cfg_write(unsigned dev, unsigned off, uint32_t v)
{
	io_outl(0xcf8, 0x80000000u | dev << 11 | (off & 0xfc));
	io_outl(0xcfc, v);
}

/* QEMU's edu device on bus 0: program its MSI capability with line's
 * address and data (line ~0: MSI off); its BAR 0, or ~0 if absent. */
static dbt_word_t edu_msi(dbt_word_t line)
{
	if (dbt_io_enable(CHILD_SLOT_FIRST + 1, DBT_IO_FPAGE(0xcf8, 3)))
		return ~0ul;
	for (unsigned dev = 0; dev < 32; dev++) {
		if (cfg_read(dev, 0) != 0x11e81234u)
			continue;
		cfg_write(dev, 0x04, cfg_read(dev, 0x04) | 0x6);        /* memory, bus master */
		unsigned cap = cfg_read(dev, 0x34) & 0xfc;
		for (unsigned n = 0; cap && n < 48; n++) {
			uint32_t head = cfg_read(dev, cap);
			if ((head & 0xff) == 0x05) {            /* MSI */
				bool wide = head >> 16 & 0x80;
				if (line == ~0ul) {
					cfg_write(dev, cap, head & ~(1u << 16));
					return 0;
				}
				cfg_write(dev, cap + 4, (uint32_t)DBT_MSI_ADDRESS);
				if (wide)
					cfg_write(dev, cap + 8, 0);
				cfg_write(dev, cap + (wide ? 12 : 8), DBT_MSI_DATA(line));
				cfg_write(dev, cap, head | 1u << 16);       /* enable, one vector */
				return cfg_read(dev, 0x10) & ~0xfu;
			}
			cap = head >> 8 & 0xfc;
		}
	}
	return ~0ul;
}

/* The child: CHILD_SLOT_FIRST is its endpoint, +1 the I/O space. */
static void rtc_server(dbt_word_t ep)
{
	dbt_word_t tag, badge, *mr = dbt_mr();
	irq_io_err = dbt_io_enable(CHILD_SLOT_FIRST + 1, DBT_IO_FPAGE(0x70, 1));
	dbt_word_t err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	while (!err) {
		dbt_word_t op = mr[0], res = 0;
		switch (op) {
		case RTC_ENABLE:
			cmos_write(0x0a, (uint8_t)((cmos_read(0x0a) & 0xf0) | (mr[1] & 0xf)));
			cmos_write(0x0b, cmos_read(0x0b) | 0x40);
			res = cmos_read(0x0c);
			break;
		case RTC_READC:
			res = cmos_read(0x0c);
			break;
		case EDU_MSI:
			res = edu_msi(mr[1]);
			break;
		case RTC_DISABLE:
		case RTC_QUIT:
			cmos_write(0x0b, cmos_read(0x0b) & ~0x40);
			res = cmos_read(0x0c);
			break;
		}
		mr[0] = res;
		tag = DBT_TAG(0, 1, 0);
		if (op == RTC_QUIT) {
			dbt_reply(tag);
			return;
		}
		err = dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	}
}

static struct kchild irq_rtc;
static dbt_slot_t irq_rtc_ep;
static bool irq_rtc_up;

static dbt_word_t rtc_op(dbt_word_t op, dbt_word_t arg)
{
	dbt_word_t tag = DBT_TAG(0, 2, 0), *mr = dbt_mr();
	mr[0] = op;
	mr[1] = arg;
	dbt_word_t err = dbt_call(irq_rtc_ep, &tag, 1000000, 1000000);
	if (err) {
		ktest_fail(__FILE__, __LINE__, "rtc_op %lu: error %lu", op, err);
		return 0;
	}
	return mr[0];
}

static dbt_word_t rtc_open(void)
{
	dbt_word_t err;
	irq_rtc_up = false;
	irq_io_err = 0x99;
	irq_rtc_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	if ((err = ktest_child(&irq_rtc, rtc_server, CHILD_SLOT_FIRST)))
		return err;
	if ((err = ktest_give(&irq_rtc, irq_rtc_ep, CHILD_SLOT_FIRST, DBT_CAP_READ)))
		return err;
	if ((err = ktest_give(&irq_rtc, DBT_ROOT_SLOT_IOSPACE, CHILD_SLOT_FIRST + 1, DBT_CAP_ALL)))
		return err;
	if ((err = ktest_start(&irq_rtc)))
		return err;
	irq_rtc_up = true;
	rtc_op(RTC_READC, 0);           /* the server is up */
	return irq_io_err;
}

/* Every test ends here: periodic interrupt off, flags read, server gone. */
static void rtc_close(void)
{
	if (!irq_rtc_up)
		return;
	rtc_op(RTC_QUIT, 0);
	ktest_join(&irq_rtc, 1000);
	irq_rtc_up = false;
}

/* An IRQ capability for the RTC line, bound to a notification with badge. */
static dbt_slot_t rtc_irq_ntf(dbt_slot_t *ntf, dbt_word_t badge)
{
	dbt_slot_t irq = kslot(), b = kslot();
	*ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_word_t err = dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, irq);
	if (!err)
		err = dbt_cap_copy(*ntf, b, DBT_CAP_WRITE, badge);
	if (!err)
		err = dbt_irq_bind(irq, b);
	if (err)
		ktest_fail(__FILE__, __LINE__, "rtc_irq_ntf: error %lu", err);
	return irq;
}

#define IRQ_TEST(name)                                                          \
	static void irq_body_##name(void);                                      \
	KTEST(irq, name)                                                        \
	{                                                                       \
		dbt_word_t err_ = rtc_open();                                   \
		if (err_)                                                       \
			ktest_fail(__FILE__, __LINE__, "rtc_open: %lu", err_);  \
		else                                                            \
			irq_body_##name();                                      \
		rtc_close();                                                    \
	}                                                                       \
	static void irq_body_##name(void)

/* ---- handing out lines ------------------------------------------------------------- */

KTEST(irq, get_line_and_busy)
{
	dbt_slot_t irq = kslot(), again = kslot();
	dbt_word_t type, rights, badge;
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, irq));
	EXPECT_OK(dbt_cap_info(irq, &type, &rights, &badge));
	EXPECT_EQ(type, DBT_OBJ_IRQ);
	EXPECT_EQ(rights, DBT_CAP_ALL);
	EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, again), DBT_E_BUSY);
	/* a copy does not free it either */
	EXPECT_OK(dbt_cap_copy(irq, again, DBT_CAP_READ | DBT_CAP_WRITE, 0));
	EXPECT_OK(dbt_cap_delete(irq));
	EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, irq), DBT_E_BUSY);
	/* with the last capability gone the line can be had again */
	EXPECT_OK(dbt_cap_delete(again));
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, irq));
}

KTEST(irq, get_errors)
{
	dbt_slot_t s = kslot(), ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, 4, s), DBT_E_BUSY);   /* kernel debugger */
	EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, DBT_IRQ_MSI_FIRST + DBT_IRQ_MSI_COUNT, s),
	          DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, 1000, s), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_irq_get(ntf, RTC_LINE, s), DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, ntf), DBT_E_SLOT_OCCUPIED);
	dbt_word_t type;
	EXPECT_EQ(dbt_cap_info(s, &type, NULL, NULL), DBT_E_EMPTY_SLOT);
	/* the failed attempts did not take the line */
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, s));
}

KTEST(irq, ack_and_bind_errors)
{
	dbt_slot_t irq = kslot(), weak = kslot(), ro = kslot();
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t q = kcreate(DBT_OBJ_QUOTA, 4096, 0);
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, irq));
	EXPECT_EQ(dbt_irq_ack(irq), DBT_E_INVALID_ARG);          /* not bound */
	EXPECT_EQ(dbt_irq_bind(irq, q), DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_irq_bind(irq, DBT_ROOT_SLOT_THREAD), DBT_E_WRONG_TYPE);
	EXPECT_OK(dbt_cap_copy(ntf, ro, DBT_CAP_READ, 0));
	EXPECT_EQ(dbt_irq_bind(irq, ro), DBT_E_NO_RIGHTS);
	EXPECT_OK(dbt_cap_copy(irq, weak, DBT_CAP_READ, 0));
	EXPECT_EQ(dbt_irq_bind(weak, ntf), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_irq_ack(weak), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_irq_ack(ntf), DBT_E_WRONG_TYPE);
	EXPECT_OK(dbt_irq_bind(irq, ntf));
	EXPECT_OK(dbt_irq_ack(irq));
	EXPECT_OK(dbt_irq_bind(irq, 0));
	EXPECT_EQ(dbt_irq_ack(irq), DBT_E_INVALID_ARG);
}

/* ---- delivery to a notification ---------------------------------------------------------- */

IRQ_TEST(notification_delivery)
{
	dbt_slot_t ntf;
	dbt_word_t bits = 0;
	rtc_irq_ntf(&ntf, 0x100);
	EXPECT_EQ(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	rtc_op(RTC_ENABLE, RTC_RATE);
	EXPECT_OK(dbt_wait(ntf, &bits, IRQ_WAIT));
	EXPECT_EQ(bits, 0x100);
	EXPECT(rtc_op(RTC_READC, 0) & 0x40);    /* the periodic flag */
}

/* An unbadged target capability signals bit 0. */
IRQ_TEST(notification_default_badge)
{
	dbt_slot_t irq = kslot(), ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_word_t bits = 0;
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, irq));
	EXPECT_OK(dbt_irq_bind(irq, ntf));
	rtc_op(RTC_ENABLE, RTC_RATE);
	EXPECT_OK(dbt_wait(ntf, &bits, IRQ_WAIT));
	EXPECT_EQ(bits, 1);
}

IRQ_TEST(ack_brings_next)
{
	dbt_slot_t ntf;
	dbt_word_t bits;
	dbt_slot_t irq = rtc_irq_ntf(&ntf, 0x4);
	rtc_op(RTC_ENABLE, RTC_RATE);
	dbt_word_t t0 = dbt_clock();
	for (int i = 0; i < 10; i++) {
		bits = 0;
		EXPECT_OK(dbt_wait(ntf, &bits, IRQ_WAIT));
		EXPECT_EQ(bits, 0x4);
		rtc_op(RTC_READC, 0);
		EXPECT_OK(dbt_irq_ack(irq));
	}
	/* ten interrupts of a 256 Hz source take some time */
	EXPECT(dbt_clock() - t0 >= 20000);
}

IRQ_TEST(no_second_delivery_without_ack)
{
	dbt_slot_t ntf;
	dbt_word_t bits;
	dbt_slot_t irq = rtc_irq_ntf(&ntf, 0x8);
	rtc_op(RTC_ENABLE, RTC_RATE);
	EXPECT_OK(dbt_wait(ntf, &bits, IRQ_WAIT));
	for (int i = 0; i < 5; i++) {       /* the device keeps interrupting */
		rtc_op(RTC_READC, 0);
		ksleep_ms(8);
	}
	EXPECT(rtc_op(RTC_READC, 0) & 0x40);
	EXPECT_EQ(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	EXPECT_OK(dbt_irq_ack(irq));
	bits = 0;
	EXPECT_OK(dbt_wait(ntf, &bits, IRQ_WAIT));
	EXPECT_EQ(bits, 0x8);
}

/* Edges that come while an interrupt of an edge-triggered ISA line is still
 * pending are not lost (the I/O APIC would drop them on a masked line): the
 * acknowledgement delivers them at once, coalesced into one delivery. */
IRQ_TEST(edge_during_delivery_is_kept)
{
	dbt_slot_t ntf;
	dbt_word_t bits;
	dbt_slot_t irq = rtc_irq_ntf(&ntf, 0x10);
	rtc_op(RTC_ENABLE, RTC_RATE);
	EXPECT_OK(dbt_wait(ntf, &bits, IRQ_WAIT));
	rtc_op(RTC_READC, 0);
	ksleep_ms(9);                   /* two periods: edges while pending */
	EXPECT_EQ(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	EXPECT_OK(dbt_irq_ack(irq));
	bits = 0;
	EXPECT_OK(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL));      /* at once */
	EXPECT_EQ(bits, 0x10);
	EXPECT_EQ(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);   /* once */
}

/* A thread blocked on the notification is woken by the interrupt. */
static volatile dbt_word_t irq_v[3];

static void irq_waiter(dbt_word_t ntf)
{
	dbt_word_t bits = 0;
	irq_v[0] = dbt_wait(ntf, &bits, IRQ_WAIT);
	irq_v[1] = bits;
}

IRQ_TEST(wakes_blocked_thread)
{
	struct kchild c;
	dbt_slot_t ntf;
	irq_v[0] = irq_v[1] = 0x99;
	rtc_irq_ntf(&ntf, 0x20);
	EXPECT_OK(ktest_local(&c, irq_waiter, ntf));
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(2);
	EXPECT_EQ(irq_v[0], 0x99);
	rtc_op(RTC_ENABLE, RTC_RATE);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(irq_v[0], DBT_OK);
	EXPECT_EQ(irq_v[1], 0x20);
}

/* ---- delivery to an endpoint ---------------------------------------------------------------- */

IRQ_TEST(endpoint_delivery)
{
	dbt_slot_t irq = kslot(), ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0), b = kslot();
	dbt_word_t tag, badge, *mr = dbt_mr();
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, irq));
	EXPECT_OK(dbt_cap_copy(ep, b, DBT_CAP_WRITE, 0x22));
	EXPECT_OK(dbt_irq_bind(irq, b));
	rtc_op(RTC_ENABLE, RTC_RATE);
	mr[0] = 0;
	EXPECT_OK(dbt_recv(ep, &tag, &badge, IRQ_WAIT));
	EXPECT_EQ(DBT_TAG_LABEL(tag), DBT_LABEL_IRQ);
	EXPECT_EQ(DBT_TAG_U(tag), 1);
	EXPECT_EQ(mr[0], RTC_LINE);
	EXPECT_EQ(badge, 0x22);
	/* again after the acknowledgement */
	rtc_op(RTC_READC, 0);
	EXPECT_OK(dbt_irq_ack(irq));
	mr[0] = 0;
	EXPECT_OK(dbt_recv(ep, &tag, &badge, IRQ_WAIT));
	EXPECT_EQ(DBT_TAG_LABEL(tag), DBT_LABEL_IRQ);
	EXPECT_EQ(mr[0], RTC_LINE);
	EXPECT_EQ(badge, 0x22);
}

/* Raised while nobody receives: queued once on the endpoint. */
IRQ_TEST(endpoint_queues_pending)
{
	dbt_slot_t irq = kslot(), ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t tag, badge, *mr = dbt_mr();
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, irq));
	EXPECT_OK(dbt_irq_bind(irq, ep));
	rtc_op(RTC_ENABLE, RTC_RATE);
	for (int i = 0; i < 4; i++) {
		ksleep_ms(8);
		rtc_op(RTC_READC, 0);
	}
	mr[0] = 0;
	EXPECT_OK(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL));
	EXPECT_EQ(DBT_TAG_LABEL(tag), DBT_LABEL_IRQ);
	EXPECT_EQ(mr[0], RTC_LINE);
	EXPECT_EQ(badge, 1);
	EXPECT_EQ(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

static void irq_receiver(dbt_word_t ep)
{
	dbt_word_t tag = 0, badge = 0;
	irq_v[0] = dbt_recv(ep, &tag, &badge, IRQ_WAIT);
	irq_v[1] = tag;
	irq_v[2] = dbt_mr()[0];
}

IRQ_TEST(endpoint_wakes_receiver)
{
	struct kchild c;
	dbt_slot_t irq = kslot(), ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	irq_v[0] = irq_v[1] = irq_v[2] = 0x99;
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, irq));
	EXPECT_OK(dbt_irq_bind(irq, ep));
	EXPECT_OK(ktest_local(&c, irq_receiver, ep));
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(2);
	rtc_op(RTC_ENABLE, RTC_RATE);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(irq_v[0], DBT_OK);
	EXPECT_EQ(DBT_TAG_LABEL(irq_v[1]), DBT_LABEL_IRQ);
	EXPECT_EQ(irq_v[2], RTC_LINE);
}

/* ---- unbinding and destruction ------------------------------------------------------------------ */

IRQ_TEST(unbind_stops_delivery)
{
	dbt_slot_t ntf;
	dbt_word_t bits;
	dbt_slot_t irq = rtc_irq_ntf(&ntf, 0x2);
	EXPECT_OK(dbt_irq_bind(irq, 0));
	EXPECT_EQ(dbt_irq_ack(irq), DBT_E_INVALID_ARG);
	rtc_op(RTC_ENABLE, RTC_RATE);
	for (int i = 0; i < 4; i++) {
		ksleep_ms(8);
		rtc_op(RTC_READC, 0);
	}
	EXPECT_EQ(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	/* rebinding delivers again */
	EXPECT_OK(dbt_irq_bind(irq, ntf));
	rtc_op(RTC_READC, 0);
	EXPECT_OK(dbt_wait(ntf, &bits, IRQ_WAIT));
}

IRQ_TEST(rebind_moves_delivery)
{
	dbt_slot_t ntf, ntf2 = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_word_t bits;
	dbt_slot_t irq = rtc_irq_ntf(&ntf, 0x2);
	EXPECT_OK(dbt_irq_bind(irq, ntf2));
	rtc_op(RTC_ENABLE, RTC_RATE);
	EXPECT_OK(dbt_wait(ntf2, &bits, IRQ_WAIT));
	EXPECT_EQ(bits, 1);
	EXPECT_EQ(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

IRQ_TEST(destroy_bound_notification)
{
	dbt_slot_t ntf, ntf2 = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_word_t bits, type;
	dbt_slot_t irq = rtc_irq_ntf(&ntf, 0x2);
	EXPECT_OK(dbt_destroy(ntf));
	EXPECT_EQ(dbt_cap_info(ntf, &type, NULL, NULL), DBT_E_EMPTY_SLOT);
	rtc_op(RTC_ENABLE, RTC_RATE);
	for (int i = 0; i < 4; i++) {       /* interrupts now go nowhere */
		ksleep_ms(8);
		rtc_op(RTC_READC, 0);
	}
	EXPECT_EQ(dbt_irq_ack(irq), DBT_E_INVALID_ARG);    /* unbound by the destruction */
	EXPECT_OK(dbt_irq_bind(irq, ntf2));
	rtc_op(RTC_READC, 0);
	EXPECT_OK(dbt_wait(ntf2, &bits, IRQ_WAIT));
	EXPECT_EQ(bits, 1);
}

IRQ_TEST(destroy_bound_endpoint)
{
	dbt_slot_t irq = kslot(), ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_word_t bits;
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, irq));
	EXPECT_OK(dbt_irq_bind(irq, ep));
	rtc_op(RTC_ENABLE, RTC_RATE);
	ksleep_ms(10);                  /* one is queued on the endpoint */
	EXPECT_OK(dbt_destroy(ep));
	for (int i = 0; i < 3; i++) {
		rtc_op(RTC_READC, 0);
		ksleep_ms(8);
	}
	EXPECT_EQ(dbt_irq_ack(irq), DBT_E_INVALID_ARG);
	EXPECT_OK(dbt_irq_bind(irq, ntf));
	rtc_op(RTC_READC, 0);
	EXPECT_OK(dbt_wait(ntf, &bits, IRQ_WAIT));
}

/* Deleting the last IRQ capability unbinds and masks the line. */
IRQ_TEST(delete_irq_cap_unbinds)
{
	dbt_slot_t ntf;
	dbt_word_t bits;
	dbt_slot_t irq = rtc_irq_ntf(&ntf, 0x2);
	EXPECT_OK(dbt_cap_delete(irq));
	rtc_op(RTC_ENABLE, RTC_RATE);
	for (int i = 0; i < 4; i++) {
		ksleep_ms(8);
		rtc_op(RTC_READC, 0);
	}
	EXPECT_EQ(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	/* a new holder starts unbound */
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, irq));
	EXPECT_EQ(dbt_irq_ack(irq), DBT_E_INVALID_ARG);
}

/* ---- message-signalled interrupts ------------------------------------------------------ */

/*
 * QEMU's "edu" teaching device (1234:11e8, given to the irq suite with
 * -device edu) raises an interrupt when register 0x60 is written, through
 * MSI when its MSI capability is enabled.  The RTC child finds it with
 * configuration mechanism #1 and programs its MSI capability with a line's
 * address and data (rtc_op EDU_MSI); the root maps its registers.
 */
#define EDU_VA 0x5f0000ull      /* a page-table the root has already */

IRQ_TEST(msi_delivery)
{
	volatile uint32_t *edu = (volatile uint32_t *)EDU_VA;
	dbt_slot_t irq = kslot(), ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0), b = kslot();
	dbt_word_t bits = 0;
	unsigned line = DBT_IRQ_MSI_FIRST + 3;
	dbt_word_t bar = rtc_op(EDU_MSI, line);
	EXPECT(bar && bar != ~0ul);
	if (ktest_failed)
		return;
	EXPECT_OK(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, bar, DBT_FPAGE(EDU_VA, 12, DBT_R | DBT_W),
	                       DBT_MAP_UNCACHED));
	EXPECT_EQ(edu[0] & 0xff, 0xed);                 /* its identification register */
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, line, irq));
	EXPECT_OK(dbt_cap_copy(ntf, b, DBT_CAP_WRITE, 0x40));
	EXPECT_OK(dbt_irq_bind(irq, b));
	EXPECT_EQ(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	edu[0x60 / 4] = 1;                              /* raise */
	EXPECT_OK(dbt_wait(ntf, &bits, IRQ_WAIT));
	EXPECT_EQ(bits, 0x40);
	EXPECT_EQ(edu[0x24 / 4], 1);                    /* its interrupt status */
	edu[0x64 / 4] = 1;                              /* its acknowledge */
	/* two messages while the first is pending: one delivery, at the ack */
	edu[0x60 / 4] = 2;
	edu[0x60 / 4] = 4;
	EXPECT_EQ(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	EXPECT_OK(dbt_irq_ack(irq));
	bits = 0;
	EXPECT_OK(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL));
	EXPECT_EQ(bits, 0x40);
	EXPECT_EQ(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	edu[0x64 / 4] = 6;
	EXPECT_OK(dbt_irq_ack(irq));
	/* the line is one object like any other */
	EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, line, kslot()), DBT_E_BUSY);
	rtc_op(EDU_MSI, ~0ul);                          /* MSI off again */
	EXPECT_OK(dbt_unmap(DBT_FPAGE(EDU_VA, 12, DBT_RWX), DBT_UNMAP_SELF));
}
