/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_virtio_rng.c - the virtio entropy driver's request and pool
 * (servers/iokit/drivers/virtio_rng_pool.c) over a real split virtqueue,
 * against a simulated entropy device that takes the available buffer,
 * fills it and writes the used element - honestly or not.  Physical
 * addresses are host addresses.  Covers: one device-writable buffer per
 * request, as much as the pool has room for; the room threshold; partial
 * and empty answers; the ring wrapping, bytes handed out once, in order,
 * and wiped; and a hostile device (a length beyond what was asked, beyond
 * the buffer, a wrong id) refused with nothing copied, then a reset.
 */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "iokit/core/mem.h"
#include "iokit/drivers/virtio_rng.h"

struct fix {
	struct virtqueue vq;
	void *ring;
	uint8_t *buf;                   /* the "DMA" buffer */
	struct vrng_pool pool;
	uint16_t dev_avail, dev_used;   /* the device's indexes */
	uint8_t next;                   /* the device's next byte value */
};

static bool fix_init(struct fix *f)
{
	memset(f, 0, sizeof(*f));
	size_t n = (vq_layout_size(VRNG_QUEUE_SIZE) + 4095) & ~(size_t)4095;
	f->ring = aligned_alloc(4096, n);
	f->buf = aligned_alloc(4096, VRNG_BUF_BYTES);
	if (!f->ring || !f->buf || vq_init(&f->vq, VRNG_QUEUE_SIZE, f->ring, (uintptr_t)f->ring))
		return false;
	memset(f->buf, 0, VRNG_BUF_BYTES);
	vrng_pool_init(&f->pool, &f->vq, f->buf, (uintptr_t)f->buf, VRNG_BUF_BYTES);
	f->next = 1;
	return true;
}

static void fix_fini(struct fix *f)
{
	vq_fini(&f->vq);
	free(f->ring);
	free(f->buf);
}

/* The device takes the next available chain: its head, buffer and length. */
static bool dev_take(struct fix *f, uint16_t *head, uint8_t **p, uint32_t *len, bool *writable)
{
	struct virtqueue *vq = &f->vq;
	if (f->dev_avail == vq->avail[1])
		return false;
	*head = vq->avail[2 + (f->dev_avail++ & (vq->size - 1))];
	struct vq_desc *d = &vq->desc[*head];
	*p = (uint8_t *)(uintptr_t)d->addr;
	*len = d->len;
	*writable = (d->flags & VQ_DESC_F_WRITE) && !(d->flags & VQ_DESC_F_NEXT);
	return true;
}

static void dev_used(struct fix *f, uint32_t id, uint32_t len)
{
	struct virtqueue *vq = &f->vq;
	volatile struct vq_used_elem *ring = (volatile struct vq_used_elem *)(vq->used + 4);
	ring[f->dev_used & (vq->size - 1)].id = id;
	ring[f->dev_used & (vq->size - 1)].len = len;
	f->dev_used++;
	*(volatile uint16_t *)(vq->used + 2) = f->dev_used;
}

/* Fill `fill` bytes (at most what was offered) with 1, 2, 3, ... (never
 * 0, so wiping shows) and report `claim` bytes written. */
static bool dev_answer(struct fix *f, uint32_t fill, uint32_t claim, uint32_t *offered)
{
	uint16_t head;
	uint8_t *p;
	bool w;
	if (!dev_take(f, &head, &p, offered, &w) || !w)
		return false;
	for (uint32_t i = 0; i < fill && i < *offered; i++) {
		p[i] = f->next;
		f->next = (uint8_t)(f->next == 255 ? 1 : f->next + 1);
	}
	dev_used(f, head, claim);
	return true;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Bytes 1, 2, ... 255, 1, ... from value `first`. */
static bool sequence(const uint8_t *p, size_t n, uint8_t first)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != first)
			return false;
		first = (uint8_t)(first == 255 ? 1 : first + 1);
	}
	return true;
}

