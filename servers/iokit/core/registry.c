/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/core/registry.c - the registry tree, paths, iteration and
 * notifications (registry.h).
 *
 * Ownership: the registry owns the root; each provider owns one reference
 * to each of its clients, so detaching an entry nobody else holds frees
 * it.  Entries never move: once detached, an entry cannot be attached
 * again (its state is TERMINATED).
 *
 * Notifiers live on one list per registry.  Removal while notifiers are
 * firing only marks the notifier; the list is swept when the outermost
 * firing ends.  A notifier added while an event is being delivered does
 * not see that event.
 */
#include "registry.h"
#include "mem.h"

struct io_notifier {
	struct urt_link link;           /* on reg->notifiers */
	struct io_registry *reg;
	enum io_notify_kind kind;
	const struct io_class *cls;     /* NULL: any class */
	struct io_dict *props;          /* owned copy, or NULL */
	io_notify_fn *fn;
	void *ctx;
	uint64_t seq;                   /* order of addition */
	bool removed;
};

struct io_registry {
	struct io_service *root;        /* owned */
	struct urt_list notifiers;      /* in order of addition */
	uint64_t next_id, next_seq;
	unsigned firing;                /* nesting depth of notify() */
};

struct io_registry *io_registry_create(void)
{
	struct io_registry *reg = iok_alloc(sizeof(*reg));
	if (!reg)
		return NULL;
	reg->root = io_service_create(&IOService_class, "root", NULL);
	if (!reg->root) {
		iok_free(reg);
		return NULL;
	}
	reg->next_id = 1;
	reg->root->reg = reg;
	reg->root->id = reg->next_id++;
	reg->root->state = IO_SVC_ATTACHED;
	return reg;
}

struct io_service *io_registry_root(const struct io_registry *reg)
{
	return reg ? reg->root : NULL;
}

/* ---- notifications --------------------------------------------------------- */

static void sweep_notifiers(struct io_registry *reg)
{
	urt_list_foreach_safe(n, next, &reg->notifiers, struct io_notifier, link) {
		if (n->removed) {
			urt_list_remove(&reg->notifiers, &n->link);
			io_release(n->props);
			iok_free(n);
		}
	}
}

static bool notifier_wants(const struct io_notifier *n, const struct io_service *svc,
			   enum io_notify_kind kind)
{
	if (n->removed || n->kind != kind)
		return false;
	if (n->cls && !io_instance_of(svc, n->cls))
		return false;
	return !n->props || io_dict_is_subset(n->props, svc->props);
}

static void notify(struct io_registry *reg, struct io_service *svc, enum io_notify_kind kind)
{
	uint64_t horizon = reg->next_seq;
	reg->firing++;
	urt_list_foreach(n, &reg->notifiers, struct io_notifier, link)
		if (n->seq < horizon && notifier_wants(n, svc, kind))
			n->fn(svc, kind, n->ctx);
	if (--reg->firing == 0)
		sweep_notifiers(reg);
}

struct io_notifier *io_registry_add_notifier(struct io_registry *reg, enum io_notify_kind kind,
					     const struct io_class *cls,
					     const struct io_dict *props,
					     io_notify_fn *fn, void *ctx)
{
	if (!reg || !fn || (kind != IO_NOTIFY_PUBLISH && kind != IO_NOTIFY_TERMINATE))
		return NULL;
	if (props && !io_instance_of(props, &IODictionary_class))
		return NULL;
	struct io_notifier *n = iok_alloc(sizeof(*n));
	if (!n)
		return NULL;
	if (props && !(n->props = io_value_copy(props))) {
		iok_free(n);
		return NULL;
	}
	*n = (struct io_notifier){ .reg = reg, .kind = kind, .cls = cls, .props = n->props,
				   .fn = fn, .ctx = ctx, .seq = reg->next_seq++ };
	urt_list_push_back(&reg->notifiers, &n->link);
	return n;
}

