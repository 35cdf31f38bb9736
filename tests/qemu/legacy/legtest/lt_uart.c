/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lt_uart.c - the 16550 driver on QEMU's COM2 and the cstream interface
 * (legtest.h): probe of an empty port range, start/stop without leaks,
 * bad requests with their exact errors, the echo through the host's
 * socket, and a device stopped under a blocked client.
 */
#include "legtest.h"

const char *lt_uart_absent(void)
{
	struct uart16550_dev *d = NULL;
	dbt_word_t h, fl;
	CHECK(uart_dev_probe(LT_COM2) == IO_OK);        /* the probe can say yes */
	CHECK(uart_dev_probe(LT_NOUART) == IO_ENODEV);
	uint64_t k0 = lt_kmem();
	CHECK(uart_dev_start(&d, LT_NOUART, 0, "com3", 115200) == IO_ENODEV && !d);
	CHECK(lt_kmem() == k0);
	CHECK(cstream_open(lt_ep_serial, "com3", 4, &h, &fl) == CSTREAM_E_NOSTREAM);
	return NULL;
}

const char *lt_uart_start_stop_leaks(void)
{
	struct uart16550_dev *d = NULL;
	/* the first cycle makes what the runtime keeps (wake-up notifications) */
	CHECK(uart_dev_start(&d, LT_COM2, lt_irq3, "com2", 115200) == IO_OK);
	uart_dev_stop(d);
	uint64_t k0 = lt_kmem();
	for (int i = 0; i < 3; i++) {
		CHECK(uart_dev_start(&d, LT_COM2, lt_irq3, "com2", 115200) == IO_OK);
		CHECK(lt_kmem() > k0);
		uart_dev_stop(d);
	}
	CHECK(lt_kmem() == k0);
	return NULL;
}

const char *lt_uart_start(void)
{
	struct uart16550_dev *d2 = NULL;
	CHECK(uart_dev_start(&lt_com2, LT_COM2, lt_irq3, "com2", 9600) == IO_OK);
	uprintf("legtest: com2: type %d, fifo %u\n", lt_com2->hw.type, lt_com2->hw.fifo);
	CHECK(lt_com2->hw.type == UART_16550A && lt_com2->hw.fifo == 16);
	/* a stream name twice, a baud rate 115200 is no multiple of: refused
	 * (both reprogram the chip before they fail: start it again after) */
	CHECK(uart_dev_start(&d2, LT_COM2, 0, "com2", 115200) == IO_EBUSY && !d2);
	CHECK(uart_dev_start(&d2, LT_COM2, 0, "com2x", 7) == IO_EINVAL && !d2);
	uart_dev_stop(lt_com2);
	CHECK(uart_dev_start(&lt_com2, LT_COM2, lt_irq3, "com2", 115200) == IO_OK);
	return NULL;
}

/* A raw request: cstream.write with a byte count of `len` (no check by a
 * stub), or an unknown method. */
static dbt_word_t raw_call(dbt_word_t label, dbt_word_t handle, dbt_word_t len, unsigned words)
{
	dbt_word_t *mr = dbt_mr();
	mr[0] = handle;
	mr[1] = len;
	for (unsigned i = 2; i < words; i++)
		mr[i] = 0x4141414141414141ull;
	dbt_word_t tag = DBT_TAG(label, words, 0);
	dbt_word_t err = dbt_call(lt_ep_serial, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER);
	return err ? err : DBT_TAG_LABEL(tag);
}

static const char *bad_handles(dbt_word_t h)
{
	dbt_word_t n, w, a, b, c, d, e;
	uint8_t buf[CSTREAM_IO_MAX];
	CHECK(cstream_read(lt_ep_serial, h + 256, 1, 0, buf, &n) == CSTREAM_E_BADHANDLE);
	CHECK(cstream_read(lt_ep_serial, 0, 1, 0, buf, &n) == CSTREAM_E_BADHANDLE);
	CHECK(cstream_read(lt_ep_serial, ~0ull, 1, 0, buf, &n) == CSTREAM_E_BADHANDLE);
	CHECK(cstream_write(lt_ep_serial, h ^ 0xff, "x", 1, &w) == CSTREAM_E_BADHANDLE);
	CHECK(cstream_status(lt_ep_serial, 12345, &a, &b, &c, &d, &e) == CSTREAM_E_BADHANDLE);
	/* another client (another badge) cannot use this client's handle */
	dbt_slot_t other = urt_slot_alloc();
	CHECK(other && dbt_cap_copy(lt_ep_serial, other, DBT_CAP_WRITE, 7) == DBT_OK);
	CHECK(cstream_read(other, h, 1, 0, buf, &n) == CSTREAM_E_BADHANDLE);
	CHECK(cstream_close(other, h) == CSTREAM_E_BADHANDLE);
	dbt_cap_delete(other);
	urt_slot_free(other);
	return NULL;
}

