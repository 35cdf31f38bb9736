/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/core/service.c - IOService as an object: creation, names,
 * properties, finalization and virtual dispatch (service.h).  Attaching,
 * publishing and terminating are in registry.c; matching in match.c.
 */
#include "service.h"
#include "mem.h"

static void service_finalize(struct io_object *o)
{
	struct io_service *svc = (struct io_service *)o;
	/* the registry holds a reference while attached, so this cannot be
	 * reached with clients or a provider */
	io_release(svc->props);
	io_release(svc->personality);
}

static int default_probe(struct io_service *self, struct io_service *provider, int *score)
{
	(void)self, (void)provider, (void)score;
	return IO_OK;
}

static int default_start(struct io_service *self, struct io_service *provider)
{
	(void)self, (void)provider;
	return IO_OK;
}

static void default_stop(struct io_service *self, struct io_service *provider)
{
	(void)self, (void)provider;
}

static const struct io_service_methods service_methods = {
	.probe = default_probe,
	.start = default_start,
	.stop = default_stop,
};

const struct io_class IOService_class = {
	.name = "IOService",
	.super = &IOObject_class,
	.size = sizeof(struct io_service),
	.finalize = service_finalize,
	.methods = &service_methods,
};

bool io_name_valid(const char *name, bool allow_empty)
{
	if (!name)
		return false;
	size_t n = strlen(name);
	if (n >= IO_NAME_MAX || (!n && !allow_empty))
		return false;
	for (size_t i = 0; i < n; i++)
		if (name[i] == '/' || name[i] == '@')
			return false;
	return true;
}

int io_service_set_name(struct io_service *svc, const char *name)
{
	if (!io_instance_of(svc, &IOService_class) || !io_name_valid(name, false))
		return IO_EINVAL;
	memcpy(svc->name, name, strlen(name) + 1);
	return IO_OK;
}

int io_service_set_location(struct io_service *svc, const char *location)
{
	if (!location)
		location = "";
	if (!io_instance_of(svc, &IOService_class) || !io_name_valid(location, true))
		return IO_EINVAL;
	memcpy(svc->location, location, strlen(location) + 1);
	return IO_OK;
}

struct io_service *io_service_create(const struct io_class *cls, const char *name,
				     const char *location)
{
	if (!io_class_is_a(cls, &IOService_class) || !io_name_valid(name, false) ||
	    (location && !io_name_valid(location, true)))
		return NULL;
	struct io_service *svc = io_object_alloc(cls);
	if (!svc)
		return NULL;
	svc->props = io_dict_create();
	if (!svc->props) {
		io_release(svc);
		return NULL;
	}
	io_service_set_name(svc, name);
	io_service_set_location(svc, location);
	return svc;
}

int io_service_set_property(struct io_service *svc, const char *key, const void *value)
{
	if (!io_instance_of(svc, &IOService_class))
		return IO_EINVAL;
	return io_dict_set(svc->props, key, value);
}

void *io_service_property(const struct io_service *svc, const char *key)
{
	return io_instance_of(svc, &IOService_class) ? io_dict_get(svc->props, key) : NULL;
}

enum method_slot { SLOT_PROBE, SLOT_START, SLOT_STOP };

static bool has_slot(const struct io_service_methods *m, enum method_slot slot)
{
	switch (slot) {
	case SLOT_PROBE:
		return m->probe != NULL;
	case SLOT_START:
		return m->start != NULL;
	case SLOT_STOP:
		return m->stop != NULL;
	}
	return false;
}

/* The first table up the class chain with slot filled (inheritance). */
static const struct io_service_methods *methods_with(const struct io_service *svc,
						     enum method_slot slot)
{
	for (const struct io_class *c = svc->obj.cls; c; c = c->super)
		if (c->methods && has_slot(c->methods, slot))
			return c->methods;
	return &service_methods;
}

int io_service_probe(struct io_service *svc, struct io_service *provider, int *score)
{
	return methods_with(svc, SLOT_PROBE)->probe(svc, provider, score);
}

int io_service_start(struct io_service *svc, struct io_service *provider)
{
	return methods_with(svc, SLOT_START)->start(svc, provider);
}

void io_service_stop(struct io_service *svc, struct io_service *provider)
{
	methods_with(svc, SLOT_STOP)->stop(svc, provider);
}