HTEST(fill_and_take)
{
	struct fix f;
	uint32_t offered, got = 99;
	uint8_t out[300];
	CHECK(fix_init(&f));
	CHECK(vrng_pool_reap(&f.pool, &got) == 0);              /* nothing asked yet */
	CHECK(vrng_pool_post(&f.pool) && vrng_pool_in_flight(&f.pool));
	CHECK(!vrng_pool_post(&f.pool));                        /* one in flight at most */
	CHECK(vrng_pool_reap(&f.pool, &got) == 0);              /* not answered yet */
	CHECK(dev_answer(&f, VRNG_BUF_BYTES, VRNG_BUF_BYTES, &offered));
	CHECK(offered == VRNG_BUF_BYTES);                       /* the whole room, one buffer */
	CHECK(vrng_pool_reap(&f.pool, &got) == 1 && got == VRNG_BUF_BYTES);
	CHECK(!vrng_pool_in_flight(&f.pool) && f.pool.count == VRNG_POOL_BYTES);
	CHECK(all_zero(f.buf, VRNG_BUF_BYTES));                 /* copied out, wiped */
	CHECK(vrng_pool_take(&f.pool, out, sizeof(out)) == sizeof(out));
	CHECK(sequence(out, sizeof(out), 1));
	CHECK(all_zero(f.pool.data, sizeof(out)));              /* handed out once */
	CHECK(f.pool.received == VRNG_BUF_BYTES && f.pool.handed == sizeof(out));
	fix_fini(&f);
}

HTEST(room_threshold)
{
	struct fix f;
	uint32_t offered, got;
	uint8_t out[VRNG_REQ_MIN];
	CHECK(fix_init(&f));
	CHECK(vrng_pool_post(&f.pool) && dev_answer(&f, VRNG_BUF_BYTES, VRNG_BUF_BYTES, &offered));
	CHECK(vrng_pool_reap(&f.pool, &got) == 1);
	CHECK(!vrng_pool_post(&f.pool));                        /* full */
	CHECK(vrng_pool_take(&f.pool, out, VRNG_REQ_MIN - 1) == VRNG_REQ_MIN - 1);
	CHECK(!vrng_pool_post(&f.pool));                        /* too little room */
	CHECK(vrng_pool_take(&f.pool, out, 1) == 1);
	CHECK(vrng_pool_post(&f.pool));
	CHECK(dev_answer(&f, VRNG_REQ_MIN, VRNG_REQ_MIN, &offered) && offered == VRNG_REQ_MIN);
	CHECK(vrng_pool_reap(&f.pool, &got) == 1 && got == VRNG_REQ_MIN);
	fix_fini(&f);
}

HTEST(partial_and_empty_answers)
{
	struct fix f;
	uint32_t offered, got;
	uint8_t out[128];
	CHECK(fix_init(&f));
	CHECK(vrng_pool_post(&f.pool) && dev_answer(&f, 64, 64, &offered));
	CHECK(vrng_pool_reap(&f.pool, &got) == 1 && got == 64 && f.pool.count == 64);
	CHECK(vrng_pool_post(&f.pool) && dev_answer(&f, 0, 0, &offered));
	CHECK(offered == VRNG_POOL_BYTES - 64);
	CHECK(vrng_pool_reap(&f.pool, &got) == 1 && got == 0 && f.pool.empty == 1);
	CHECK(!vrng_pool_in_flight(&f.pool));
	CHECK(vrng_pool_take(&f.pool, out, sizeof(out)) == 64 && sequence(out, 64, 1));
	CHECK(vrng_pool_take(&f.pool, out, sizeof(out)) == 0);
	fix_fini(&f);
}

/* The ring wraps: bytes come out in the order the device gave them. */
HTEST(ring_wraps_in_order)
{
	struct fix f;
	uint32_t offered, got;
	static uint8_t out[VRNG_POOL_BYTES];
	CHECK(fix_init(&f));
	CHECK(vrng_pool_post(&f.pool) && dev_answer(&f, VRNG_BUF_BYTES, VRNG_BUF_BYTES, &offered));
	CHECK(vrng_pool_reap(&f.pool, &got) == 1);
	CHECK(vrng_pool_take(&f.pool, out, 3000) == 3000 && sequence(out, 3000, 1));
	uint8_t expect = out[2999];
	CHECK(vrng_pool_post(&f.pool) && dev_answer(&f, 3000, 3000, &offered) && offered == 3000);
	CHECK(vrng_pool_reap(&f.pool, &got) == 1 && f.pool.count == VRNG_POOL_BYTES);
	CHECK(vrng_pool_take(&f.pool, out, sizeof(out)) == VRNG_POOL_BYTES);
	expect = (uint8_t)(expect == 255 ? 1 : expect + 1);
	CHECK(sequence(out, VRNG_POOL_BYTES, expect));
	CHECK(all_zero(f.pool.data, VRNG_POOL_BYTES));
	fix_fini(&f);
}

