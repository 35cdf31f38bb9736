/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_virtqueue.c - the split virtqueue (servers/iokit/drivers/virtqueue.c)
 * against a simulated device that reads the available ring and writes the
 * used ring the way a virtio 1.x device does.  Physical addresses are the
 * host addresses (identity "DMA").  Covers: layout, free list, chains of
 * readable and writable buffers, several chains in flight completed out of
 * order, ring wrap-around, queue full, notification suppression, and a
 * hostile device (used id out of range or not in flight, length too large,
 * used index running ahead) reported as VQ_EDEVICE, then reclaim.
 */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "iokit/core/mem.h"
#include "iokit/drivers/virtqueue.h"

/* ---- the simulated device ------------------------------------------------------ */
struct simdev {
	struct virtqueue *vq;
	uint16_t next_avail;            /* device's view of the avail ring */
	uint16_t used_idx;
	uint16_t heads[256];            /* chains taken, not yet completed */
	unsigned nheads;
};

static uint16_t dev_avail_idx(struct simdev *d)
{
	return d->vq->avail[1];
}

/* Take every newly available chain: fill its writable bytes with the xor of
 * its readable bytes (a checkable transformation). */
static void dev_take(struct simdev *d)
{
	struct virtqueue *vq = d->vq;
	while (d->next_avail != dev_avail_idx(d)) {
		uint16_t head = vq->avail[2 + (d->next_avail & (vq->size - 1))];
		d->next_avail++;
		uint8_t x = 0;
		uint16_t i = head;
		for (;;) {
			struct vq_desc *desc = &vq->desc[i];
			uint8_t *p = (uint8_t *)(uintptr_t)desc->addr;
			for (uint32_t k = 0; k < desc->len; k++) {
				if (desc->flags & VQ_DESC_F_WRITE)
					p[k] = x;
				else
					x ^= p[k];
			}
			if (!(desc->flags & VQ_DESC_F_NEXT))
				break;
			i = desc->next;
		}
		d->heads[d->nheads++] = head;
	}
}

static void dev_used(struct simdev *d, uint32_t id, uint32_t len)
{
	struct virtqueue *vq = d->vq;
	volatile struct vq_used_elem *ring =
		(volatile struct vq_used_elem *)(vq->used + 4);
	ring[d->used_idx & (vq->size - 1)].id = id;
	ring[d->used_idx & (vq->size - 1)].len = len;
	d->used_idx++;
	*(volatile uint16_t *)(vq->used + 2) = d->used_idx;
}

/* Complete the k-th chain taken (by position in heads[]) with length len. */
static void dev_complete(struct simdev *d, unsigned k, uint32_t len)
{
	dev_used(d, d->heads[k], len);
	d->heads[k] = d->heads[--d->nheads];
}

/* ---- fixture ----------------------------------------------------------------------- */
struct fix {
	struct virtqueue vq;
	void *mem;
	struct simdev dev;
	long live;
};

static bool fix_init(struct fix *f, uint16_t size)
{
	memset(f, 0, sizeof(*f));
	f->live = iok_mem_live();
	size_t n = (vq_layout_size(size) + 4095) & ~(size_t)4095;
	f->mem = aligned_alloc(4096, n);
	memset(f->mem, 0xa5, n);        /* vq_init must clear it */
	if (vq_init(&f->vq, size, f->mem, (uintptr_t)f->mem))
		return false;
	f->dev.vq = &f->vq;
	return true;
}

static bool fix_fini(struct fix *f)
{
	vq_fini(&f->vq);
	free(f->mem);
	return iok_mem_live() == f->live;
}

/* a request: 4 readable bytes, then 16 writable bytes */
struct req {
	uint8_t in[4];
	uint8_t out[16];
	int done;
};

static int post(struct fix *f, struct req *r, uint8_t seed)
{
	for (int i = 0; i < 4; i++)
		r->in[i] = (uint8_t)(seed + i * 3);
	memset(r->out, 0, sizeof(r->out));
	struct vq_buf b[3] = {
		{ (uintptr_t)r->in, 4, false },
		{ (uintptr_t)r->out, 8, true },
		{ (uintptr_t)r->out + 8, 8, true },
	};
	return vq_add(&f->vq, b, 3, r);
}

static uint8_t xor4(const struct req *r)
{
	return r->in[0] ^ r->in[1] ^ r->in[2] ^ r->in[3];
}

/* ---- tests ------------------------------------------------------------------------- */
HTEST(layout)
{
	CHECK(vq_layout_size(8) == 128 + 22 + 2 + 70);          /* used at 152 */
	CHECK(vq_layout_size(128) == 2048 + 262 + 2 + 1030);
	CHECK(vq_layout_size(256) == 4096 + 518 + 2 + 2054);
	struct fix f;
	CHECK(fix_init(&f, 8));
	CHECK(f.vq.avail_phys == (uintptr_t)f.mem + 128);
	CHECK(f.vq.used_phys == (uintptr_t)f.mem + 152);
	CHECK(f.vq.used_phys % 4 == 0);
	CHECK(*(uint16_t *)(f.vq.used + 2) == 0);               /* cleared */
	CHECK(vq_num_free(&f.vq) == 8);
	CHECK(fix_fini(&f));
}

