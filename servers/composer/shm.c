/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * shm.c - shared-memory regions between a client and the provider of one
 * of its routes (composer.share / composer.shared, compproto.idl).
 *
 * A region is a set of frames owned by SHM_OWNER(region), counted against
 * the client's memory budget, and placed in both components' windows at
 * DBT_ENV_SHM_BASE (each window is a bump allocator reset per generation,
 * so an address is never reused within one).  The pager maps a region's
 * pages on fault in either component, read-write.  When either side dies
 * or stops, shm_release revokes every mapping derived from the composer's
 * view of each frame (both sides lose it) before the frames are freed.
 * A page of a released region (or a guard page) that the survivor touches
 * afterwards is its own "void" frame, so a provider serving a client that
 * dies meanwhile reads garbage instead of dying or seeing reused memory.
 *
 * A provider given a region's physical addresses (shm_shared_phys) may have
 * a device transferring into it when the client dies; no CPU mapping stops
 * that.  So such a region's frames are parked with the provider
 * (QUAR_OWNER) until it dies or stops, when the composer has turned its
 * devices' bus mastering off (pci_quiesce).  At most SHM_EXPOSED_MAX_PAGES
 * per provider are exposed so: beyond that shm_shared_phys says BUSY and
 * the provider copies through its own DMA memory instead.
 */
#include "composer.h"

struct shm_region {
	bool used;
	unsigned client, provider;      /* component ids */
	bool phys_given;                /* the provider knows its frames */
	dbt_word_t client_va, provider_va;
	dbt_word_t pages;
	dbt_word_t frame[DBT_COMP_SHM_MAX_PAGES];
};

static struct shm_region regions[SHM_MAX_REGIONS];

void shm_reset(struct component *c)
{
	c->shm_next = DBT_ENV_SHM_BASE;
	c->void_frame = 0;
}

static bool window_has_room(const struct component *c, dbt_word_t pages)
{
	return c->shm_next + (pages + 1) * PAGE_SIZE <= DBT_ENV_SHM_BASE + DBT_ENV_SHM_SIZE;
}

/* The route of c called name (route_len bytes, not NUL-terminated), or NULL. */
static const struct comp_route *route_find(struct component *c, const char *name, dbt_word_t len)
{
	const struct comp_component *d = c->desc;
	for (unsigned i = 0; i < d->nuses; i++)
		if (strlen(d->uses[i].local) == len && !memcmp(d->uses[i].local, name, len))
			return &d->uses[i];
	return NULL;
}

static int region_between(unsigned client, unsigned provider)
{
	for (int i = 0; i < SHM_MAX_REGIONS; i++)
		if (regions[i].used && regions[i].client == client && regions[i].provider == provider)
			return i;
	return -1;
}

static int region_free_slot(void)
{
	for (int i = 0; i < SHM_MAX_REGIONS; i++)
		if (!regions[i].used)
			return i;
	return -1;
}

/* Decode: every check before anything changes; *slot the region to use. */
static dbt_word_t share_check(struct component *c, const struct comp_route *r, dbt_word_t pages,
                              int *slot)
{
	if (!r || r->to < 0)
		return DBT_COMP_E_NO_ROUTE;
	struct component *p = &components[r->to];
	if (pages == 0 || pages > DBT_COMP_SHM_MAX_PAGES)
		return DBT_COMP_E_PAGES;
	if (pages > c->max_pages - MIN_U(c->pages, c->max_pages))
		return DBT_COMP_E_BUDGET;
	if (p->state != CS_RUNNING)
		return DBT_COMP_E_DOWN;
	if (p == c || region_between(c->id, p->id) >= 0 || !window_has_room(c, pages) ||
	    !window_has_room(p, pages) || (*slot = region_free_slot()) < 0)
		return DBT_COMP_E_BUSY;
	return DBT_OK;
}

dbt_word_t shm_share(struct component *c, const void *route, dbt_word_t route_len,
                     dbt_word_t pages, dbt_word_t *addr, dbt_word_t *id)
{
	const struct comp_route *r = route_find(c, route, route_len);
	int slot = -1;
	dbt_word_t err = share_check(c, r, pages, &slot);
	if (err)
		return err;
	struct shm_region *g = &regions[slot];
	/* One physically contiguous run if the pool has one, so a provider
	 * can have a device transfer straight into it (shm_shared_phys). */
	dbt_word_t run = frames_alloc_contig(SHM_OWNER((unsigned)slot), pages);
	for (dbt_word_t i = 0; i < pages; i++) {
		g->frame[i] = run ? run + i * PAGE_SIZE : frame_alloc(SHM_OWNER((unsigned)slot));
		if (!g->frame[i]) {
			frames_release(SHM_OWNER((unsigned)slot));     /* never mapped yet */
			return DBT_COMP_E_BUDGET;
		}
	}
	struct component *p = &components[r->to];
	g->used = true;
	g->phys_given = false;
	g->client = c->id;
	g->provider = p->id;
	g->pages = pages;
	g->client_va = c->shm_next;
	g->provider_va = p->shm_next;
	c->shm_next += (pages + 1) * PAGE_SIZE;      /* and a guard page */
	p->shm_next += (pages + 1) * PAGE_SIZE;
	c->pages += pages;
	*addr = g->client_va;
	*id = (dbt_word_t)slot;
	component_logf(c, "shares %lu pages with %s (region %d)", pages, p->desc->name, slot);
	return DBT_OK;
}

