/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * charstream.c - character streams and the server side of the cstream
 * interface (charstream.h, cstream.idl).
 *
 * Locking: cs_lock guards the stream table, the handle table and every
 * stream's fields except name, kind, flags, ops and dev, which are fixed
 * while the stream is registered.  Calls into a driver's ops are made
 * without cs_lock, counted in `active`, so that unregistering can wait
 * for them; a driver's work loop takes cs_lock (charstream_notify) and
 * nobody holds cs_lock while waiting for a loop.
 *
 * Lifetime: a stream is referenced by the stream table and by each open
 * handle; unregistering removes it from the table and marks it gone, and
 * the last close frees it.
 */
#include "urt.h"
#include "charstream.h"
#include "iokit/core/object.h"

#define CS_MAX_STREAMS     16
#define CS_MAX_HANDLES     64
#define CS_HANDLES_PER_CLIENT 8
#define CS_NAME_LEN        16
#define CS_WRITE_STALL_US  1000000  /* a write gives up after this without progress */
#define CS_READ_WAIT_MAX_US 10000000 /* longest wait of one read: a server thread is held */

struct charstream {
	char name[CS_NAME_LEN], kind[CS_NAME_LEN];
	unsigned flags;
	const struct charstream_ops *ops;
	void *dev;
	urt_cond_t cond;        /* rx_seq, tx_seq, gone or active changed */
	uint64_t rx_seq, tx_seq;
	unsigned active;        /* client calls inside ops */
	unsigned refs;          /* the table's and the handles' */
	bool gone;
};

struct cs_handle {
	struct charstream *cs;  /* NULL: free */
	dbt_word_t id;          /* what the client holds: serial << 8 | index */
	dbt_word_t badge;       /* the client that opened it */
};

static urt_mutex_t cs_lock = URT_MUTEX_INIT;
static struct charstream *cs_table[CS_MAX_STREAMS];     /* guarded by cs_lock */
static struct cs_handle cs_handles[CS_MAX_HANDLES];     /* guarded by cs_lock */
static dbt_word_t cs_serial;                            /* guarded by cs_lock */

_Static_assert(CS_MAX_HANDLES <= 256, "handle index fits in 8 bits");

static bool name_ok(const char *s)
{
	size_t n = s ? strnlen(s, CS_NAME_LEN) : 0;
	return n > 0 && n < CS_NAME_LEN;
}

/* cs_lock held. */
static struct charstream *find_stream(const char *name)
{
	for (unsigned i = 0; i < CS_MAX_STREAMS; i++)
		if (cs_table[i] && !strcmp(cs_table[i]->name, name))
			return cs_table[i];
	return NULL;
}

/* cs_lock held; frees the stream with its last reference. */
static void stream_put(struct charstream *cs)
{
	if (--cs->refs == 0) {
		urt_cond_destroy(&cs->cond);
		free(cs);
	}
}

struct charstream *charstream_register(const char *name, const char *kind, unsigned flags,
                                       const struct charstream_ops *ops, void *dev)
{
	if (!name_ok(name) || !name_ok(kind) || !ops || !ops->read || !ops->status ||
	    ((flags & CSTREAM_F_WRITE) && !ops->write))
		return NULL;
	struct charstream *cs = calloc(1, sizeof(*cs));
	if (!cs)
		return NULL;
	strlcpy(cs->name, name, sizeof(cs->name));
	strlcpy(cs->kind, kind, sizeof(cs->kind));
	cs->flags = flags;
	cs->ops = ops;
	cs->dev = dev;
	cs->refs = 1;
	urt_cond_init(&cs->cond);
	urt_mutex_lock(&cs_lock);
	unsigned slot = CS_MAX_STREAMS;
	for (unsigned i = 0; i < CS_MAX_STREAMS && slot == CS_MAX_STREAMS; i++)
		if (!cs_table[i])
			slot = i;
	if (slot == CS_MAX_STREAMS || find_stream(name)) {
		urt_mutex_unlock(&cs_lock);
		urt_cond_destroy(&cs->cond);
		free(cs);
		return NULL;
	}
	cs_table[slot] = cs;
	urt_mutex_unlock(&cs_lock);
	return cs;
}

