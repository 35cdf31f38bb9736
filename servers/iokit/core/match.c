/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/core/match.c - personalities, the catalog and the matching
 * algorithm (match.h).  The catalog registers one publish notifier on its
 * registry, so publishing a nub (io_service_register) matches it.
 */
#include "match.h"
#include "mem.h"

struct io_catalog {
	struct io_registry *reg;
	struct io_notifier *notifier;
	size_t count, cap;
	struct io_personality **p;      /* each one owned reference, catalog order */
};

/* A driver instance being matched; holds a local reference to drv. */
struct candidate {
	struct io_personality *p;
	struct io_service *drv;
	int score;
};

static void personality_finalize(struct io_object *o)
{
	struct io_personality *p = (struct io_personality *)o;
	io_release(p->name_match);
	io_release(p->property_match);
}

const struct io_class IOPersonality_class = {
	.name = "IOPersonality",
	.super = &IOObject_class,
	.size = sizeof(struct io_personality),
	.finalize = personality_finalize,
};

/* ---- personalities ---------------------------------------------------------- */

static bool short_string(const char *s)
{
	return s && *s && strlen(s) < IO_NAME_MAX;
}

static bool desc_valid(const struct io_personality_desc *d)
{
	if (!d || !short_string(d->name) || !io_class_is_a(d->driver_class, &IOService_class))
		return false;
	if (d->provider_class && !io_class_is_a(d->provider_class, &IOService_class))
		return false;
	if (d->category && !short_string(d->category))
		return false;
	if (d->property_match && !io_instance_of(d->property_match, &IODictionary_class))
		return false;
	for (int i = 0; i < IO_NAME_MATCH_MAX && d->name_match[i]; i++)
		if (!short_string(d->name_match[i]))
			return false;
	return true;
}

static struct io_array *copy_names(const struct io_personality_desc *d)
{
	struct io_array *a = io_array_create();
	for (int i = 0; a && i < IO_NAME_MATCH_MAX && d->name_match[i]; i++) {
		struct io_string *s = io_string_create(d->name_match[i]);
		int r = s ? io_array_append(a, s) : IO_ENOMEM;
		io_release(s);
		if (r) {
			io_release(a);
			a = NULL;
		}
	}
	return a;
}

static struct io_personality *personality_create(const struct io_personality_desc *d)
{
	struct io_personality *p = io_object_alloc(&IOPersonality_class);
	if (!p)
		return NULL;
	const char *cat = d->category ? d->category : IO_DEFAULT_CATEGORY;
	memcpy(p->name, d->name, strlen(d->name) + 1);
	memcpy(p->category, cat, strlen(cat) + 1);
	p->driver_class = d->driver_class;
	p->provider_class = d->provider_class ? d->provider_class : &IOService_class;
	p->pci_vendor = d->pci_vendor;
	p->pci_device = d->pci_device;
	p->pci_class = d->pci_class;
	p->score = d->score;
	p->name_match = d->name_match[0] ? copy_names(d) : NULL;
	p->property_match = d->property_match ? io_value_copy(d->property_match) : NULL;
	if ((d->name_match[0] && !p->name_match) || (d->property_match && !p->property_match)) {
		io_release(p);
		return NULL;
	}
	return p;
}

static bool names_contain(const struct io_array *names, const char *s)
{
	for (size_t i = 0; i < io_array_count(names); i++)
		if (!strcmp(io_string_cstr(io_array_get(names, i)), s))
			return true;
	return false;
}

/* The nub's name or one of its "compatible" strings is in the list. */
static bool name_matches(const struct io_array *names, const struct io_service *nub)
{
	if (names_contain(names, nub->name))
		return true;
	void *compat = io_service_property(nub, "compatible");
	if (io_instance_of(compat, &IOString_class))
		return names_contain(names, io_string_cstr(compat));
	for (size_t i = 0; i < io_array_count(compat); i++) {
		const char *s = io_string_cstr(io_cast(io_array_get(compat, i), &IOString_class));
		if (s && names_contain(names, s))
			return true;
	}
	return false;
}

static bool mask_matches(const struct io_service *nub, const char *key, struct io_mask_match m)
{
	uint64_t v;
	if (!m.mask)
		return true;
	if (!io_dict_get_number(nub->props, key, &v) || v > UINT32_MAX)
		return false;
	return ((uint32_t)v & m.mask) == (m.value & m.mask);
}

