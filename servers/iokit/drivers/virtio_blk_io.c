/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio_blk_io.c (iokit/drivers) - the virtio-blk request path: requests
 * wait on a pending list until a slot (header + status byte in DMA memory)
 * and enough descriptors are free, go on the ring as one chain each
 * (header, data, status: spec 5.2.6), and complete in whatever order the
 * device finishes them, on the work loop's interrupt source.  A device that
 * writes an impossible used element is reset and every request fails with
 * BLK_E_IO (virtqueue.h).
 */
#include "virtio_blk.h"

#define VBLK_MAX_SEGS 16        /* data descriptors of one request */

static struct vblk_slot_hdr *slot_hdr(struct virtio_blk *vb, unsigned slot)
{
	return (struct vblk_slot_hdr *)vb->hdr_va + slot;
}

static int free_slot(const struct virtio_blk *vb)
{
	for (int i = 0; i < VBLK_SLOTS; i++)
		if (!vb->slot_req[i])
			return i;
	return -1;
}

/* The chain of r in slot: header, data segments, status. */
static unsigned build_chain(struct virtio_blk *vb, struct blk_request *r, unsigned slot,
			    struct vq_buf *b)
{
	uint64_t hdr = vb->hdr_phys + slot * sizeof(struct vblk_slot_hdr);
	unsigned n = 0;
	b[n++] = (struct vq_buf){ hdr, 16, false };
	if (r->op != BLK_OP_FLUSH) {
		uint64_t left = (uint64_t)r->nblocks * vb->nub->block_size, p = r->phys;
		while (left) {
			uint32_t len = left < vb->seg_bytes ? (uint32_t)left : vb->seg_bytes;
			b[n++] = (struct vq_buf){ p, len, r->op == BLK_OP_READ };
			p += len;
			left -= len;
		}
	}
	b[n++] = (struct vq_buf){ hdr + 16, 1, true };
	return n;
}

static void fill_header(struct virtio_blk *vb, struct blk_request *r, unsigned slot)
{
	struct vblk_slot_hdr *h = slot_hdr(vb, slot);
	h->type = r->op == BLK_OP_READ ? VIRTIO_BLK_T_IN :
		  r->op == BLK_OP_WRITE ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_FLUSH;
	h->reserved = 0;
	h->sector = r->op == BLK_OP_FLUSH ? 0 : r->lba * vb->sectors_per_block;
	h->status = 0xff;       /* a device that never writes it is an I/O error */
}

/* Move pending requests onto the ring while there is room; lock held. */
static void kick(struct virtio_blk *vb)
{
	bool added = false;
	struct vq_buf bufs[VBLK_MAX_SEGS + 2];
	struct blk_request *r;
	while ((r = urt_list_first(&vb->pending, struct blk_request, link))) {
		int slot = free_slot(vb);
		if (slot < 0)
			break;
		unsigned n = build_chain(vb, r, (unsigned)slot, bufs);
		fill_header(vb, r, (unsigned)slot);
		if (vq_add(&vb->vq, bufs, n, r) != VQ_OK)
			break;          /* no descriptors now: the next completion retries */
		urt_list_remove(&vb->pending, &r->link);
		r->drv = (void *)(uintptr_t)slot;
		vb->slot_req[slot] = r;
		added = true;
	}
	if (added) {
		if (vb->vq.in_flight > vb->max_in_flight)
			vb->max_in_flight = vb->vq.in_flight;
		vq_publish(&vb->vq);
		if (vq_should_notify(&vb->vq))
			virtio_pci_notify(vb->doorbell, 0);
	}
}

