/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * charstream_ring.c - byte ring buffers (charstream_ring.h).
 */
#include "charstream_ring.h"

bool cs_ring_init(struct cs_ring *r, uint8_t *buf, uint32_t size)
{
	if (!buf || size < 2 || (size & (size - 1)))
		return false;
	r->buf = buf;
	r->size = size;
	r->head = r->tail = 0;
	return true;
}

bool cs_ring_put(struct cs_ring *r, uint8_t c)
{
	if (cs_ring_used(r) == r->size)
		return false;
	r->buf[r->tail++ & (r->size - 1)] = c;
	return true;
}

bool cs_ring_get(struct cs_ring *r, uint8_t *c)
{
	if (r->head == r->tail)
		return false;
	*c = r->buf[r->head++ & (r->size - 1)];
	return true;
}

size_t cs_ring_write(struct cs_ring *r, const void *src, size_t n)
{
	const uint8_t *p = src;
	size_t done = 0;
	while (done < n && cs_ring_put(r, p[done]))
		done++;
	return done;
}

size_t cs_ring_read(struct cs_ring *r, void *dst, size_t n)
{
	uint8_t *p = dst;
	size_t done = 0;
	while (done < n && cs_ring_get(r, &p[done]))
		done++;
	return done;
}
