/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio_rng_pool.c (iokit/drivers) - the virtio entropy device's request
 * and the pool of delivered bytes (virtio_rng.h).  Pure C: the work loop
 * serialises every call; the host tests drive it against a simulated
 * device.
 *
 * One chain of one device-writable buffer is in flight at most (spec 5.4.6:
 * the driver MUST NOT place device-readable buffers; it MUST examine the
 * written length).  The length is believed only up to what the request
 * asked: the virtqueue refuses a longer one, and so does reap.
 */
#include <string.h>
#include "virtio_rng.h"

void vrng_pool_init(struct vrng_pool *p, struct virtqueue *vq, void *buf, uint64_t phys,
		    uint32_t buf_len)
{
	memset(p, 0, sizeof(*p));
	p->vq = vq;
	p->buf = buf;
	p->buf_phys = phys;
	p->buf_len = buf_len;
}

bool vrng_pool_post(struct vrng_pool *p)
{
	uint32_t room = VRNG_POOL_BYTES - p->count;
	if (vrng_pool_in_flight(p) || room < VRNG_REQ_MIN)
		return false;
	uint32_t want = room < p->buf_len ? room : p->buf_len;
	struct vq_buf b = { p->buf_phys, want, true };
	if (vq_add(p->vq, &b, 1, p) != VQ_OK)
		return false;
	p->asked = want;
	vq_publish(p->vq);
	return true;
}

/* Append n bytes of the buffer to the ring (n <= room). */
static void pool_append(struct vrng_pool *p, uint32_t n)
{
	uint32_t tail = (p->head + p->count) % VRNG_POOL_BYTES;
	uint32_t first = VRNG_POOL_BYTES - tail < n ? VRNG_POOL_BYTES - tail : n;
	memcpy(p->data + tail, p->buf, first);
	memcpy(p->data, p->buf + first, n - first);
	memset(p->buf, 0, n);
	p->count += n;
	p->received += n;
}

int vrng_pool_reap(struct vrng_pool *p, uint32_t *got)
{
	void *token;
	uint32_t len;
	int r = vq_get_used(p->vq, &token, &len);
	if (r <= 0)
		return r;
	/* the virtqueue checked both already: belt and braces, since the
	 * copy below trusts len */
	if (token != p || !p->asked || len > p->asked ||
	    len > VRNG_POOL_BYTES - p->count)
		return VQ_EDEVICE;
	p->asked = 0;
	if (len)
		pool_append(p, len);
	else
		p->empty++;
	*got = len;
	return 1;
}

size_t vrng_pool_take(struct vrng_pool *p, void *out, size_t n)
{
	uint8_t *o = out;
	size_t done = 0;
	while (done < n && p->count) {
		uint32_t run = VRNG_POOL_BYTES - p->head < p->count ? VRNG_POOL_BYTES - p->head
								     : p->count;
		if (run > n - done)
			run = (uint32_t)(n - done);
		memcpy(o + done, p->data + p->head, run);
		memset(p->data + p->head, 0, run);      /* handed out once */
		p->head = (p->head + run) % VRNG_POOL_BYTES;
		p->count -= run;
		done += run;
	}
	p->handed += done;
	return done;
}

static void forget(void *token, void *arg)
{
	(void)token, (void)arg;
}

void vrng_pool_reset(struct vrng_pool *p)
{
	vq_reclaim(p->vq, forget, NULL);
	if (p->asked)
		memset(p->buf, 0, p->asked);
	p->asked = 0;
}