bool io_personality_matches(const struct io_personality *p, const struct io_service *nub)
{
	if (!io_instance_of(p, &IOPersonality_class) || !io_instance_of(nub, p->provider_class))
		return false;
	if (p->name_match && !name_matches(p->name_match, nub))
		return false;
	if (p->property_match && !io_dict_is_subset(p->property_match, nub->props))
		return false;
	return mask_matches(nub, "vendor-id", p->pci_vendor) &&
	       mask_matches(nub, "device-id", p->pci_device) &&
	       mask_matches(nub, "class-code", p->pci_class);
}

/* ---- the catalog ------------------------------------------------------------- */

static void catalog_published(struct io_service *svc, enum io_notify_kind kind, void *ctx)
{
	(void)kind;
	io_match_service(ctx, svc);
}

struct io_catalog *io_catalog_create(struct io_registry *reg)
{
	if (!reg)
		return NULL;
	struct io_catalog *cat = iok_alloc(sizeof(*cat));
	if (!cat)
		return NULL;
	cat->reg = reg;
	cat->notifier = io_registry_add_notifier(reg, IO_NOTIFY_PUBLISH, &IOService_class, NULL,
						 catalog_published, cat);
	if (!cat->notifier) {
		iok_free(cat);
		return NULL;
	}
	return cat;
}

void io_catalog_destroy(struct io_catalog *cat)
{
	if (!cat)
		return;
	io_notifier_remove(cat->notifier);
	for (size_t i = 0; i < cat->count; i++)
		io_release(cat->p[i]);
	iok_free(cat->p);
	iok_free(cat);
}

int io_catalog_add(struct io_catalog *cat, const struct io_personality_desc *desc)
{
	if (!cat || !desc_valid(desc))
		return IO_EINVAL;
	if (cat->count == cat->cap) {
		size_t ncap = cat->cap ? cat->cap * 2 : 8;
		void *n = iok_realloc(cat->p, ncap * sizeof(*cat->p));
		if (!n)
			return IO_ENOMEM;
		cat->p = n;
		cat->cap = ncap;
	}
	struct io_personality *p = personality_create(desc);
	if (!p)
		return IO_ENOMEM;
	cat->p[cat->count++] = p;
	return IO_OK;
}

int io_catalog_remove_driver(struct io_catalog *cat, const struct io_class *driver_class)
{
	if (!cat)
		return IO_EINVAL;
	size_t kept = 0;
	int removed = 0;
	for (size_t i = 0; i < cat->count; i++) {
		if (cat->p[i]->driver_class == driver_class) {
			io_release(cat->p[i]);
			removed++;
		} else {
			cat->p[kept++] = cat->p[i];
		}
	}
	cat->count = kept;
	return removed;
}

size_t io_catalog_count(const struct io_catalog *cat)
{
	return cat ? cat->count : 0;
}

/* ---- matching ------------------------------------------------------------------ */

/* Whether a started client of nub belongs to category. */
static bool category_taken(const struct io_service *nub, const char *category)
{
	io_service_foreach_client(c, nub)
		if (c->state == IO_SVC_STARTED && c->personality &&
		    !strcmp(c->personality->category, category))
			return true;
	return false;
}

/* A driver instance for p with the personality's keys as properties, or NULL. */
static struct io_service *instantiate(struct io_personality *p)
{
	const char *name = io_name_valid(p->driver_class->name, false) ?
			   p->driver_class->name : p->name;
	struct io_service *drv = io_service_create(p->driver_class, name, NULL);
	if (!drv)
		return NULL;
	if (io_dict_set_string(drv->props, "IOClass", p->driver_class->name) ||
	    io_dict_set_string(drv->props, "IOProviderClass", p->provider_class->name) ||
	    io_dict_set_string(drv->props, "IOMatchCategory", p->category) ||
	    io_dict_set_string(drv->props, "IOPersonality", p->name) ||
	    io_dict_set_number(drv->props, "IOProbeScore", (uint64_t)(int64_t)p->score)) {
		io_release(drv);
		return NULL;
	}
	drv->personality = io_retain(p);
	return drv;
}