void io_notifier_remove(struct io_notifier *n)
{
	if (!n)
		return;
	n->removed = true;
	if (!n->reg->firing)
		sweep_notifiers(n->reg);
}

/* ---- tree ---------------------------------------------------------------- */

int io_service_attach(struct io_service *provider, struct io_service *client)
{
	if (!io_instance_of(provider, &IOService_class) ||
	    !io_instance_of(client, &IOService_class) || provider == client)
		return IO_EINVAL;
	if (client->provider || client->reg)
		return IO_EBUSY;
	if (client->state != IO_SVC_CREATED || !provider->reg || provider->terminating ||
	    provider->state == IO_SVC_TERMINATED)
		return IO_ESTATE;
	io_retain(client);
	client->provider = provider;
	client->reg = provider->reg;
	client->id = provider->reg->next_id++;
	client->state = IO_SVC_ATTACHED;
	urt_list_push_back(&provider->clients, &client->sibling);
	return IO_OK;
}

int io_service_detach(struct io_service *client)
{
	if (!io_instance_of(client, &IOService_class))
		return IO_EINVAL;
	struct io_service *p = client->provider;
	if (!p)
		return IO_ESTATE;
	if (!urt_list_empty(&client->clients))
		return IO_EBUSY;
	urt_list_remove(&p->clients, &client->sibling);
	client->provider = NULL;
	client->reg = NULL;
	client->state = IO_SVC_TERMINATED;
	io_release(client);
	return IO_OK;
}

int io_service_register(struct io_service *svc)
{
	if (!io_instance_of(svc, &IOService_class))
		return IO_EINVAL;
	if (!svc->reg || svc->published || svc->terminating ||
	    svc->state == IO_SVC_TERMINATED || svc == svc->reg->root)
		return IO_ESTATE;
	svc->published = true;
	io_retain(svc);         /* a notifier may terminate it */
	notify(svc->reg, svc, IO_NOTIFY_PUBLISH);
	io_release(svc);
	return IO_OK;
}

/* Bottom-up teardown of svc's subtree; svc must be attached. */
static void terminate_tree(struct io_service *svc)
{
	struct io_service *c;
	svc->terminating = true;
	while ((c = io_service_first_client(svc)))
		terminate_tree(c);
	if (svc->published)
		notify(svc->reg, svc, IO_NOTIFY_TERMINATE);
	if (svc->state == IO_SVC_STARTED) {
		io_service_stop(svc, svc->provider);
		svc->state = IO_SVC_STOPPED;
	}
	io_service_detach(svc);
}

int io_service_terminate(struct io_service *svc)
{
	if (!io_instance_of(svc, &IOService_class))
		return IO_EINVAL;
	if (!svc->provider || svc->terminating)
		return IO_ESTATE;
	io_retain(svc);
	terminate_tree(svc);
	io_release(svc);
	return IO_OK;
}

void io_registry_destroy(struct io_registry *reg)
{
	if (!reg)
		return;
	struct io_service *c;
	while ((c = io_service_first_client(reg->root)))
		terminate_tree(c);
	urt_list_foreach(n, &reg->notifiers, struct io_notifier, link)
		n->removed = true;
	sweep_notifiers(reg);
	reg->root->reg = NULL;
	io_release(reg->root);
	iok_free(reg);
}

/* ---- look-up ----------------------------------------------------------------- */

struct io_service *io_service_find_client(const struct io_service *svc, const char *name,
					  const char *location)
{
	if (!io_instance_of(svc, &IOService_class) || !name)
		return NULL;
	io_service_foreach_client(c, svc)
		if (!strcmp(c->name, name) && (!location || !strcmp(c->location, location)))
			return c;
	return NULL;
}

/* Splits the component at *path (up to '/' or the end) into name and
 * location; advances *path past it.  false if malformed. */
