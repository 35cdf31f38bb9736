/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * moddrv.c - drivers defined by binary driver modules (moddrv.h): the
 * IOModuleDriver class, one class per module personality, the match
 * string translation and the registration of a module's personalities.
 *
 * A module personality becomes a struct moddrv_class: an io_class named
 * after the manifest's driver_class, subclass of IOModuleDriver, carrying
 * a copy of the module's ops and the module.  The class record is
 * reference counted: one reference while registered, one per counted
 * driver instance, because an instance's class pointer must stay valid
 * until the instance is freed, which may be after the unregistration.
 * Instances are counted (and retain the module) from their first probe:
 * the matching code creates them without a constructor hook, and an
 * instance is always probed before it can run module code.
 *
 * Every function runs with the server's registry lock held (iokit/driver.h).
 */
#include "moddrv.h"
#include "iokit/core/mem.h"
#include "num.h"
#include "iokit/glue/glue_abi.h"
#include "fmt.h"
#include "util.h"

struct moddrv_class {
	struct io_class cls;            /* cls.name = name */
	char name[KMOD_NAME_MAX];
	struct iokit_driver_ops ops;    /* the module's, copied */
	struct kmod *mod;               /* not retained by the record itself */
	unsigned personality;           /* index in the manifest */
	/* the catalog personality, its match string parsed once; the record
	 * owns desc.property_match, desc.name_match points into names */
	struct io_personality_desc desc;
	struct moddrv_names names;
	unsigned refs;                  /* registration + counted instances */
	bool registered;
	struct urt_list instances;      /* counted, not yet freed */
	struct urt_link link;           /* on moddrv_classes from registration until freed */
};

struct moddrv_instance {
	struct io_service svc;
	struct moddrv_class *mc;        /* set when counted (first probe) */
	struct urt_link link;           /* on mc->instances once counted */
	bool unregistering;             /* moddrv_unregister terminated it */
};

static struct urt_list moddrv_classes;  /* every live record registered once */
static char moddrv_err[MODDRV_ERROR_MAX];

const char *moddrv_error(void)
{
	return moddrv_err;
}

static int fail(int err, const struct kmod *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records why a call failed and logs it; returns err. */
static int fail(int err, const struct kmod *m, const char *fmt, ...)
{
	va_list ap;
	int n = snfmt(moddrv_err, sizeof(moddrv_err), "moddrv: %s: ",
		      m ? m->manifest->name : "?");

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof(moddrv_err))
		vsnfmt(moddrv_err + n, sizeof(moddrv_err) - n, fmt, ap);
	va_end(ap);
	iokit_log(moddrv_err);
	return err;
}

/* ---- the record of a class ---- */

static struct moddrv_class *record_of(const struct io_class *cls)
{
	urt_list_foreach(mc, &moddrv_classes, struct moddrv_class, link)
		if (&mc->cls == cls)
			return mc;
	return NULL;
}

static void record_free(struct moddrv_class *mc)
{
	io_release((struct io_dict *)mc->desc.property_match);
	iok_free(mc);
}

/* Drops a reference to a registered record (on moddrv_classes). */
static void record_put(struct moddrv_class *mc)
{
	if (--mc->refs)
		return;
	urt_list_remove(&moddrv_classes, &mc->link);
	record_free(mc);
}

/* ---- IOModuleDriver: dispatch to the module's ops ---- */

static struct moddrv_instance *instance_of(struct io_service *svc)
{
	return (struct moddrv_instance *)svc;
}

/* The record of self's class, counting self on its first call. */
static struct moddrv_class *moddrv_count(struct io_service *self)
{
	struct moddrv_instance *in = instance_of(self);
	struct moddrv_class *mc;

	if (in->mc)
		return in->mc;
	if (!(mc = record_of(self->obj.cls)))
		return NULL;
	in->mc = mc;
	mc->refs++;
	kmod_retain(mc->mod);
	urt_list_push_front(&mc->instances, &in->link);
	return mc;
}

static int moddrv_probe(struct io_service *self, struct io_service *nub, int *score)
{
	struct moddrv_class *mc = moddrv_count(self);

	if (!mc)
		return IO_EINVAL;
	if (!mc->ops.probe)
		return IO_OK;
	return mc->ops.probe((iokit_service_t *)nub, score) == IOKIT_OK ? IO_OK : IO_ENODEV;
}