HTEST(init_refuses_bad)
{
	struct virtqueue vq;
	static _Alignas(16) uint8_t mem[8192];
	CHECK(vq_init(&vq, 0, mem, 0) == VQ_EINVAL);
	CHECK(vq_init(&vq, 6, mem, 0) == VQ_EINVAL);            /* not a power of two */
	CHECK(vq_init(&vq, 8, mem + 8, 0) == VQ_EINVAL);        /* misaligned */
	CHECK(vq_init(&vq, 8, mem, 8) == VQ_EINVAL);
	CHECK(vq_init(&vq, 8, NULL, 0) == VQ_EINVAL);
	long live = iok_mem_live();
	iok_mem_fail_countdown = 2;
	CHECK(vq_init(&vq, 8, mem, 0) == VQ_ENOMEM);
	iok_mem_fail_countdown = 0;
	CHECK(iok_mem_live() == live);
}

HTEST(one_request)
{
	struct fix f;
	struct req r;
	void *tok;
	uint32_t len;
	CHECK(fix_init(&f, 8));
	CHECK(post(&f, &r, 1) == VQ_OK);
	CHECK(vq_num_free(&f.vq) == 5);
	dev_take(&f.dev);
	CHECK(f.dev.nheads == 0);               /* not published yet */
	vq_publish(&f.vq);
	CHECK(vq_should_notify(&f.vq));
	dev_take(&f.dev);
	CHECK(f.dev.nheads == 1);
	CHECK(vq_get_used(&f.vq, &tok, &len) == 0);     /* nothing used yet */
	dev_complete(&f.dev, 0, 16);
	CHECK(vq_get_used(&f.vq, &tok, &len) == 1);
	CHECK(tok == &r && len == 16);
	for (int i = 0; i < 16; i++)
		CHECK(r.out[i] == xor4(&r));
	CHECK(vq_num_free(&f.vq) == 8);
	CHECK(vq_get_used(&f.vq, &tok, &len) == 0);
	CHECK(fix_fini(&f));
}

HTEST(out_of_order_and_wrap)
{
	struct fix f;
	struct req r[2];
	void *tok;
	uint32_t len;
	CHECK(fix_init(&f, 8));
	/* 300 rounds of two chains (6 of 8 descriptors) completed in reverse,
	 * so the 16-bit indices and the rings wrap many times */
	for (int round = 0; round < 300; round++) {
		CHECK(post(&f, &r[0], (uint8_t)round) == VQ_OK);
		CHECK(post(&f, &r[1], (uint8_t)(round * 7)) == VQ_OK);
		CHECK(post(&f, &r[1], 9) == VQ_ENOSPC);     /* 2 left, 3 needed */
		vq_publish(&f.vq);
		dev_take(&f.dev);
		CHECK(f.dev.nheads == 2);
		dev_complete(&f.dev, 1, 16);
		dev_complete(&f.dev, 0, 8);
		CHECK(vq_get_used(&f.vq, &tok, &len) == 1 && tok == &r[1] && len == 16);
		CHECK(vq_get_used(&f.vq, &tok, &len) == 1 && tok == &r[0] && len == 8);
		CHECK(r[0].out[0] == xor4(&r[0]) && r[1].out[15] == xor4(&r[1]));
		CHECK(vq_get_used(&f.vq, &tok, &len) == 0);
		CHECK(vq_num_free(&f.vq) == 8);
	}
	CHECK(fix_fini(&f));
}

HTEST(many_in_flight_random_order)
{
	struct fix f;
	static struct req r[42];
	void *tok;
	uint32_t len;
	CHECK(fix_init(&f, 128));
	srand(4);
	for (int round = 0; round < 50; round++) {
		int n = 0;
		while (n < 42 && post(&f, &r[n], (uint8_t)(n + round)) == VQ_OK)
			r[n++].done = 0;
		CHECK(n == 42);                         /* 126 of 128 descriptors */
		vq_publish(&f.vq);
		dev_take(&f.dev);
		while (f.dev.nheads)
			dev_complete(&f.dev, (unsigned)rand() % f.dev.nheads, 16);
		int got = 0;
		while (vq_get_used(&f.vq, &tok, &len) == 1) {
			struct req *q = tok;
			CHECK(q >= r && q < r + 42 && !q->done && len == 16);
			CHECK(q->out[7] == xor4(q));
			q->done = 1;
			got++;
		}
		CHECK(got == 42 && vq_num_free(&f.vq) == 128);
	}
	CHECK(fix_fini(&f));
}

