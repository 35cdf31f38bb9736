/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/core/service.h - IOService, the registry entry: nubs (devices a
 * provider publishes) and drivers (objects that drive a nub) are both
 * IOServices.  An entry has a name and an optional location (unit
 * address, e.g. "1f,2"), a property dictionary, one provider and an
 * ordered list of clients, a lifecycle state, and three virtual methods.
 *
 * Virtual methods: the `methods` table of an IOService subclass is a
 * struct io_service_methods (or a larger struct starting with one); NULL
 * slots inherit the superclass's.  IOService's own: probe keeps the score
 * and accepts, start accepts, stop does nothing.
 *
 * Rules on the fields: written only by the core (service.c, registry.c,
 * match.c) with the framework's registry lock held; drivers read them
 * through the accessors.  provider is a borrowed pointer valid while the
 * entry is attached; the provider owns one reference to each client.
 */
#ifndef IOKIT_CORE_SERVICE_H
#define IOKIT_CORE_SERVICE_H

#include "value.h"
#include "urt/list.h"

#define IO_NAME_MAX 64          /* names and locations, with the NUL */

enum io_service_state {
	IO_SVC_CREATED,         /* allocated, not in a registry */
	IO_SVC_ATTACHED,        /* in the registry (nubs stay here) */
	IO_SVC_STARTED,         /* a driver whose start succeeded */
	IO_SVC_STOPPED,         /* stop ran, being terminated */
	IO_SVC_TERMINATED,      /* detached for good */
};

struct io_service;
struct io_registry;
struct io_personality;

struct io_service_methods {
	/* May lower or raise *score; IO_OK to stay a candidate. */
	int (*probe)(struct io_service *self, struct io_service *provider, int *score);
	/* IO_OK when driving provider; on error the driver must have undone
	 * its own work (nubs it attached are terminated by the framework). */
	int (*start)(struct io_service *self, struct io_service *provider);
	/* Undo start; clients are already terminated. */
	void (*stop)(struct io_service *self, struct io_service *provider);
};

struct io_service {
	struct io_object obj;
	char name[IO_NAME_MAX];
	char location[IO_NAME_MAX];     /* "" if none */
	struct io_dict *props;          /* owned */
	struct io_service *provider;    /* borrowed, while attached */
	struct urt_list clients;        /* of sibling links; owned references */
	struct urt_link sibling;        /* on the provider's clients, while attached */
	struct io_registry *reg;        /* set while attached */
	uint64_t id;                    /* registry entry id, 0 if never attached */
	enum io_service_state state;
	bool published;                 /* io_service_register ran */
	bool terminating;
	struct io_personality *personality;     /* owned ref; drivers made by matching */
};

extern const struct io_class IOService_class;

/* A new entry of class cls (IOService or a subclass) with an empty
 * property table; location may be NULL.  NULL if a name is invalid. */
struct io_service *io_service_create(const struct io_class *cls, const char *name,
				     const char *location);
/* Names: 1..IO_NAME_MAX-1 chars without '/' or '@'; locations may be empty. */
bool io_name_valid(const char *name, bool allow_empty);
int io_service_set_name(struct io_service *svc, const char *name);
int io_service_set_location(struct io_service *svc, const char *location);

int io_service_set_property(struct io_service *svc, const char *key, const void *value);
void *io_service_property(const struct io_service *svc, const char *key);

/* Virtual dispatch through the class chain. */
int io_service_probe(struct io_service *svc, struct io_service *provider, int *score);
int io_service_start(struct io_service *svc, struct io_service *provider);
void io_service_stop(struct io_service *svc, struct io_service *provider);

static inline struct io_service *io_service_provider(const struct io_service *s)
{
	return s->provider;
}

static inline struct io_service *io_service_first_client(const struct io_service *s)
{
	return urt_list_first(&s->clients, struct io_service, sibling);
}

static inline struct io_service *io_service_next_sibling(const struct io_service *s)
{
	return urt_list_next(s, struct io_service, sibling);
}

/* for (struct io_service *c = first client of s; c; c = its next sibling) */
#define io_service_foreach_client(c, s) \
	urt_list_foreach(c, &(s)->clients, struct io_service, sibling)

#endif