static const char *bad_sizes(dbt_word_t h)
{
	dbt_word_t n = 99, w;
	uint8_t buf[400] = { 0 };
	CHECK(cstream_read(lt_ep_serial, h, CSTREAM_IO_MAX + 1, 0, buf, &n) == CSTREAM_E_RANGE);
	CHECK(cstream_read(lt_ep_serial, h, 0, 0, buf, &n) == DBT_OK && n == 0);
	uint64_t t0 = urt_now_us();
	CHECK(cstream_read(lt_ep_serial, h, 16, 50000, buf, &n) == DBT_OK && n == 0);
	CHECK(urt_now_us() - t0 >= 50000);
	CHECK(cstream_write(lt_ep_serial, h, buf, 300, &w) == DBT_IDL_E_RANGE);
	/* the server checks on its own: 300 bytes claimed, 38 words sent */
	CHECK(raw_call(CSTREAM_LABEL(CSTREAM_WRITE), h, 300, 2 + 38) == DBT_IDL_E_RANGE);
	/* a length beyond what the message carries */
	CHECK(raw_call(CSTREAM_LABEL(CSTREAM_WRITE), h, 200, 4) == DBT_IDL_E_BAD_REQUEST);
	CHECK(raw_call(CSTREAM_LABEL(9), h, 0, 2) == DBT_IDL_E_NO_METHOD);
	return NULL;
}

/* The test holds handle h: 7 more fill its 8, a ninth open closes the
 * oldest (h); then the global table runs out across clients. */
static const char *handle_limit(dbt_word_t h, dbt_word_t *newh)
{
	dbt_word_t hs[8], fl, n;
	uint8_t buf[1];
	unsigned k = 0;
	for (; k < 7; k++)
		CHECK(cstream_open(lt_ep_serial, "serial", 6, &hs[k], &fl) == DBT_OK);
	CHECK(cstream_read(lt_ep_serial, h, 0, 0, buf, &n) == DBT_OK);
	CHECK(cstream_open(lt_ep_serial, "com2", 4, newh, &fl) == DBT_OK);
	CHECK(cstream_read(lt_ep_serial, h, 0, 0, buf, &n) == CSTREAM_E_BADHANDLE);
	CHECK(cstream_read(lt_ep_serial, hs[0], 0, 0, buf, &n) == DBT_OK);
	while (k)
		CHECK(cstream_close(lt_ep_serial, hs[--k]) == DBT_OK);
	/* 64 handles in all: 7 more clients with 8 each fill it with ours */
	dbt_word_t other[8][8];
	dbt_slot_t ep[8];
	for (unsigned c = 1; c < 8; c++) {
		ep[c] = urt_slot_alloc();
		CHECK(ep[c] && dbt_cap_copy(lt_ep_serial, ep[c], DBT_CAP_WRITE, 100 + c) == DBT_OK);
		for (unsigned i = 0; i < 8; i++)
			CHECK(cstream_open(ep[c], "com2", 4, &other[c][i], &fl) == DBT_OK);
	}
	CHECK(cstream_open(lt_ep_serial, "com2", 4, &hs[0], &fl) == DBT_OK);
	for (unsigned i = 1; i < 7; i++)
		CHECK(cstream_open(lt_ep_serial, "com2", 4, &hs[i], &fl) == DBT_OK);
	CHECK(cstream_open(lt_ep_kbd, "kbd0", 4, &hs[7], &fl) == CSTREAM_E_NOSTREAM);
	dbt_slot_t ninth = urt_slot_alloc();
	CHECK(ninth && dbt_cap_copy(lt_ep_serial, ninth, DBT_CAP_WRITE, 200) == DBT_OK);
	CHECK(cstream_open(ninth, "com2", 4, &hs[7], &fl) == CSTREAM_E_NOHANDLES);
	for (unsigned c = 1; c < 8; c++) {
		for (unsigned i = 0; i < 8; i++)
			CHECK(cstream_close(ep[c], other[c][i]) == DBT_OK);
		dbt_cap_delete(ep[c]);
		urt_slot_free(ep[c]);
	}
	for (unsigned i = 0; i < 7; i++)
		CHECK(cstream_close(lt_ep_serial, hs[i]) == DBT_OK);
	CHECK(cstream_open(ninth, "com2", 4, &hs[7], &fl) == DBT_OK);
	CHECK(cstream_close(ninth, hs[7]) == DBT_OK);
	dbt_cap_delete(ninth);
	urt_slot_free(ninth);
	return NULL;
}