void charstream_unregister(struct charstream *cs)
{
	if (!cs)
		return;
	urt_mutex_lock(&cs_lock);
	for (unsigned i = 0; i < CS_MAX_STREAMS; i++)
		if (cs_table[i] == cs)
			cs_table[i] = NULL;
	cs->gone = true;
	urt_cond_broadcast(&cs->cond);
	while (cs->active)
		urt_cond_wait(&cs->cond, &cs_lock);
	cs->ops = NULL;
	cs->dev = NULL;
	stream_put(cs);
	urt_mutex_unlock(&cs_lock);
}

void charstream_notify(struct charstream *cs, unsigned events)
{
	urt_mutex_lock(&cs_lock);
	if (events & CHARSTREAM_EV_RX)
		cs->rx_seq++;
	if (events & CHARSTREAM_EV_TX)
		cs->tx_seq++;
	urt_cond_broadcast(&cs->cond);
	urt_mutex_unlock(&cs_lock);
}

/* ---- handles ------------------------------------------------------------------- */

/* cs_lock held: the handle's slot if it is open and the caller's. */
static struct cs_handle *handle_find(dbt_word_t badge, dbt_word_t h)
{
	unsigned idx = (unsigned)(h & 0xff);
	if (idx >= CS_MAX_HANDLES)
		return NULL;
	struct cs_handle *e = &cs_handles[idx];
	return e->cs && e->id == h && e->badge == badge ? e : NULL;
}

/* Start a call on the handle's stream: 0 with *out counted active. */
static unsigned call_enter(dbt_word_t badge, dbt_word_t h, struct charstream **out)
{
	unsigned err = 0;
	urt_mutex_lock(&cs_lock);
	struct cs_handle *e = handle_find(badge, h);
	if (!e)
		err = CSTREAM_E_BADHANDLE;
	else if (e->cs->gone)
		err = CSTREAM_E_GONE;
	else
		e->cs->active++;
	*out = e ? e->cs : NULL;
	urt_mutex_unlock(&cs_lock);
	return err;
}

static void call_leave(struct charstream *cs)
{
	urt_mutex_lock(&cs_lock);
	if (--cs->active == 0 && cs->gone)
		urt_cond_broadcast(&cs->cond);
	urt_mutex_unlock(&cs_lock);
}

/* cs_lock held: the stream `name` names for this grant, or NULL. */
static struct charstream *open_target(const char *grant, const char *name)
{
	for (unsigned i = 0; i < CS_MAX_STREAMS; i++) {
		struct charstream *cs = cs_table[i];
		if (!cs || (strcmp(cs->name, name) && strcmp(cs->kind, name)))
			continue;
		if (!strcmp(grant, cs->kind) || !strcmp(grant, cs->name))
			return cs;
	}
	return NULL;
}

unsigned charstream_open(const char *grant, dbt_word_t badge, const char *name,
                         dbt_word_t *handle, dbt_word_t *flags)
{
	if (!name[0])
		return CSTREAM_E_NAME;
	urt_mutex_lock(&cs_lock);
	struct charstream *cs = open_target(grant, name);
	unsigned mine = 0, slot = CS_MAX_HANDLES, oldest = CS_MAX_HANDLES;
	for (unsigned i = 0; i < CS_MAX_HANDLES; i++) {
		struct cs_handle *e = &cs_handles[i];
		if (e->cs && e->badge == badge) {
			mine++;
			if (oldest == CS_MAX_HANDLES || e->id < cs_handles[oldest].id)
				oldest = i;
		} else if (!e->cs && slot == CS_MAX_HANDLES) {
			slot = i;
		}
	}
	unsigned err = 0;
	if (cs && mine >= CS_HANDLES_PER_CLIENT) {
		/* A client restarted by the composer keeps its badge and has
		 * lost its handles without closing them: its oldest handle
		 * makes room.  Only the client's own handles are ever taken. */
		stream_put(cs_handles[oldest].cs);
		cs_handles[oldest].cs = NULL;
		slot = oldest;
	}
	if (!cs)
		err = CSTREAM_E_NOSTREAM;
	else if (slot == CS_MAX_HANDLES)
		err = CSTREAM_E_NOHANDLES;
	if (!err) {
		struct cs_handle *e = &cs_handles[slot];
		e->cs = cs;
		e->badge = badge;
		e->id = ++cs_serial << 8 | slot;
		cs->refs++;
		*handle = e->id;
		*flags = cs->flags;
	}
	urt_mutex_unlock(&cs_lock);
	return err;
}