/* A device that claims more than it was asked for, with a buffer that
 * really is larger: nothing is copied. */
HTEST(hostile_length_beyond_request)
{
	struct fix f;
	uint32_t offered, got;
	uint8_t out[VRNG_REQ_MIN];
	CHECK(fix_init(&f));
	CHECK(vrng_pool_post(&f.pool) && dev_answer(&f, VRNG_BUF_BYTES, VRNG_BUF_BYTES, &offered));
	CHECK(vrng_pool_reap(&f.pool, &got) == 1);
	CHECK(vrng_pool_take(&f.pool, out, VRNG_REQ_MIN) == VRNG_REQ_MIN);
	CHECK(vrng_pool_post(&f.pool));                         /* asks VRNG_REQ_MIN */
	CHECK(dev_answer(&f, VRNG_REQ_MIN, VRNG_BUF_BYTES, &offered) && offered == VRNG_REQ_MIN);
	uint32_t before = f.pool.count;
	got = 77;
	CHECK(vrng_pool_reap(&f.pool, &got) == VQ_EDEVICE && got == 77);
	CHECK(f.pool.count == before && f.pool.received == VRNG_BUF_BYTES);
	CHECK(vrng_pool_reap(&f.pool, &got) == VQ_EBROKEN);     /* until the reset */
	vrng_pool_reset(&f.pool);
	CHECK(!vrng_pool_in_flight(&f.pool) && all_zero(f.buf, VRNG_REQ_MIN));
	CHECK(f.pool.count == before);                          /* good bytes stay */
	fix_fini(&f);
}

HTEST(hostile_length_beyond_buffer)
{
	struct fix f;
	uint32_t offered, got;
	CHECK(fix_init(&f));
	CHECK(vrng_pool_post(&f.pool));
	CHECK(dev_answer(&f, 16, 0xffffffffu, &offered));
	CHECK(vrng_pool_reap(&f.pool, &got) == VQ_EDEVICE && f.pool.count == 0);
	vrng_pool_reset(&f.pool);
	/* after the reset (here: the device's indexes start again) it works */
	f.dev_avail = f.vq.avail[1];
	f.dev_used = *(volatile uint16_t *)(f.vq.used + 2);
	CHECK(vrng_pool_post(&f.pool) && dev_answer(&f, 32, 32, &offered));
	CHECK(vrng_pool_reap(&f.pool, &got) == 1 && got == 32 && f.pool.count == 32);
	fix_fini(&f);
}

HTEST(hostile_id)
{
	struct fix f;
	uint16_t head;
	uint8_t *p;
	uint32_t len, got;
	bool w;
	CHECK(fix_init(&f));
	CHECK(vrng_pool_post(&f.pool) && dev_take(&f, &head, &p, &len, &w));
	memset(p, 0x5a, len);
	dev_used(&f, (uint32_t)(head + 1) % VRNG_QUEUE_SIZE, 16);      /* not in flight */
	CHECK(vrng_pool_reap(&f.pool, &got) == VQ_EDEVICE && f.pool.count == 0);
	vrng_pool_reset(&f.pool);
	CHECK(all_zero(f.buf, VRNG_BUF_BYTES));
	fix_fini(&f);
}

HTEST(reset_in_flight)
{
	struct fix f;
	uint32_t got;
	long live = iok_mem_live();
	CHECK(fix_init(&f));
	CHECK(vrng_pool_post(&f.pool));
	vrng_pool_reset(&f.pool);
	CHECK(!vrng_pool_in_flight(&f.pool) && vq_num_free(&f.vq) == VRNG_QUEUE_SIZE);
	CHECK(vrng_pool_reap(&f.pool, &got) == 0);
	fix_fini(&f);
	CHECK(iok_mem_live() == live);
}