static int moddrv_start(struct io_service *self, struct io_service *nub)
{
	struct moddrv_class *mc = moddrv_count(self);
	int r;

	if (!mc)
		return IO_EINVAL;
	if (!mc->ops.start)
		return IO_OK;
	r = mc->ops.start((iokit_service_t *)self, (iokit_service_t *)nub);
	if (r == IOKIT_OK)
		return IO_OK;
	fail(IO_ENODEV, mc->mod, "%s: start on %s failed: error %d", mc->name, nub->name, r);
	return IO_ENODEV;
}

static void moddrv_stop(struct io_service *self, struct io_service *nub)
{
	struct moddrv_class *mc = instance_of(self)->mc;

	if (mc && mc->ops.stop)
		mc->ops.stop((iokit_service_t *)self, (iokit_service_t *)nub);
}

/* The class chain walk in io_release has moved past the record when this
 * runs (IOModuleDriver is the record's superclass), so freeing it is safe. */
static void moddrv_finalize(struct io_object *o)
{
	struct moddrv_instance *in = (struct moddrv_instance *)o;
	struct moddrv_class *mc = in->mc;

	if (!mc)
		return;
	urt_list_remove(&mc->instances, &in->link);
	kmod_release(mc->mod);
	record_put(mc);
}

static const struct io_service_methods moddrv_methods = {
	.probe = moddrv_probe,
	.start = moddrv_start,
	.stop = moddrv_stop,
};

const struct io_class IOModuleDriver_class = {
	.name = "IOModuleDriver",
	.super = &IOService_class,
	.size = sizeof(struct moddrv_instance),
	.finalize = moddrv_finalize,
	.methods = &moddrv_methods,
};

unsigned moddrv_instances(const struct kmod *m)
{
	unsigned n = 0;

	urt_list_foreach(mc, &moddrv_classes, struct moddrv_class, link)
		if (mc->mod == m)
			urt_list_foreach(in, &mc->instances, struct moddrv_instance, link)
				n++;
	return n;
}

/* ---- the match string ---- */

/* Decimal, or hex after 0x; the whole of s, without overflow. */
static bool parse_number(const char *s, size_t len, uint64_t *out)
{
	return num_parse_u64(s, len, out) == NUM_OK;
}

static struct io_mask_match *pci_field(struct io_personality_desc *d, const char *key)
{
	if (!strcmp(key, "vendor-id") || !strcmp(key, "vendor"))
		return &d->pci_vendor;
	if (!strcmp(key, "device-id") || !strcmp(key, "device"))
		return &d->pci_device;
	if (!strcmp(key, "class-code") || !strcmp(key, "class"))
		return &d->pci_class;
	return NULL;
}

struct match_ctx {
	struct io_personality_desc *desc;
	struct moddrv_names *names;
	size_t names_used, nnames;
	char *err;
	size_t errlen;
};

