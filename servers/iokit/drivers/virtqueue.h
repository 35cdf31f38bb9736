/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtqueue.h (iokit/drivers) - the split virtqueue of virtio 1.x (the
 * spec's section 2.7): a descriptor table, the driver's available ring and
 * the device's used ring, in one physically contiguous buffer the caller
 * provides (DMA memory: its virtual and physical address).
 *
 * Pure C (no device access, no locking): the transport (virtio_pci.c) tells
 * the device where the rings are and rings its doorbell; the host tests
 * drive this file against a simulated device (tests/host/blk/test_virtqueue.c).
 *
 * Entry points:
 *   vq_layout_size()  bytes the rings of a queue of n entries take
 *   vq_init()         lay the rings out in caller memory, all descriptors free
 *   vq_add()          post a chain (device-readable, then device-writable
 *                     buffers) with a token; several chains may be in flight
 *   vq_publish()      make posted chains visible (one barrier per batch)
 *   vq_should_notify() whether the device asked to be told
 *   vq_get_used()     take one completed chain: its token and written length;
 *                     completions may come in any order
 *   vq_reclaim()      take back every chain still in flight (device reset)
 *
 * The device is not trusted: a used element whose id is out of range or not
 * the head of a chain in flight, a length larger than the chain's writable
 * bytes, or a used index that runs ahead of what is in flight is an error
 * (VQ_EDEVICE), never a crash.  The queue is then marked broken and refuses
 * further work until vq_reclaim(); the driver resets the device.
 *
 * Rules: one owner at a time (the driver's work loop); the token of a
 * chain must be non-NULL.
 */
#ifndef IOKIT_DRIVERS_VIRTQUEUE_H
#define IOKIT_DRIVERS_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VQ_MAX_SIZE 32768

/* Descriptor flags (le16). */
#define VQ_DESC_F_NEXT  1
#define VQ_DESC_F_WRITE 2

/* Ring flags. */
#define VQ_AVAIL_F_NO_INTERRUPT 1
#define VQ_USED_F_NO_NOTIFY     1

enum {
	VQ_OK = 0,
	VQ_EINVAL = -1,         /* bad argument (size, alignment, empty chain) */
	VQ_ENOSPC = -2,         /* not enough free descriptors now */
	VQ_EDEVICE = -3,        /* the device wrote something impossible */
	VQ_EBROKEN = -4,        /* the queue is broken until vq_reclaim() */
	VQ_ENOMEM = -5,
};

struct vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
_Static_assert(sizeof(struct vq_desc) == 16, "virtio descriptor layout");

struct vq_used_elem {
	uint32_t id;
	uint32_t len;
};
_Static_assert(sizeof(struct vq_used_elem) == 8, "virtio used element layout");

/* One buffer of a chain: physical address and length. */
struct vq_buf {
	uint64_t phys;
	uint32_t len;
	bool device_writes;     /* device-writable; these come after the readable ones */
};

struct virtqueue {
	uint16_t size;          /* entries, a power of two */
	/* ring memory (shared with the device) */
	struct vq_desc *desc;
	volatile uint16_t *avail;       /* flags, idx, ring[size], used_event */
	volatile uint8_t *used;         /* flags, idx, ring[size], avail_event */
	uint64_t desc_phys, avail_phys, used_phys;
	/* driver state (not visible to the device) */
	uint16_t free_head, num_free;
	uint16_t avail_idx;     /* next free slot of the avail ring (shadow) */
	uint16_t published;     /* avail idx the device has been told */
	uint16_t last_used;     /* next used element to look at */
	uint16_t in_flight;
	bool broken;
	void **token;           /* by chain head; NULL: not a head in flight */
	uint32_t *writable;     /* by chain head: device-writable bytes */
	uint16_t *chain_len;    /* by chain head: descriptors in the chain */
};

/* Bytes the rings of a queue of size entries take (desc, avail, used aligned). */
size_t vq_layout_size(uint16_t size);
/* size: power of two <= VQ_MAX_SIZE; mem: vq_layout_size(size) bytes, 16-byte
 * aligned, physical address phys; zeroed here.  Allocates the driver state. */
int vq_init(struct virtqueue *vq, uint16_t size, void *mem, uint64_t phys);
void vq_fini(struct virtqueue *vq);

/* Post one chain of n buffers: readable first, then writable.  Not visible to
 * the device until vq_publish().  VQ_ENOSPC leaves everything unchanged. */
int vq_add(struct virtqueue *vq, const struct vq_buf *bufs, unsigned n, void *token);
void vq_publish(struct virtqueue *vq);
/* After vq_publish: whether the device wants a notification. */
bool vq_should_notify(const struct virtqueue *vq);

/* 1 and *token, *len for one completed chain; 0 when none; VQ_EDEVICE (the
 * queue is now broken) or VQ_EBROKEN. */
int vq_get_used(struct virtqueue *vq, void **token, uint32_t *len);
/* Call fn(token, arg) for every chain in flight and free them all; the
 * queue is empty and usable again (after the device has been reset). */
void vq_reclaim(struct virtqueue *vq, void (*fn)(void *token, void *arg), void *arg);

static inline uint16_t vq_num_free(const struct virtqueue *vq)
{
	return vq->num_free;
}

#endif
