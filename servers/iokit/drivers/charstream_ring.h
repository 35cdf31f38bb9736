/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * charstream_ring.h - byte ring buffers between a character device and its
 * clients (docs/IOKIT.md, "Platform drivers").
 *
 * A ring is a power-of-two array with free-running head and tail counters:
 * tail - head is the fill level, so a full ring needs no spare slot.  A ring
 * has no lock: its owner (a driver's work loop) is the only thread that
 * touches it.
 */
#ifndef IOKIT_DRIVERS_CHARSTREAM_RING_H
#define IOKIT_DRIVERS_CHARSTREAM_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cs_ring {
	uint8_t *buf;           /* size bytes, owned by whoever set the ring up */
	uint32_t size;          /* a power of two */
	uint32_t head, tail;    /* read at head, write at tail (free-running) */
};

/* Use buf (size bytes, a power of two >= 2) as an empty ring; false if the
 * size is not a power of two. */
bool cs_ring_init(struct cs_ring *r, uint8_t *buf, uint32_t size);

static inline uint32_t cs_ring_used(const struct cs_ring *r)
{
	return r->tail - r->head;
}

static inline uint32_t cs_ring_room(const struct cs_ring *r)
{
	return r->size - cs_ring_used(r);
}

/* Append one byte; false (nothing stored) when the ring is full. */
bool cs_ring_put(struct cs_ring *r, uint8_t c);
/* Take the oldest byte; false when the ring is empty. */
bool cs_ring_get(struct cs_ring *r, uint8_t *c);
/* Append up to n bytes; returns how many fitted. */
size_t cs_ring_write(struct cs_ring *r, const void *src, size_t n);
/* Take up to n bytes; returns how many there were. */
size_t cs_ring_read(struct cs_ring *r, void *dst, size_t n);

#endif