/* Attaches and probes a driver for p; true (and *c filled) if it stays. */
static bool probe_candidate(struct io_service *nub, struct io_personality *p, struct candidate *c)
{
	struct io_service *drv = instantiate(p);
	if (!drv)
		return false;
	if (io_service_attach(nub, drv)) {
		io_release(drv);
		return false;
	}
	int score = p->score;
	if (io_service_probe(drv, nub, &score) != IO_OK || drv->provider != nub) {
		io_service_terminate(drv);
		io_release(drv);
		return false;
	}
	*c = (struct candidate){ p, drv, score };
	return true;
}

/* Stable: candidates of equal score keep catalog order. */
static void sort_candidates(struct candidate *c, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct candidate x = c[i];
		size_t j = i;
		for (; j > 0 && c[j - 1].score < x.score; j--)
			c[j] = c[j - 1];
		c[j] = x;
	}
}

/* Starts c's driver unless its category is taken; losers are terminated. */
static bool start_candidate(struct io_service *nub, struct candidate *c)
{
	bool ok = false;
	if (c->drv->provider == nub && !nub->terminating) {
		if (!category_taken(nub, c->p->category) &&
		    io_service_start(c->drv, nub) == IO_OK && c->drv->provider == nub) {
			c->drv->state = IO_SVC_STARTED;
			io_dict_set_number(c->drv->props, "IOProbeScore", (uint64_t)(int64_t)c->score);
			ok = true;
		} else if (c->drv->provider == nub) {
			io_service_terminate(c->drv);
		}
	}
	io_release(c->drv);
	return ok;
}

int io_match_service(struct io_catalog *cat, struct io_service *nub)
{
	if (!cat || !io_instance_of(nub, &IOService_class))
		return IO_EINVAL;
	if (nub->reg != cat->reg || !nub->published || nub->terminating)
		return IO_ESTATE;
	if (!cat->count)
		return 0;
	struct candidate *c = iok_alloc(cat->count * sizeof(*c));
	if (!c)
		return IO_ENOMEM;
	size_t n = 0, total = cat->count;
	struct io_personality **snap = iok_alloc(total * sizeof(*snap));
	if (!snap) {
		iok_free(c);
		return IO_ENOMEM;
	}
	for (size_t i = 0; i < total; i++)     /* probe may change the catalog */
		snap[i] = io_retain(cat->p[i]);
	io_retain(nub);
	for (size_t i = 0; i < total && !nub->terminating; i++)
		if (io_personality_matches(snap[i], nub) &&
		    !category_taken(nub, snap[i]->category) &&
		    probe_candidate(nub, snap[i], &c[n]))
			n++;
	sort_candidates(c, n);
	int started = 0;
	for (size_t i = 0; i < n; i++)
		started += start_candidate(nub, &c[i]);
	io_release(nub);
	for (size_t i = 0; i < total; i++)
		io_release(snap[i]);
	iok_free(snap);
	iok_free(c);
	return started;
}

struct collect_ctx {
	struct io_service **v;
	size_t n, cap;
	bool oom;
};

static int collect_published(struct io_service *svc, unsigned depth, void *ctx)
{
	struct collect_ctx *cc = ctx;
	(void)depth;
	if (!svc->published)
		return 0;
	if (cc->n == cc->cap) {
		size_t ncap = cc->cap ? cc->cap * 2 : 16;
		void *v = iok_realloc(cc->v, ncap * sizeof(*cc->v));
		if (!v) {
			cc->oom = true;
			return 1;
		}
		cc->v = v;
		cc->cap = ncap;
	}
	cc->v[cc->n++] = io_retain(svc);
	return 0;
}

int io_catalog_rematch(struct io_catalog *cat)
{
	if (!cat)
		return IO_EINVAL;
	struct collect_ctx cc = { 0 };
	io_registry_iterate(io_registry_root(cat->reg), collect_published, &cc);
	int started = 0;
	for (size_t i = 0; i < cc.n; i++) {
		if (!cc.oom && cc.v[i]->reg == cat->reg && !cc.v[i]->terminating) {
			int r = io_match_service(cat, cc.v[i]);
			started += r > 0 ? r : 0;
		}
		io_release(cc.v[i]);
	}
	iok_free(cc.v);
	return cc.oom ? IO_ENOMEM : started;
}