const char *lt_stream_bad_input(void)
{
	dbt_word_t h, fl, n;
	uint8_t buf[8];
	const char *why;
	CHECK(cstream_open(lt_ep_serial, "", 0, &h, &fl) == CSTREAM_E_NAME);
	CHECK(cstream_open(lt_ep_serial, "nosuch", 6, &h, &fl) == CSTREAM_E_NOSTREAM);
	CHECK(cstream_open(lt_ep_kbd, "com2", 4, &h, &fl) == CSTREAM_E_NOSTREAM);    /* not granted */
	CHECK(cstream_open(lt_ep_serial, "0123456789abcdef0123456789abcdef!", 33, &h, &fl) ==
	      DBT_IDL_E_RANGE);
	CHECK(cstream_open(lt_ep_serial, "com2", 4, &h, &fl) == DBT_OK);
	CHECK(fl == (CSTREAM_F_READ | CSTREAM_F_WRITE));
	if ((why = bad_handles(h)) || (why = bad_sizes(h)) || (why = handle_limit(h, &h)))
		return why;
	CHECK(cstream_close(lt_ep_serial, h) == DBT_OK);
	CHECK(cstream_read(lt_ep_serial, h, 1, 0, buf, &n) == CSTREAM_E_BADHANDLE);
	CHECK(cstream_close(lt_ep_serial, h) == CSTREAM_E_BADHANDLE);
	return NULL;
}

/* Echo what the host sends to COM2 until `echo` bytes went back. */
const char *lt_uart_echo(void)
{
	dbt_word_t h, fl, n, w;
	uint8_t buf[CSTREAM_IO_MAX];
	uint64_t want = lt_arg_num("echo", 4102), total = 0;
	CHECK(cstream_open(lt_ep_serial, "serial", 6, &h, &fl) == DBT_OK);
	uprintf("LEGTEST ECHO READY %lu\n", (unsigned long)want);
	uint64_t deadline = urt_now_us() + 30000000;
	while (total < want && urt_now_us() < deadline) {
		CHECK(cstream_read(lt_ep_serial, h, sizeof(buf), 200000, buf, &n) == DBT_OK);
		for (dbt_word_t off = 0; off < n; off += w) {
			CHECK(cstream_write(lt_ep_serial, h, buf + off, n - off, &w) == DBT_OK);
			CHECK(w > 0);
		}
		total += n;
	}
	dbt_word_t rx, tx, ovr, err, drop;
	CHECK(cstream_status(lt_ep_serial, h, &rx, &tx, &ovr, &err, &drop) == DBT_OK);
	uprintf("LEGTEST ECHO DONE %lu bytes: rx %lu tx %lu overruns %lu errors %lu dropped %lu\n",
	        (unsigned long)total, (unsigned long)rx, (unsigned long)tx, (unsigned long)ovr,
	        (unsigned long)err, (unsigned long)drop);
	CHECK(total == want);
	CHECK(rx == want && ovr == 0 && err == 0 && drop == 0);
	CHECK(cstream_close(lt_ep_serial, h) == DBT_OK);
	return NULL;
}

struct blocked {
	dbt_word_t h, err, n;
};

static void *blocked_reader(void *arg)
{
	struct blocked *b = arg;
	uint8_t buf[16];
	b->err = cstream_read(lt_ep_serial, b->h, sizeof(buf), 5000000, buf, &b->n);
	return NULL;
}

/* Stopping the device wakes a client blocked in read with CSTREAM_E_GONE;
 * its handle then fails the same way until closed. */
const char *lt_uart_stop_gone(void)
{
	struct blocked b = { 0 };
	dbt_word_t fl, w;
	urt_thread_t *t;
	CHECK(cstream_open(lt_ep_serial, "com2", 4, &b.h, &fl) == DBT_OK);
	CHECK(urt_thread_create(&t, blocked_reader, &b, URT_PRIO_INHERIT) == URT_OK);
	urt_sleep_us(100000);
	uint64_t t0 = urt_now_us();
	uart_dev_stop(lt_com2);
	lt_com2 = NULL;
	CHECK(urt_thread_join(t, NULL) == URT_OK);
	CHECK(urt_now_us() - t0 < 1000000);
	CHECK(b.err == CSTREAM_E_GONE);
	CHECK(cstream_write(lt_ep_serial, b.h, "x", 1, &w) == CSTREAM_E_GONE);
	CHECK(cstream_close(lt_ep_serial, b.h) == DBT_OK);
	return NULL;
}