dbt_word_t shm_shared(struct component *c, dbt_word_t client_badge, dbt_word_t *addr,
                      dbt_word_t *size)
{
	if (client_badge == 0 || client_badge > ncomponents)
		return DBT_COMP_E_NO_REGION;
	int i = region_between((unsigned)(client_badge - 1), c->id);
	if (i < 0)
		return DBT_COMP_E_NO_REGION;
	*addr = regions[i].provider_va;
	*size = regions[i].pages * PAGE_SIZE;
	return DBT_OK;
}

dbt_word_t shm_shared_phys(struct component *c, dbt_word_t client_badge, dbt_word_t page,
                           dbt_word_t *phys, dbt_word_t *run)
{
	if (client_badge == 0 || client_badge > ncomponents)
		return DBT_COMP_E_NO_REGION;
	int i = region_between((unsigned)(client_badge - 1), c->id);
	if (i < 0)
		return DBT_COMP_E_NO_REGION;
	struct shm_region *g = &regions[i];
	if (page >= g->pages)
		return DBT_COMP_E_PAGES;
	if (!g->phys_given) {
		if (c->dma_exposed + g->pages > SHM_EXPOSED_MAX_PAGES)
			return DBT_COMP_E_BUSY;
		g->phys_given = true;
		c->dma_exposed += g->pages;
	}
	dbt_word_t n = 1;
	while (page + n < g->pages && g->frame[page + n] == g->frame[page] + n * PAGE_SIZE)
		n++;
	*phys = g->frame[page];
	*run = n;
	return DBT_OK;
}

dbt_word_t shm_frame(struct component *c, dbt_word_t va)
{
	if (va < DBT_ENV_SHM_BASE || va >= c->shm_next)
		return 0;
	for (unsigned i = 0; i < SHM_MAX_REGIONS; i++) {
		const struct shm_region *g = &regions[i];
		dbt_word_t base = 0;
		if (g->used && g->client == c->id)
			base = g->client_va;
		else if (g->used && g->provider == c->id)
			base = g->provider_va;
		if (base && va >= base && va < base + g->pages * PAGE_SIZE)
			return g->frame[(va - base) / PAGE_SIZE];
	}
	/* released, or a guard page: its own void frame (one, outside its budget) */
	if (!c->void_frame)
		c->void_frame = frame_alloc(c->id);
	return c->void_frame;
}

/* Revoke both sides' mappings of region i, then free its frames, or park
 * them with the provider when it may have transfers into them in flight. */
static void region_release(unsigned i, unsigned dying)
{
	struct shm_region *g = &regions[i];
	struct component *client = &components[g->client], *provider = &components[g->provider];
	for (dbt_word_t k = 0; k < g->pages; k++) {
		dbt_word_t err = dbt_unmap(DBT_FPAGE((dbt_word_t)frame_ptr(g->frame[k]), PAGE_SHIFT, DBT_RWX), 0);
		if (err)
			uprintf("composer: cannot revoke a shared page: error %lu\n", err);
	}
	if (g->phys_given && dying == g->client) {
		frames_move(SHM_OWNER(i), QUAR_OWNER(g->provider));
		component_logf(provider, "keeps the %lu pages of region %u until it stops "
		               "(its devices may still transfer into them)", g->pages, i);
	} else {
		frames_release(SHM_OWNER(i));
		if (g->phys_given)
			provider->dma_exposed -= MIN_U(provider->dma_exposed, g->pages);
	}
	client->pages -= MIN_U(client->pages, g->pages);
	component_logf(client, "region %u with %s released", i, provider->desc->name);
	g->used = false;
}

void shm_release(struct component *c)
{
	for (unsigned i = 0; i < SHM_MAX_REGIONS; i++)
		if (regions[i].used && (regions[i].client == c->id || regions[i].provider == c->id))
			region_release(i, c->id);
	/* its devices are quiet now (pci_quiesce): the parked frames go back */
	frames_release(QUAR_OWNER(c->id));
	c->dma_exposed = 0;
}