HTEST(add_refuses_bad_chains)
{
	struct fix f;
	uint8_t buf[8];
	CHECK(fix_init(&f, 8));
	struct vq_buf wr_then_rd[2] = { { (uintptr_t)buf, 4, true }, { (uintptr_t)buf + 4, 4, false } };
	struct vq_buf zero[1] = { { (uintptr_t)buf, 0, false } };
	struct vq_buf nine[9];
	for (int i = 0; i < 9; i++)
		nine[i] = (struct vq_buf){ (uintptr_t)buf, 1, false };
	CHECK(vq_add(&f.vq, wr_then_rd, 2, buf) == VQ_EINVAL);
	CHECK(vq_add(&f.vq, zero, 1, buf) == VQ_EINVAL);
	CHECK(vq_add(&f.vq, nine, 0, buf) == VQ_EINVAL);
	CHECK(vq_add(&f.vq, nine, 1, NULL) == VQ_EINVAL);
	CHECK(vq_add(&f.vq, nine, 9, buf) == VQ_ENOSPC);
	CHECK(vq_num_free(&f.vq) == 8);
	CHECK(vq_add(&f.vq, nine, 8, buf) == VQ_OK);    /* exactly full */
	CHECK(vq_num_free(&f.vq) == 0);
	CHECK(vq_add(&f.vq, nine, 1, buf) == VQ_ENOSPC);
	CHECK(fix_fini(&f));
}

HTEST(no_notify_flag)
{
	struct fix f;
	struct req r;
	CHECK(fix_init(&f, 8));
	*(volatile uint16_t *)f.vq.used = VQ_USED_F_NO_NOTIFY;
	CHECK(post(&f, &r, 3) == VQ_OK);
	vq_publish(&f.vq);
	CHECK(!vq_should_notify(&f.vq));
	CHECK(fix_fini(&f));
}

/* A hostile device: each bad used element breaks the queue with VQ_EDEVICE;
 * reclaim hands back every chain still in flight and the queue works again. */
static int reclaimed;
static void count_reclaim(void *tok, void *arg)
{
	(void)tok;
	(void)arg;
	reclaimed++;
}

static bool hostile_case(int which)
{
	struct fix f;
	struct req r[2];
	void *tok = NULL;
	uint32_t len = 0;
	if (!fix_init(&f, 8))
		return false;
	post(&f, &r[0], 1);
	post(&f, &r[1], 2);
	vq_publish(&f.vq);
	dev_take(&f.dev);
	switch (which) {
	case 0: dev_used(&f.dev, 8, 0); break;                  /* id out of range */
	case 1: dev_used(&f.dev, 0xffffffffu, 0); break;
	case 2: dev_used(&f.dev, 1, 0); break;                  /* not a head (2nd desc of chain 0) */
	case 3: dev_used(&f.dev, f.dev.heads[0], 17); break;    /* more than 16 writable bytes */
	case 4:                                                 /* index runs ahead */
		*(volatile uint16_t *)(f.vq.used + 2) = 3;
		break;
	case 5:                                                 /* completes the same chain twice */
		dev_used(&f.dev, f.dev.heads[0], 16);
		dev_used(&f.dev, f.dev.heads[0], 16);
		if (vq_get_used(&f.vq, &tok, &len) != 1)
			return false;
		break;
	}
	bool ok = vq_get_used(&f.vq, &tok, &len) == VQ_EDEVICE &&
		  vq_get_used(&f.vq, &tok, &len) == VQ_EBROKEN &&
		  post(&f, &r[0], 1) == VQ_EBROKEN;
	reclaimed = 0;
	vq_reclaim(&f.vq, count_reclaim, NULL);
	ok = ok && reclaimed == (which == 5 ? 1 : 2) && vq_num_free(&f.vq) == 8;
	/* usable again after the (simulated) device reset */
	memset(&f.dev, 0, sizeof(f.dev));
	f.dev.vq = &f.vq;
	ok = ok && post(&f, &r[0], 5) == VQ_OK;
	vq_publish(&f.vq);
	dev_take(&f.dev);
	dev_complete(&f.dev, 0, 16);
	ok = ok && vq_get_used(&f.vq, &tok, &len) == 1 && tok == &r[0] && r[0].out[0] == xor4(&r[0]);
	return fix_fini(&f) && ok;
}

HTEST(hostile_id_out_of_range)
{
	CHECK(hostile_case(0));
	CHECK(hostile_case(1));
}

HTEST(hostile_id_not_in_flight)
{
	CHECK(hostile_case(2));
}

HTEST(hostile_len_too_large)
{
	CHECK(hostile_case(3));
}

HTEST(hostile_used_idx_ahead)
{
	CHECK(hostile_case(4));
}

HTEST(hostile_double_completion)
{
	CHECK(hostile_case(5));
}