int vblk_submit(struct io_block_device *dev, struct blk_request *r)
{
	struct virtio_blk *vb = dev->driver;
	if (r->op != BLK_OP_FLUSH && (uint64_t)r->nblocks > dev->max_blocks)
		return BLK_E_INVAL;
	urt_mutex_lock(&vb->lock);
	if (vb->dead) {
		urt_mutex_unlock(&vb->lock);
		return dev->gone ? BLK_E_GONE : BLK_E_IO;
	}
	urt_list_push_back(&vb->pending, &r->link);
	kick(vb);
	uint16_t most = vb->max_in_flight;
	urt_mutex_unlock(&vb->lock);
	/* the caller holds the registry lock (storage.h), so the statistic can
	 * go into the registry here, never from the interrupt handler */
	if (most != vb->shown_max && !io_dict_set_number(vb->svc.props, "max-in-flight", most))
		vb->shown_max = most;
	return BLK_OK;
}

static int status_of(uint8_t s)
{
	return s == VIRTIO_BLK_S_OK ? BLK_OK : s == VIRTIO_BLK_S_UNSUPP ? BLK_E_UNSUPP : BLK_E_IO;
}

static void push_done(struct urt_list *list, struct blk_request *r, int status)
{
	r->status = status;
	urt_list_push_front(list, &r->link);
}

struct fail_ctx {
	struct urt_list *list;
	int status;
};

static void fail_token(void *token, void *arg)
{
	struct fail_ctx *f = arg;
	push_done(f->list, token, f->status);
}

void vblk_fail_all(struct virtio_blk *vb, int status, struct urt_list *done)
{
	struct fail_ctx f = { done, status };
	vq_reclaim(&vb->vq, fail_token, &f);
	for (int i = 0; i < VBLK_SLOTS; i++)
		vb->slot_req[i] = NULL;
	struct urt_link *l;
	while ((l = urt_list_pop_front(&vb->pending)))
		push_done(done, urt_list_entry(l, struct blk_request, link), status);
}

/* Take every completed request off the used ring; lock held. */
static void reap(struct virtio_blk *vb, struct urt_list *done)
{
	void *token;
	uint32_t len;
	int got;
	while ((got = vq_get_used(&vb->vq, &token, &len)) == 1) {
		struct blk_request *r = token;
		unsigned slot = (unsigned)(uintptr_t)r->drv;
		int status = status_of(slot_hdr(vb, slot)->status);
		vb->slot_req[slot] = NULL;
		vb->completed++;
		if (status)
			vb->errors++;
		push_done(done, r, status);
	}
	if (got < 0) {
		uprintf("virtio-blk: %s: the device wrote an impossible used element; "
			"resetting it, failing every request\n", iokitd_instance());
		virtio_pci_reset(&vb->vp);
		vb->dead = true;
		vblk_fail_all(vb, BLK_E_IO, done);
	}
}

void vblk_complete_list(struct urt_list *list)
{
	struct urt_link *l;
	while ((l = urt_list_pop_front(list))) {
		struct blk_request *r = urt_list_entry(l, struct blk_request, link);
		r->done(r, r->status);
	}
}

void vblk_interrupt(struct iokit_source *src, void *arg)
{
	struct virtio_blk *vb = arg;
	struct urt_list done = URT_LIST_INIT;
	(void)src;
	/* reading the ISR de-asserts INTx; the loop acknowledges the IRQ after
	 * us.  An MSI-X message needs no de-assertion (spec 4.1.4.5). */
	if (!vb->vp.msix)
		(void)virtio_pci_isr(&vb->vp);
	if (vb->nub->fault_armed) {
		/* Injected (block.idl fault, `faults=yes`): a wild write, as a
		 * buggy driver would make; the whole instance dies of it. */
		uprintf("virtio-blk: %s: injected fault\n", iokitd_instance());
		static volatile uintptr_t wild = 0x10;  /* unmapped in every component */
		*(volatile uint64_t *)wild = vb->interrupts;
	}
	urt_mutex_lock(&vb->lock);
	vb->interrupts++;
	if (!vb->dead) {
		reap(vb, &done);
		if (!vb->dead)
			kick(vb);
	}
	urt_mutex_unlock(&vb->lock);
	vblk_complete_list(&done);
}