static bool next_component(const char **path, char *name, char *loc, bool *has_loc)
{
	const char *s = *path, *end = s, *at = NULL;
	while (*end && *end != '/') {
		if (*end == '@' && !at)
			at = end;
		end++;
	}
	const char *name_end = at ? at : end;
	size_t nlen = (size_t)(name_end - s);
	size_t llen = at ? (size_t)(end - at - 1) : 0;
	if (!nlen || nlen >= IO_NAME_MAX || llen >= IO_NAME_MAX)
		return false;
	memcpy(name, s, nlen);
	name[nlen] = 0;
	if (at)
		memcpy(loc, at + 1, llen);
	loc[llen] = 0;
	*has_loc = at != NULL;
	*path = end;
	return io_name_valid(name, false) && io_name_valid(loc, true);
}

struct io_service *io_service_lookup(const struct io_service *from, const char *path)
{
	if (!io_instance_of(from, &IOService_class) || !path || !*path || *path == '/')
		return NULL;
	struct io_service *cur = (struct io_service *)from;
	char name[IO_NAME_MAX], loc[IO_NAME_MAX];
	for (;;) {
		bool has_loc;
		if (!next_component(&path, name, loc, &has_loc))
			return NULL;
		cur = io_service_find_client(cur, name, has_loc ? loc : NULL);
		if (!cur || !*path)
			return cur;
		path++;         /* the '/'; "a/" leaves an empty component: error */
	}
}

struct io_service *io_registry_lookup(const struct io_registry *reg, const char *path)
{
	if (!reg || !path || *path != '/')
		return NULL;
	if (!path[1])
		return reg->root;
	return io_service_lookup(reg->root, path + 1);
}

struct find_ctx {
	const char *name;
	struct io_service *found;
};

static int find_visit(struct io_service *svc, unsigned depth, void *ctx)
{
	struct find_ctx *f = ctx;
	(void)depth;
	if (strcmp(svc->name, f->name))
		return 0;
	f->found = svc;
	return 1;
}

struct io_service *io_registry_find_name(const struct io_registry *reg, const char *name)
{
	struct find_ctx f = { name, NULL };
	if (reg && name)
		io_registry_iterate(reg->root, find_visit, &f);
	return f.found;
}

/* Appends s to buf at *pos; false if it does not fit with the NUL. */
static bool put(char *buf, size_t len, size_t *pos, const char *s)
{
	size_t n = strlen(s);
	if (*pos + n >= len)
		return false;
	memcpy(buf + *pos, s, n + 1);
	*pos += n;
	return true;
}

static bool put_path(const struct io_service *svc, char *buf, size_t len, size_t *pos)
{
	if (!svc->provider)
		return true;    /* the root: empty prefix */
	if (!put_path(svc->provider, buf, len, pos) || !put(buf, len, pos, "/") ||
	    !put(buf, len, pos, svc->name))
		return false;
	return !svc->location[0] || (put(buf, len, pos, "@") &&
				     put(buf, len, pos, svc->location));
}

int io_service_path(const struct io_service *svc, char *buf, size_t len)
{
	if (!io_instance_of(svc, &IOService_class) || !buf || !len)
		return IO_EINVAL;
	if (!svc->reg)
		return IO_ESTATE;
	size_t pos = 0;
	buf[0] = 0;
	if (!svc->provider)
		return put(buf, len, &pos, "/") ? IO_OK : IO_ERANGE;
	return put_path(svc, buf, len, &pos) ? IO_OK : IO_ERANGE;
}

static int iterate(struct io_service *svc, unsigned depth, io_visit_fn *fn, void *ctx)
{
	int r = fn(svc, depth, ctx);
	for (struct io_service *c = io_service_first_client(svc); c && !r;
	     c = io_service_next_sibling(c))
		r = iterate(c, depth + 1, fn, ctx);
	return r;
}

int io_registry_iterate(struct io_service *from, io_visit_fn *fn, void *ctx)
{
	if (!io_instance_of(from, &IOService_class) || !fn)
		return IO_EINVAL;
	return iterate(from, 0, fn, ctx);
}