unsigned charstream_close(dbt_word_t badge, dbt_word_t handle)
{
	urt_mutex_lock(&cs_lock);
	struct cs_handle *e = handle_find(badge, handle);
	if (e) {
		stream_put(e->cs);
		e->cs = NULL;
	}
	urt_mutex_unlock(&cs_lock);
	return e ? 0 : CSTREAM_E_BADHANDLE;
}

/* ---- reading and writing ------------------------------------------------------- */

static uint64_t deadline_after(uint64_t us)
{
	uint64_t now = urt_now_us();
	return us > UINT64_MAX - now ? UINT64_MAX : now + us;
}

unsigned charstream_read(dbt_word_t badge, dbt_word_t handle, size_t max, uint64_t timeout_us,
                         void *buf, size_t *len)
{
	struct charstream *cs;
	unsigned err = call_enter(badge, handle, &cs);
	if (err)
		return err;
	if (!(cs->flags & CSTREAM_F_READ) || max > CSTREAM_IO_MAX) {
		call_leave(cs);
		return max > CSTREAM_IO_MAX ? CSTREAM_E_RANGE : CSTREAM_E_READONLY;
	}
	uint64_t deadline = deadline_after(timeout_us < CS_READ_WAIT_MAX_US ? timeout_us
	                                                                  : CS_READ_WAIT_MAX_US);
	int n = 0;
	urt_mutex_lock(&cs_lock);
	while (max) {
		uint64_t seq = cs->rx_seq;
		urt_mutex_unlock(&cs_lock);
		n = cs->ops->read(cs->dev, buf, max);
		urt_mutex_lock(&cs_lock);
		if (n != 0 || cs->gone || urt_now_us() >= deadline)
			break;
		/* Nothing yet: sleep until the driver says bytes came (rx_seq
		 * moved since before the read) or the time is up. */
		while (cs->rx_seq == seq && !cs->gone &&
		       urt_cond_wait_until(&cs->cond, &cs_lock, deadline) != URT_ETIMEDOUT)
			;
	}
	bool gone = cs->gone;
	urt_mutex_unlock(&cs_lock);
	call_leave(cs);
	if (n < 0)
		return CSTREAM_E_IO;
	if (n == 0 && gone)
		return CSTREAM_E_GONE;
	*len = (size_t)n;
	return 0;
}

unsigned charstream_write(dbt_word_t badge, dbt_word_t handle, const void *buf, size_t len,
                          size_t *written)
{
	struct charstream *cs;
	unsigned err = call_enter(badge, handle, &cs);
	if (err)
		return err;
	if (!(cs->flags & CSTREAM_F_WRITE)) {
		call_leave(cs);
		return CSTREAM_E_READONLY;
	}
	const uint8_t *p = buf;
	size_t done = 0;
	uint64_t deadline = deadline_after(CS_WRITE_STALL_US);
	urt_mutex_lock(&cs_lock);
	while (done < len && !cs->gone) {
		uint64_t seq = cs->tx_seq;
		urt_mutex_unlock(&cs_lock);
		int n = cs->ops->write(cs->dev, p + done, len - done);
		urt_mutex_lock(&cs_lock);
		if (n < 0) {
			err = CSTREAM_E_IO;
			break;
		}
		if (n > 0) {
			done += (size_t)n;
			deadline = deadline_after(CS_WRITE_STALL_US);
			continue;
		}
		if (urt_now_us() >= deadline)
			break;
		while (cs->tx_seq == seq && !cs->gone &&
		       urt_cond_wait_until(&cs->cond, &cs_lock, deadline) != URT_ETIMEDOUT)
			;
	}
	if (!err && !done && cs->gone)
		err = CSTREAM_E_GONE;
	urt_mutex_unlock(&cs_lock);
	call_leave(cs);
	if (!err)
		*written = done;
	return err;
}

unsigned charstream_stat(dbt_word_t badge, dbt_word_t handle, struct charstream_status *st)
{
	struct charstream *cs;
	unsigned err = call_enter(badge, handle, &cs);
	if (err)
		return err;
	memset(st, 0, sizeof(*st));
	int r = cs->ops->status(cs->dev, st);
	call_leave(cs);
	return r < 0 ? CSTREAM_E_IO : 0;
}