static int match_err(struct match_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int match_err(struct match_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (c->errlen)
		vsnfmt(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return IO_EINVAL;
}

static int match_oom(struct match_ctx *c)
{
	match_err(c, "out of memory");
	return IO_ENOMEM;
}

static int match_name(struct match_ctx *c, const char *val)
{
	size_t n = strlen(val);

	if (c->nnames == IO_NAME_MATCH_MAX)
		return match_err(c, "more than %d names", IO_NAME_MATCH_MAX);
	if (n >= IO_NAME_MAX)
		return match_err(c, "name '%s' too long", val);
	char *dst = c->names->buf + c->names_used;
	memcpy(dst, val, n + 1);
	c->names_used += n + 1;
	c->desc->name_match[c->nnames++] = dst;
	return IO_OK;
}

static int match_pci(struct match_ctx *c, struct io_mask_match *f, const char *key,
		     const char *val)
{
	const char *amp = val;
	uint64_t v, mask = UINT32_MAX;

	while (*amp && *amp != '&')
		amp++;
	if (f->mask)
		return match_err(c, "duplicate key '%s'", key);
	if (!parse_number(val, amp - val, &v) || (*amp && !parse_number(amp + 1, strlen(amp + 1), &mask)))
		return match_err(c, "bad number '%s' for '%s'", val, key);
	if (v > UINT32_MAX || !mask || mask > UINT32_MAX)
		return match_err(c, "'%s' for '%s' out of range", val, key);
	*f = (struct io_mask_match){ (uint32_t)v, (uint32_t)mask };
	return IO_OK;
}

static int match_property(struct match_ctx *c, const char *key, const char *val)
{
	struct io_personality_desc *d = c->desc;
	size_t n = strlen(val);
	uint64_t v;
	int r;

	if (strlen(key) >= IO_NAME_MAX)
		return match_err(c, "key '%s' too long", key);
	if (!d->property_match && !(d->property_match = io_dict_create()))
		return match_oom(c);
	if (io_dict_get(d->property_match, key))
		return match_err(c, "duplicate key '%s'", key);
	if (n >= 2 && val[0] == '"' && val[n - 1] == '"') {
		char s[KMOD_MATCH_MAX];
		memcpy(s, val + 1, n - 2);
		s[n - 2] = 0;
		r = io_dict_set_string((struct io_dict *)d->property_match, key, s);
	} else if (val[0] == '"' || val[n - 1] == '"') {
		return match_err(c, "unbalanced quote in '%s'", val);
	} else if (parse_number(val, n, &v)) {
		r = io_dict_set_number((struct io_dict *)d->property_match, key, v);
	} else {
		r = io_dict_set_string((struct io_dict *)d->property_match, key, val);
	}
	return r ? match_oom(c) : IO_OK;
}

/* One "key=value" word, NUL-terminated in place. */
static int match_word(struct match_ctx *c, char *word)
{
	char *eq = word;
	struct io_mask_match *pci;

	while (*eq && *eq != '=')
		eq++;
	if (!*eq)
		return match_err(c, "'%s' is not key=value", word);
	if (eq == word)
		return match_err(c, "empty key in '%s'", word);
	*eq = 0;
	if (!eq[1])
		return match_err(c, "no value for '%s'", word);
	if (!strcmp(word, "name") || !strcmp(word, "compatible"))
		return match_name(c, eq + 1);
	if ((pci = pci_field(c->desc, word)))
		return match_pci(c, pci, word, eq + 1);
	return match_property(c, word, eq + 1);
}

int moddrv_match_parse(const char *match, struct io_personality_desc *desc,
		       struct moddrv_names *names, char *err, size_t errlen)
{
	struct match_ctx c = { desc, names, 0, 0, err, errlen };
	char buf[KMOD_MATCH_MAX];
	size_t len = match ? strlen(match) : 0;
	int r = IO_OK;

	if (errlen)
		err[0] = 0;
	if (!match || !desc || !names)
		return match_err(&c, "no match string");
	if (len >= sizeof(buf))
		return match_err(&c, "match string longer than %d bytes", KMOD_MATCH_MAX - 1);
	memcpy(buf, match, len + 1);
	for (char *w = buf; *w && !r;) {
		char *end = w;
		if (*w == ' ') {
			w++;
			continue;
		}
		while (*end && *end != ' ')
			end++;
		bool last = !*end;
		*end = 0;
		r = match_word(&c, w);
		w = last ? end : end + 1;
	}
	if (r) {
		io_release((struct io_dict *)desc->property_match);
		desc->property_match = NULL;
	}
	return r;
}

/* ---- registration ---- */

static const struct io_class *provider_class(const char *name)
{
	if (!strcmp(name, "IOService"))
		return &IOService_class;
	if (!strcmp(name, "IOPlatformDevice"))
		return &IOPlatformDevice_class;
	if (!strcmp(name, "IOPCIDevice"))
		return &IOPCIDevice_class;
	return NULL;
}

static bool in_image(const struct kmod *m, uintptr_t p, size_t n)
{
	uintptr_t base = (uintptr_t)m->image;

	return p >= base && n <= m->image_size && p - base <= m->image_size - n;
}

/* The module's ops for personality i, checked; NULL (reason recorded) if bad. */
static const struct iokit_driver_ops *module_ops(struct kmod *m, unsigned i)
{
	const char *cls = m->manifest->personalities[i].driver_class;
	typedef const struct iokit_driver_ops *init_fn(void);
	const struct iokit_driver_ops *ops = ((init_fn *)m->personality_init[i])();

	if (!ops || !in_image(m, (uintptr_t)ops, sizeof(ops->size))) {
		fail(IO_EINVAL, m, "%s: init returned %p, not ops inside the module", cls, (void *)ops);
		return NULL;
	}
	if (ops->size < sizeof(*ops) || !in_image(m, (uintptr_t)ops, ops->size)) {
		fail(IO_EINVAL, m, "%s: ops size %zu (want at least %zu)", cls, ops->size, sizeof(*ops));
		return NULL;
	}
	const struct { const char *what; uintptr_t fn; } fns[] = {
		{ "probe", (uintptr_t)ops->probe }, { "start", (uintptr_t)ops->start },
		{ "stop", (uintptr_t)ops->stop },
	};
	for (unsigned k = 0; k < ARRAY_SIZE(fns); k++)
		if (fns[k].fn && !in_image(m, fns[k].fn, 1)) {
			fail(IO_EINVAL, m, "%s: ops.%s outside the module", cls, fns[k].what);
			return NULL;
		}
	return ops;
}

static bool class_name_taken(const char *name)
{
	urt_list_foreach(mc, &moddrv_classes, struct moddrv_class, link)
		if (mc->registered && !strcmp(mc->name, name))
			return true;
	return false;
}

/* Why personality p of m cannot become a driver class (reason recorded),
 * or IO_OK. */
static int personality_refusal(const struct kmod *m, const struct kmod_personality *p)
{
	if (!provider_class(p->provider_class))
		return fail(IO_EINVAL, m, "%s: unknown provider class '%s'", p->driver_class,
			    p->provider_class);
	if (!io_name_valid(p->driver_class, false) || strlen(p->category) >= IO_NAME_MAX)
		return fail(IO_EINVAL, m, "%s: bad driver class or category name", p->driver_class);
	if (class_name_taken(p->driver_class))
		return fail(IO_EBUSY, m, "driver class '%s' already registered", p->driver_class);
	return IO_OK;
}

/* Fills the new (zeroed) record mc for personality i: its catalog
 * personality with the match string parsed, and the module's ops. */
static int record_fill(struct moddrv_class *mc, struct kmod *m, unsigned i)
{
	const struct kmod_personality *p = &m->manifest->personalities[i];
	const struct iokit_driver_ops *ops;
	char why[96];
	int r = moddrv_match_parse(p->match, &mc->desc, &mc->names, why, sizeof(why));

	if (r)
		return fail(r, m, "%s: match '%s': %s", p->driver_class, p->match, why);
	if (!(ops = module_ops(m, i)))
		return IO_EINVAL;
	memcpy(mc->name, p->driver_class, strlen(p->driver_class) + 1);
	mc->cls = (struct io_class){ .name = mc->name, .super = &IOModuleDriver_class,
				     .size = sizeof(struct moddrv_instance) };
	memcpy(&mc->ops, ops, sizeof(mc->ops));
	mc->ops.size = sizeof(mc->ops);
	mc->mod = m;
	mc->personality = i;
	mc->refs = 1;
	mc->desc.name = mc->name;
	mc->desc.driver_class = &mc->cls;
	mc->desc.provider_class = provider_class(p->provider_class);
	mc->desc.score = p->probe_score;
	mc->desc.category = p->category[0] ? p->category : NULL;
	return IO_OK;
}

/* A checked record for personality i, not yet registered (refs 1), or an
 * error. */
static int record_make(struct kmod *m, unsigned i, struct moddrv_class **out)
{
	struct moddrv_class *mc;
	int r = personality_refusal(m, &m->manifest->personalities[i]);

	if (r)
		return r;
	if (!(mc = iok_alloc(sizeof(*mc))))
		return fail(IO_ENOMEM, m, "out of memory");
	r = record_fill(mc, m, i);
	if (r)
		record_free(mc);
	else
		*out = mc;
	return r;
}

/* Adds mc's personality to cat. */
static int record_add(struct io_catalog *cat, struct moddrv_class *mc)
{
	int r = io_catalog_add(cat, &mc->desc);

	return r ? fail(r, mc->mod, "%s: catalog refused the personality (%d)", mc->name, r) : IO_OK;
}

static bool registered(const struct kmod *m)
{
	urt_list_foreach(mc, &moddrv_classes, struct moddrv_class, link)
		if (mc->mod == m && mc->registered)
			return true;
	return false;
}

/* Why m cannot be registered at all (reason recorded), or IO_OK. */
static int module_refusal(const struct io_catalog *cat, const struct kmod *m)
{
	if (!cat || !m || !m->manifest)
		return fail(IO_EINVAL, m && m->manifest ? m : NULL, "no catalog or module");
	if (registered(m))
		return fail(IO_EBUSY, m, "already registered");
	if (m->npersonalities &&
	    (m->manifest->abi_major != IOKIT_ABI_MAJOR || m->manifest->abi_minor < 2))
		return fail(IO_EINVAL, m, "built against ABI %u.%u: driver personalities need 1.2",
			    m->manifest->abi_major, m->manifest->abi_minor);
	return IO_OK;
}

/* Undoes a failed registration: takes the personalities of the first
 * `added` records out of cat, then frees the first `made` records. */
static void unmake(struct io_catalog *cat, struct moddrv_class **mc, unsigned made,
		   unsigned added)
{
	for (unsigned i = 0; i < added; i++)
		io_catalog_remove_driver(cat, &mc[i]->cls);
	for (unsigned i = 0; i < made; i++)
		record_free(mc[i]);
}

/* Makes the n records (their personalities in cat) registered and matches
 * the published nubs against them. */
static void publish(struct io_catalog *cat, struct kmod *m, struct moddrv_class **mc,
		    unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		mc[i]->registered = true;
		urt_list_push_front(&moddrv_classes, &mc[i]->link);
	}
	int r = io_catalog_rematch(cat);
	if (r < 0)
		fail(r, m, "registered, but matching the published nubs failed (%d)", r);
	moddrv_err[0] = 0;
}

/*
 * Every personality is checked and turned into a record before any goes
 * into the catalog; made and added count how far that got, so a failure
 * undoes exactly that much.
 */
int moddrv_register(struct io_catalog *cat, struct kmod *m)
{
	struct moddrv_class *mc[KMOD_MAX_PERSONALITIES];
	unsigned made = 0, added = 0;   /* records made; of those, in the catalog */
	int r;

	moddrv_err[0] = 0;
	r = module_refusal(cat, m);
	if (!r && m->npersonalities)
		iokit_glue_set_driver_class(&IOModuleDriver_class);
	while (!r && made < m->npersonalities) {
		r = record_make(m, made, &mc[made]);
		if (!r)
			made++;
	}
	while (!r && added < made) {
		r = record_add(cat, mc[added]);
		if (!r)
			added++;
	}
	if (r)
		unmake(cat, mc, made, added);
	else if (made)
		publish(cat, m, mc, made);
	return r;
}

/* A live, attached driver of m that unregistration has not terminated yet. */
static struct moddrv_instance *next_victim(const struct kmod *m)
{
	urt_list_foreach(mc, &moddrv_classes, struct moddrv_class, link) {
		if (mc->mod != m)
			continue;
		urt_list_foreach(in, &mc->instances, struct moddrv_instance, link)
			if (!in->unregistering && in->svc.reg && !in->svc.terminating)
				return in;
	}
	return NULL;
}

int moddrv_unregister(struct io_catalog *cat, struct kmod *m)
{
	struct moddrv_instance *in;

	moddrv_err[0] = 0;
	if (!cat || !m || !m->manifest)
		return fail(IO_EINVAL, m && m->manifest ? m : NULL, "no catalog or module");
	if (!registered(m))
		return m->npersonalities ? fail(IO_ENOENT, m, "not registered") : IO_OK;
	urt_list_foreach(mc, &moddrv_classes, struct moddrv_class, link)
		if (mc->mod == m && mc->registered) {
			io_catalog_remove_driver(cat, &mc->cls);
			mc->refs++;     /* held across the terminations below */
		}
	while ((in = next_victim(m))) {
		struct io_service *svc = io_retain(&in->svc);
		in->unregistering = true;
		io_service_terminate(svc);
		io_release(svc);
	}
	urt_list_foreach_safe(mc, next, &moddrv_classes, struct moddrv_class, link) {
		if (mc->mod == m && mc->registered) {
			mc->registered = false;
			mc->refs--;     /* the registration's; ours below may free it */
			record_put(mc);
		}
	}
	return IO_OK;
}
