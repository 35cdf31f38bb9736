/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * block_open.c (iokit/drivers) - what a block client may open and the
 * handles it holds (block_srv.h).
 *
 * Grants: a service's list of BSD names; a media is granted when it or a
 * media it sits on (its whole disk) is in the list.  Names that do not
 * resolve and media that are not granted give the same error (BLK_E_NODEV),
 * so a client cannot learn about devices it was not given.
 *
 * Handles: one table per instance, guarded by the registry lock.  A handle
 * is (instance tag << 40 | sequence << 8 | index): the tag is the
 * instance's generation + 1, so a handle from before a restart is told
 * apart (BLK_E_GONE) from one that never existed (BLK_E_HANDLE); the
 * sequence number makes a closed slot's old handle invalid; and the
 * opener's badge and service must match.
 */
#include "urt.h"
#include "block_srv.h"

struct blk_handle {
	bool used;
	uint32_t seq;
	dbt_word_t badge;
	const struct blk_service *svc;
	struct io_media *media;         /* owned reference */
};

static struct blk_handle handles[BLK_MAX_HANDLES];      /* registry lock */
static uint32_t handle_seq;

static uint64_t instance_tag(void)
{
	return ((urt_env ? urt_env->generation : 0) & 0xffff) + 1;
}

static bool granted(const struct blk_service *svc, const struct io_media *m)
{
	for (const struct io_service *s = &m->svc; s; s = io_service_provider(s)) {
		const struct io_media *up = io_cast(s, &IOMedia_class);
		const char *bsd = up ? io_dict_get_string(up->svc.props, "bsd-name") : NULL;
		for (unsigned i = 0; bsd && i < svc->ngrants; i++)
			if (!strcmp(svc->grants[i], bsd))
				return true;
	}
	return false;
}

struct media_find {
	const struct blk_service *svc;
	const char *key, *value;        /* key NULL: value is a BSD name */
	struct io_media *found;
};

static bool prop_equals(const struct io_media *m, const char *key, const char *value)
{
	const char *s = io_dict_get_string(m->svc.props, key);
	uint64_t n;
	char num[24];
	if (s)
		return !strcmp(s, value);
	if (!io_dict_get_number(m->svc.props, key, &n))
		return false;
	snfmt(num, sizeof(num), "%lu", (unsigned long)n);
	return !strcmp(num, value);
}

static int find_visit(struct io_service *s, unsigned depth, void *ctx)
{
	struct media_find *f = ctx;
	struct io_media *m = io_cast(s, &IOMedia_class);
	(void)depth;
	if (!m || !granted(f->svc, m))
		return 0;
	if (f->key ? prop_equals(m, f->key, f->value) : !strcmp(m->svc.name, f->value)) {
		f->found = m;
		return 1;
	}
	return 0;
}

/* The granted media `name` names, or NULL; lock held. */
static struct io_media *resolve(const struct blk_service *svc, char *name)
{
	struct io_registry *reg = iokitd_registry();
	if (name[0] == '/') {
		struct io_media *m = io_cast(io_registry_lookup(reg, name), &IOMedia_class);
		return m && granted(svc, m) ? m : NULL;
	}
	struct media_find f = { .svc = svc, .value = name };
	char *eq = strchr(name, '=');
	if (eq) {
		*eq = 0;
		f.key = name;
		f.value = eq + 1;
	}
	io_registry_iterate(io_registry_root(reg), find_visit, &f);
	return f.found;
}

int blk_handle_open(const struct blk_service *svc, dbt_word_t badge, char *name,
		    dbt_word_t *handle, struct io_media **media)
{
	iokitd_lock();
	struct io_media *m = resolve(svc, name);
	int err = !m ? BLK_E_NODEV : !io_media_alive(m) ? BLK_E_GONE : BLK_E_BUSY;
	for (unsigned i = 0; m && err == BLK_E_BUSY && i < BLK_MAX_HANDLES; i++) {
		struct blk_handle *h = &handles[i];
		if (h->used)
			continue;
		*h = (struct blk_handle){ true, ++handle_seq & 0xffffffffu, badge, svc, io_retain(m) };
		*handle = instance_tag() << 40 | (uint64_t)h->seq << 8 | i;
		*media = io_retain(m);          /* the caller's, for the reply */
		err = BLK_OK;
	}
	iokitd_unlock();
	return err;
}

/* The slot of handle for this client, or NULL with *err; lock held. */
static struct blk_handle *handle_find(const struct blk_service *svc, dbt_word_t badge,
				      dbt_word_t handle, int *err)
{
	unsigned i = handle & 0xff;
	uint32_t seq = (uint32_t)(handle >> 8);
	*err = BLK_E_HANDLE;
	if (handle >> 40 != instance_tag())
		*err = handle >> 40 && handle >> 40 <= 0x10000 ? BLK_E_GONE : BLK_E_HANDLE;
	else if (i < BLK_MAX_HANDLES && handles[i].used && handles[i].seq == seq &&
		 handles[i].badge == badge && handles[i].svc == svc)
		return &handles[i];
	return NULL;
}

int blk_handle_get(const struct blk_service *svc, dbt_word_t badge, dbt_word_t handle,
		   struct io_media **media)
{
	int err;
	iokitd_lock();
	struct blk_handle *h = handle_find(svc, badge, handle, &err);
	if (h) {
		err = io_media_alive(h->media) ? BLK_OK : BLK_E_GONE;
		*media = err ? NULL : io_retain(h->media);
	}
	iokitd_unlock();
	return err;
}

int blk_handle_close(const struct blk_service *svc, dbt_word_t badge, dbt_word_t handle)
{
	int err;
	iokitd_lock();
	struct blk_handle *h = handle_find(svc, badge, handle, &err);
	if (h) {
		io_release(h->media);
		*h = (struct blk_handle){ 0 };
		err = BLK_OK;
	}
	iokitd_unlock();
	return err;
}

void blk_media_put(struct io_media *m)
{
	iokitd_lock();
	io_release(m);
	iokitd_unlock();
}
