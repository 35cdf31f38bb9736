/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * block_srv.c (iokit/drivers) - the block client interface (block.idl) on
 * the services named by the instance's argument
 *
 *     block=SERVICE:NAME[+NAME...][,SERVICE:NAME...]
 *
 * (e.g. `block=disk:disk0 block=boot:disk0s1` is written
 * `block=disk:disk0,boot:disk0s1`).  Each service gets BLK_WORKERS threads
 * receiving on its endpoint.  A worker serves one request at a time, start
 * to finish: look the handle up, check the client's shared region, submit
 * one request to the media, sleep until the device completes it, reply.
 * Several requests are in flight when clients call from several threads (up
 * to BLK_WORKERS per service), which keeps the protocol synchronous and the
 * stubs generated; the device sees them all at once on its queue.
 *
 * The device transfers straight into (or out of) the client's shared region
 * when the requested range of it is physically contiguous: the composer
 * tells its frames (urt_shm_phys) and keeps them from reuse while a transfer
 * could be in flight, even if the client dies.  Otherwise (a region made of
 * scattered frames, or the composer's limit on such regions reached) the
 * worker goes through its own DMA bounce buffer and copies.
 */
#include "urt.h"
#include "block_srv.h"
#include "block.h"

struct blk_worker {
	const struct blk_service *svc;
	void *bounce;                   /* BLK_BOUNCE_BYTES of DMA memory, lazily */
	uint64_t bounce_phys;
	struct blk_wait *wait;
};

static struct blk_service services[BLK_MAX_SERVICES];
/* Per service: transfers straight into clients' regions, through bounce. */
static _Atomic uint64_t direct[BLK_MAX_SERVICES], copied[BLK_MAX_SERVICES];
static bool faults_allowed;             /* `faults=yes`: block.idl fault works */

static uint32_t max_blocks(const struct io_media *m)
{
	uint32_t n = BLK_BOUNCE_BYTES / m->block_size;
	return m->dev->max_blocks < n ? m->dev->max_blocks : n;
}

static dbt_word_t op_open(void *ctx, dbt_word_t badge, const void *name, dbt_word_t name_len,
			  dbt_word_t *handle, dbt_word_t *block_size, dbt_word_t *block_count,
			  dbt_word_t *flags, dbt_word_t *maxb)
{
	struct blk_worker *w = ctx;
	char buf[BLK_OPEN_NAME_MAX + 1];
	struct io_media *m;
	if (!name_len || strnlen(name, name_len) != name_len)
		return BLK_E_INVAL;
	memcpy(buf, name, name_len);    /* name_len <= BLK_OPEN_NAME_MAX: the stub checked */
	buf[name_len] = 0;
	int err = blk_handle_open(w->svc, badge, buf, handle, &m);
	if (err)
		return err;
	uint64_t leaf = 0;
	io_dict_get_number(m->svc.props, "leaf", &leaf);
	*block_size = m->block_size;
	*block_count = m->block_count;
	*flags = (m->writable ? BLK_FLAG_WRITABLE : 0) | (m->whole ? BLK_FLAG_WHOLE : 0) |
		 (leaf ? BLK_FLAG_LEAF : 0) | (m->dev->can_flush ? BLK_FLAG_FLUSH : 0);
	*maxb = max_blocks(m);
	blk_media_put(m);
	return BLK_OK;
}

static dbt_word_t op_close(void *ctx, dbt_word_t badge, dbt_word_t handle)
{
	struct blk_worker *w = ctx;
	return (dbt_word_t)blk_handle_close(w->svc, badge, handle);
}

static dbt_word_t op_info(void *ctx, dbt_word_t badge, dbt_word_t handle, dbt_word_t *block_size,
			  dbt_word_t *block_count, void *bsd, dbt_word_t *bsd_len)
{
	struct blk_worker *w = ctx;
	struct io_media *m;
	int err = blk_handle_get(w->svc, badge, handle, &m);
	if (err)
		return err;
	*block_size = m->block_size;
	*block_count = m->block_count;
	*bsd_len = (dbt_word_t)snfmt(bsd, BLK_INFO_BSD_NAME_MAX, "%s", m->svc.name);
	blk_media_put(m);
	return BLK_OK;
}

static void worker_done(struct blk_request *r, int status)
{
	blk_wait_post(r->ctx, status);
}

/* Submit under the registry lock (the media may be terminating), then
 * sleep until the device is done; BLK_OK or an error. */
static int worker_io(struct blk_worker *w, struct io_media *m, enum blk_op op, uint64_t lba,
		     uint32_t count, void *va, uint64_t phys)
{
	struct blk_request r = {
		.op = op, .lba = lba, .nblocks = count, .va = va, .phys = phys,
		.done = worker_done, .ctx = w->wait,
	};
	iokitd_lock();
	int err = io_media_submit(m, &r);
	iokitd_unlock();
	return err ? err : blk_wait_sleep(w->wait);
}

/* The client's region [off, off + bytes), or NULL. */
static uint8_t *client_buffer(dbt_word_t badge, dbt_word_t off, uint64_t bytes)
{
	void *base;
	size_t size;
	if (urt_shm_lookup(badge, &base, &size) != URT_OK || off > size || bytes > size - off)
		return NULL;
	return (uint8_t *)base + off;
}

/* The physical address of the client's region at off when the next bytes
 * of it are physically contiguous, else 0. */
static uint64_t client_phys(dbt_word_t badge, dbt_word_t off, uint64_t bytes)
{
	uint64_t phys;
	size_t run;
	if (urt_shm_phys(badge, off / 4096, &phys, &run) != URT_OK)
		return 0;
	if (off % 4096 + bytes > (uint64_t)run * 4096)
		return 0;
	return phys + off % 4096;
}

static int rw_checked(struct blk_worker *w, struct io_media *m, enum blk_op op, dbt_word_t badge,
		      dbt_word_t lba, dbt_word_t count, dbt_word_t off)
{
	if (!count || count > max_blocks(m))
		return BLK_E_INVAL;
	uint64_t bytes = count * (uint64_t)m->block_size;
	uint8_t *buf = client_buffer(badge, off, bytes);
	if (!buf)
		return BLK_E_NOBUF;
	uint64_t phys = client_phys(badge, off, bytes);
	if (phys) {
		direct[w->svc - services]++;
		return worker_io(w, m, op, lba, (uint32_t)count, buf, phys);
	}
	if (!w->bounce && blk_dma_alloc(BLK_BOUNCE_BYTES, &w->bounce, &w->bounce_phys))
		return BLK_E_NOMEM;
	copied[w->svc - services]++;
	if (op == BLK_OP_WRITE)
		blk_copy(w->bounce, buf, bytes);
	int err = worker_io(w, m, op, lba, (uint32_t)count, w->bounce, w->bounce_phys);
	if (!err && op == BLK_OP_READ)
		blk_copy(buf, w->bounce, bytes);
	return err;
}

static dbt_word_t do_rw(struct blk_worker *w, enum blk_op op, dbt_word_t badge, dbt_word_t handle,
			dbt_word_t lba, dbt_word_t count, dbt_word_t off)
{
	struct io_media *m;
	int err = blk_handle_get(w->svc, badge, handle, &m);
	if (err)
		return err;
	err = rw_checked(w, m, op, badge, lba, count, off);
	blk_media_put(m);
	return (dbt_word_t)err;
}

static dbt_word_t op_read(void *ctx, dbt_word_t badge, dbt_word_t handle, dbt_word_t lba,
			  dbt_word_t count, dbt_word_t off)
{
	return do_rw(ctx, BLK_OP_READ, badge, handle, lba, count, off);
}

static dbt_word_t op_write(void *ctx, dbt_word_t badge, dbt_word_t handle, dbt_word_t lba,
			   dbt_word_t count, dbt_word_t off)
{
	return do_rw(ctx, BLK_OP_WRITE, badge, handle, lba, count, off);
}

static dbt_word_t op_flush(void *ctx, dbt_word_t badge, dbt_word_t handle)
{
	struct blk_worker *w = ctx;
	struct io_media *m;
	int err = blk_handle_get(w->svc, badge, handle, &m);
	if (err)
		return err;
	err = worker_io(w, m, BLK_OP_FLUSH, 0, 0, NULL, 0);
	blk_media_put(m);
	return (dbt_word_t)err;
}

static dbt_word_t op_stats(void *ctx, dbt_word_t badge, dbt_word_t *d, dbt_word_t *c)
{
	struct blk_worker *w = ctx;
	(void)badge;
	*d = direct[w->svc - services];
	*c = copied[w->svc - services];
	return BLK_OK;
}

static dbt_word_t op_fault(void *ctx, dbt_word_t badge, dbt_word_t handle)
{
	struct blk_worker *w = ctx;
	struct io_media *m;
	if (!faults_allowed)
		return BLK_E_UNSUPP;
	int err = blk_handle_get(w->svc, badge, handle, &m);
	if (err)
		return err;
	uprintf("iokitd: %s: a fault is injected into the driver of %s\n", iokitd_instance(),
		m->svc.name);
	m->dev->fault_armed = true;
	blk_media_put(m);
	return BLK_OK;
}

static const struct blk_ops blk_srv_ops = {
	.open = op_open, .close = op_close, .read = op_read, .write = op_write,
	.flush = op_flush, .info = op_info, .stats = op_stats, .fault = op_fault,
};

static void *worker_thread(void *arg)
{
	struct blk_worker *w = arg;
	blk_serve(&blk_srv_ops, w, w->svc->ep);
	uprintf("iokitd: %s: block service %s: endpoint failed\n", iokitd_instance(), w->svc->name);
	return NULL;
}

/* Parse "SERVICE:NAME[+NAME...]" into svc; false (with a line) if unusable. */
static bool service_parse(char *item, struct blk_service *svc)
{
	char *colon = strchr(item, ':');
	if (!colon || colon == item || (size_t)(colon - item) >= sizeof(svc->name)) {
		uprintf("iokitd: %s: block=%s: expected SERVICE:NAME[+NAME...]\n",
			iokitd_instance(), item);
		return false;
	}
	*colon = 0;
	strlcpy(svc->name, item, sizeof(svc->name));
	const struct dbt_env_entry *e = urt_env_find(svc->name);
	if (!e || e->kind != DBT_ENV_PROVIDES) {
		uprintf("iokitd: %s: block=%s: not a service this instance provides\n",
			iokitd_instance(), svc->name);
		return false;
	}
	svc->ep = (dbt_slot_t)e->slot;
	for (char *p = colon + 1; *p && svc->ngrants < BLK_MAX_GRANTS;) {
		char *plus = strchr(p, '+');
		size_t n = plus ? (size_t)(plus - p) : strlen(p);
		if (n && n < BLK_GRANT_LEN) {
			memcpy(svc->grants[svc->ngrants], p, n);
			svc->grants[svc->ngrants++][n] = 0;
		}
		p += n + (plus ? 1 : 0);
	}
	return svc->ngrants > 0;
}

static bool service_start(struct blk_service *svc)
{
	unsigned started = 0;
	for (unsigned i = 0; i < BLK_WORKERS; i++) {
		struct blk_worker *w = calloc(1, sizeof(*w));   /* lives as long as its thread */
		urt_thread_t *t;
		if (!w || !(w->wait = blk_wait_create())) {
			free(w);
			break;
		}
		w->svc = svc;
		if (urt_thread_create(&t, worker_thread, w, URT_PRIO_INHERIT) != URT_OK) {
			blk_wait_free(w->wait);
			free(w);
			break;
		}
		started++;
	}
	return started > 0;
}

unsigned blk_services_start(void)
{
	static _Atomic bool once;
	static char arg[200];
	if (atomic_exchange(&once, true) || !urt_env || !urt_arg("block", arg, sizeof(arg)))
		return 0;
	char yes[8];
	faults_allowed = urt_arg("faults", yes, sizeof(yes)) && !strcmp(yes, "yes");
	unsigned n = 0;
	for (char *p = arg; *p && n < BLK_MAX_SERVICES;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = 0;
		services[n] = (struct blk_service){ 0 };
		if (service_parse(p, &services[n]) && service_start(&services[n])) {
			uprintf("iokitd: %s: block service '%s' (%u grants)\n", iokitd_instance(),
				services[n].name, services[n].ngrants);
			n++;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	return n;
}

/* The storage stack's entry in the server's driver table: its personalities,
 * and the block services (their threads find media by name at open, so
 * they may start before any disk is published). */
static int storage_init(struct io_catalog *cat)
{
	int err = storage_add_personalities(cat);
	if (!err)
		blk_services_start();
	return err;
}

const struct iokitd_driver storage_driver = { .name = "storage", .init = storage_init };
