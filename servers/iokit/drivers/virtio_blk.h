/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio_blk.h (iokit/drivers) - the virtio-blk driver's state, shared by
 * virtio_blk.c (the driver class: matching, start, stop) and
 * virtio_blk_io.c (the request path: submit, the virtqueue, completion on
 * the work loop's interrupt source).
 *
 * Locking: `lock` guards the virtqueue, the pending list, the request slots
 * and `dead`.  submit runs on the caller's thread (with the registry lock
 * held), completion on the driver's work loop; done() callbacks are called
 * after `lock` is dropped.
 */
#ifndef IOKIT_DRIVERS_VIRTIO_BLK_H
#define IOKIT_DRIVERS_VIRTIO_BLK_H

#include "urt.h"
#include "storage.h"
#include "virtio_pci.h"
#include "virtqueue.h"

/* virtio-blk feature bits (spec 5.2.3) */
#define VIRTIO_BLK_F_SIZE_MAX   1
#define VIRTIO_BLK_F_SEG_MAX    2
#define VIRTIO_BLK_F_RO         5
#define VIRTIO_BLK_F_BLK_SIZE   6
#define VIRTIO_BLK_F_FLUSH      9

/* request types and status */
#define VIRTIO_BLK_T_IN         0
#define VIRTIO_BLK_T_OUT        1
#define VIRTIO_BLK_T_FLUSH      4
#define VIRTIO_BLK_S_OK         0
#define VIRTIO_BLK_S_IOERR      1
#define VIRTIO_BLK_S_UNSUPP     2

#define VBLK_QUEUE_SIZE 128     /* at most; one page of rings */
#define VBLK_SLOTS      32      /* requests in flight at most */
#define VBLK_MAX_BYTES  (1u << 20)      /* per request (one DMA buffer) */

/* What the device reads and writes besides the data: one per slot, in DMA memory. */
struct vblk_slot_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
	uint8_t status;
	uint8_t pad[15];
};
_Static_assert(sizeof(struct vblk_slot_hdr) == 32, "slot header layout");

struct virtio_blk {
	struct io_service svc;
	struct iokit_pci_device *pci;           /* provider, borrowed while started */
	struct virtio_pci vp;
	struct virtqueue vq;
	void *ring_va, *hdr_va;                 /* DMA: rings; slot headers */
	uint64_t ring_phys, hdr_phys;
	size_t ring_bytes;
	volatile uint16_t *doorbell;
	struct iokit_workloop *loop;
	struct iokit_source *irq_src;
	struct io_block_device *nub;            /* owned reference */
	uint32_t sectors_per_block;             /* block size / 512 */
	uint32_t seg_bytes;                     /* largest data descriptor */
	urt_mutex_t lock;
	struct urt_list pending;                /* not yet on the ring, FIFO */
	struct blk_request *slot_req[VBLK_SLOTS];       /* NULL: slot free */
	bool dead;                              /* stopped or broken: refuse */
	uint64_t completed, errors, interrupts;
	uint16_t max_in_flight;                 /* most chains on the ring at once */
	uint16_t shown_max;                     /* registry lock: in "max-in-flight" */
};

extern const struct io_class VirtioBlockDriver_class;

/* virtio_blk_io.c */
int vblk_submit(struct io_block_device *dev, struct blk_request *r);
void vblk_interrupt(struct iokit_source *src, void *arg);
/* Fail everything queued or in flight with status (the device is reset or
 * broken); lock held by the caller, done() calls collected into *done. */
void vblk_fail_all(struct virtio_blk *vb, int status, struct urt_list *done);
/* Call done() for a list collected under the lock (lock not held). */
void vblk_complete_list(struct urt_list *list);

#endif
