/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio_rng.h (iokit/drivers) - the virtio entropy device (virtio 1.x,
 * spec 5.4: device ID 4, PCI 1af4:1044; one queue, "requestq", no feature
 * bits, no configuration).  The driver hands the device one
 * device-writable buffer at a time; the device fills some or all of it
 * with random bytes and says how many in the used element's length.
 *
 * Two parts share this header:
 *   virtio_rng_pool.c  the request and the pool, pure C over the virtqueue
 *                      (no device access, no locking): host-tested against a
 *                      simulated device (tests/host/blk/test_virtio_rng.c)
 *   virtio_rng.c       the driver class VirtioRNGDriver: matching, bring-up,
 *                      the work loop (interrupt, timeout timer, command gate)
 *                      and the read-only character stream "rngN" (kind "rng")
 *
 * Nothing the device writes is trusted: a used element that is not the
 * request in flight, or claims more bytes than the buffer asked for, is
 * VQ_EDEVICE (the driver then resets the device and fails reads).
 */
#ifndef IOKIT_DRIVERS_VIRTIO_RNG_H
#define IOKIT_DRIVERS_VIRTIO_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "virtqueue.h"

#define VRNG_BUF_BYTES   4096u          /* one DMA page: the most one request asks */
#define VRNG_POOL_BYTES  4096u          /* random bytes kept for clients */
#define VRNG_REQ_MIN     256u           /* ask the device again once this much room */
#define VRNG_QUEUE_SIZE  8u             /* at most; one chain is ever in flight */
#define VRNG_TIMEOUT_US  1000000u       /* a request unanswered this long: stalled */
#define VRNG_RETRY_US    100000u        /* after an empty answer, wait before asking again */

_Static_assert(VRNG_REQ_MIN <= VRNG_POOL_BYTES && VRNG_REQ_MIN <= VRNG_BUF_BYTES,
	       "a request fits the pool and the buffer");

/*
 * The pool: a ring of bytes the device delivered and no client has taken
 * yet, and the one request.  Owned by the driver's work loop.  Bytes are
 * wiped from the DMA buffer once copied and from the ring once taken.
 */
struct vrng_pool {
	struct virtqueue *vq;
	uint8_t *buf;                   /* the device writes here (DMA) */
	uint64_t buf_phys;
	uint32_t buf_len;
	uint8_t data[VRNG_POOL_BYTES];  /* ring */
	uint32_t head, count;           /* first byte held, bytes held */
	uint32_t asked;                 /* bytes the request in flight asked; 0: none */
	uint64_t received, handed;      /* bytes from the device, bytes to clients */
	uint64_t empty;                 /* answers with no bytes */
};

/* buf: buf_len (>= VRNG_REQ_MIN) bytes the device may write, at phys. */
void vrng_pool_init(struct vrng_pool *p, struct virtqueue *vq, void *buf, uint64_t phys,
		    uint32_t buf_len);
/* Post a request for as much as the ring has room for (at most buf_len)
 * when none is in flight and the room is at least VRNG_REQ_MIN.  True if
 * one was posted (published; the caller rings the doorbell if
 * vq_should_notify). */
bool vrng_pool_post(struct vrng_pool *p);
/* Take the device's answer: 1 with *got bytes added (0: an empty answer),
 * 0 if there is none yet, VQ_EDEVICE or VQ_EBROKEN (nothing added). */
int vrng_pool_reap(struct vrng_pool *p, uint32_t *got);
/* Up to n bytes out of the ring, wiped there; how many. */
size_t vrng_pool_take(struct vrng_pool *p, void *out, size_t n);
/* After the device was reset: forget the request in flight (the ring's
 * bytes stay). */
void vrng_pool_reset(struct vrng_pool *p);

static inline bool vrng_pool_in_flight(const struct vrng_pool *p)
{
	return p->asked != 0;
}

#endif
