/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtqueue.c (iokit/drivers) - the split virtqueue (virtqueue.h).
 *
 * Layout in the caller's buffer: the descriptor table at 0 (16 bytes per
 * entry), the available ring right after it (2-byte aligned), the used ring
 * at the next 4-byte boundary, as virtio 1.x requires of "modern" devices.
 * Free descriptors form a list through their next fields.  The device owns
 * a chain from vq_publish() until its head appears in the used ring.
 */
#include "virtqueue.h"
#include "iokit/core/mem.h"

#define AVAIL_FLAGS 0
#define AVAIL_IDX   1
#define AVAIL_RING  2           /* in uint16_t units */
#define USED_IDX_OFF 2          /* bytes */
#define USED_RING_OFF 4

static size_t avail_bytes(uint16_t size)
{
	return 6 + 2 * (size_t)size;
}

static size_t used_offset(uint16_t size)
{
	return (16 * (size_t)size + avail_bytes(size) + 3) & ~(size_t)3;
}

size_t vq_layout_size(uint16_t size)
{
	return used_offset(size) + 6 + 8 * (size_t)size;
}

static void vq_reset_state(struct virtqueue *vq)
{
	uint8_t *mem = (uint8_t *)vq->desc;
	size_t n = vq_layout_size(vq->size);
	for (size_t i = 0; i < n; i++)
		mem[i] = 0;
	for (uint16_t i = 0; i < vq->size; i++) {
		vq->desc[i].next = (uint16_t)(i + 1);
		vq->token[i] = NULL;
		vq->writable[i] = 0;
		vq->chain_len[i] = 0;
	}
	vq->free_head = 0;
	vq->num_free = vq->size;
	vq->avail_idx = vq->published = vq->last_used = 0;
	vq->in_flight = 0;
	vq->broken = false;
}

int vq_init(struct virtqueue *vq, uint16_t size, void *mem, uint64_t phys)
{
	if (!vq || !mem || !size || size > VQ_MAX_SIZE || (size & (size - 1)) ||
	    ((uintptr_t)mem & 15) || (phys & 15))
		return VQ_EINVAL;
	struct virtqueue q = { .size = size };
	q.token = iok_alloc(sizeof(void *) * size);
	q.writable = iok_alloc(sizeof(uint32_t) * size);
	q.chain_len = iok_alloc(sizeof(uint16_t) * size);
	if (!q.token || !q.writable || !q.chain_len) {
		iok_free(q.token);
		iok_free(q.writable);
		iok_free(q.chain_len);
		return VQ_ENOMEM;
	}
	q.desc = mem;
	q.avail = (volatile uint16_t *)((uint8_t *)mem + 16 * (size_t)size);
	q.used = (volatile uint8_t *)mem + used_offset(size);
	q.desc_phys = phys;
	q.avail_phys = phys + 16 * (uint64_t)size;
	q.used_phys = phys + used_offset(size);
	*vq = q;
	vq_reset_state(vq);
	return VQ_OK;
}

void vq_fini(struct virtqueue *vq)
{
	iok_free(vq->token);
	iok_free(vq->writable);
	iok_free(vq->chain_len);
	vq->token = NULL;
	vq->writable = NULL;
	vq->chain_len = NULL;
}

/* A chain must list its readable buffers before its writable ones. */
static int chain_check(const struct vq_buf *bufs, unsigned n, uint32_t *writable)
{
	bool seen_write = false;
	uint64_t w = 0;
	for (unsigned i = 0; i < n; i++) {
		if (!bufs[i].len || (seen_write && !bufs[i].device_writes))
			return VQ_EINVAL;
		seen_write = bufs[i].device_writes;
		if (bufs[i].device_writes)
			w += bufs[i].len;
	}
	if (w > UINT32_MAX)
		return VQ_EINVAL;
	*writable = (uint32_t)w;
	return VQ_OK;
}

int vq_add(struct virtqueue *vq, const struct vq_buf *bufs, unsigned n, void *token)
{
	uint32_t writable;
	if (vq->broken)
		return VQ_EBROKEN;
	if (!bufs || !n || !token || chain_check(bufs, n, &writable))
		return VQ_EINVAL;
	if (n > vq->num_free)
		return VQ_ENOSPC;
	uint16_t head = vq->free_head, d = head, last = head;
	for (unsigned i = 0; i < n; i++) {
		struct vq_desc *desc = &vq->desc[d];
		desc->addr = bufs[i].phys;
		desc->len = bufs[i].len;
		desc->flags = (uint16_t)((bufs[i].device_writes ? VQ_DESC_F_WRITE : 0) |
					 (i + 1 < n ? VQ_DESC_F_NEXT : 0));
		last = d;
		d = desc->next;
	}
	vq->free_head = d;
	vq->num_free = (uint16_t)(vq->num_free - n);
	vq->desc[last].next = 0;
	vq->token[head] = token;
	vq->writable[head] = writable;
	vq->chain_len[head] = (uint16_t)n;
	vq->avail[AVAIL_RING + (vq->avail_idx & (vq->size - 1))] = head;
	vq->avail_idx++;
	vq->in_flight++;
	return VQ_OK;
}

void vq_publish(struct virtqueue *vq)
{
	/* descriptors and ring entries before the index the device reads */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	vq->avail[AVAIL_IDX] = vq->avail_idx;
	vq->published = vq->avail_idx;
	/* the index store before reading the device's flags */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

bool vq_should_notify(const struct virtqueue *vq)
{
	uint16_t flags = *(volatile const uint16_t *)vq->used;
	return !(flags & VQ_USED_F_NO_NOTIFY);
}

/* Put the chain starting at head back on the free list. */
static void chain_free(struct virtqueue *vq, uint16_t head)
{
	uint16_t d = head;
	for (uint16_t i = 1; i < vq->chain_len[head]; i++)
		d = vq->desc[d].next;
	vq->desc[d].next = vq->free_head;
	vq->free_head = head;
	vq->num_free = (uint16_t)(vq->num_free + vq->chain_len[head]);
	vq->token[head] = NULL;
	vq->chain_len[head] = 0;
	vq->in_flight--;
}

int vq_get_used(struct virtqueue *vq, void **token, uint32_t *len)
{
	if (vq->broken)
		return VQ_EBROKEN;
	uint16_t used_idx = *(volatile uint16_t *)(vq->used + USED_IDX_OFF);
	uint16_t pending = (uint16_t)(used_idx - vq->last_used);
	if (!pending)
		return 0;
	if (pending > vq->in_flight) {
		vq->broken = true;      /* the device claims more than we gave it */
		return VQ_EDEVICE;
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);        /* the element after the index */
	volatile struct vq_used_elem *e = (volatile struct vq_used_elem *)
		(vq->used + USED_RING_OFF) + (vq->last_used & (vq->size - 1));
	uint32_t id = e->id, n = e->len;
	if (id >= vq->size || !vq->token[id] || n > vq->writable[id]) {
		vq->broken = true;
		return VQ_EDEVICE;
	}
	vq->last_used++;
	*token = vq->token[id];
	*len = n;
	chain_free(vq, (uint16_t)id);
	return 1;
}

void vq_reclaim(struct virtqueue *vq, void (*fn)(void *token, void *arg), void *arg)
{
	for (uint16_t i = 0; i < vq->size; i++)
		if (vq->token[i] && fn)
			fn(vq->token[i], arg);
	vq_reset_state(vq);
}
