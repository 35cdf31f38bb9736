/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/core/registry.h - the registry: a tree of IOServices rooted at an
 * entry named "root", with attach/detach, publication (io_service_register),
 * bottom-up termination, path look-up, iteration and notifications.
 *
 * Paths (docs/IOKIT.md "Registry paths"): "/" is the root; "/a@1/b" walks
 * from the root to its client named "a" at location "1", then to its first
 * client named "b" (any location).  A component is NAME or NAME@LOCATION.
 * A path without the leading '/' is relative to a given entry.
 *
 * Notifications: a publish notifier is called when a matching entry is
 * registered, a terminate notifier when a matching published entry is
 * terminated (clients before providers).  Filters: an entry class (NULL:
 * any) and a property dictionary that must be a subset of the entry's
 * properties (NULL: any).  Notifiers fire in the order they were added.
 *
 * Locking: none here; the framework calls in with its registry lock held.
 */
#ifndef IOKIT_CORE_REGISTRY_H
#define IOKIT_CORE_REGISTRY_H

#include "service.h"

struct io_registry;
struct io_notifier;

enum io_notify_kind {
	IO_NOTIFY_PUBLISH,
	IO_NOTIFY_TERMINATE,
};

typedef void io_notify_fn(struct io_service *svc, enum io_notify_kind kind, void *ctx);
/* Visitor for io_registry_iterate: non-zero stops the walk (and is returned). */
typedef int io_visit_fn(struct io_service *svc, unsigned depth, void *ctx);

struct io_registry *io_registry_create(void);
/* Terminates every entry bottom-up, removes the notifiers, frees the tree.
 * A catalog bound to reg (match.h) must be destroyed first. */
void io_registry_destroy(struct io_registry *reg);
struct io_service *io_registry_root(const struct io_registry *reg);

/* Makes client (CREATED, no provider) the last client of provider; the
 * provider takes a reference, the caller keeps its own. */
int io_service_attach(struct io_service *provider, struct io_service *client);
/* Unlinks an entry without clients from its provider, dropping the
 * provider's reference.  Drivers use io_service_terminate instead. */
int io_service_detach(struct io_service *client);
/* Publishes an attached entry: fires publish notifiers (matching). */
int io_service_register(struct io_service *svc);
/* Terminates svc and everything below it, clients first: terminate
 * notifiers, stop for started drivers, detach (which may free them). */
int io_service_terminate(struct io_service *svc);

/* Borrowed pointers, or NULL when missing or the path is malformed. */
struct io_service *io_registry_lookup(const struct io_registry *reg, const char *path);
struct io_service *io_service_lookup(const struct io_service *from, const char *path);
struct io_service *io_service_find_client(const struct io_service *svc, const char *name,
					  const char *location);
/* First entry named name in pre-order from the root. */
struct io_service *io_registry_find_name(const struct io_registry *reg, const char *name);
/* Writes svc's absolute path; IO_ERANGE if len is too small, IO_ESTATE
 * if svc is not attached. */
int io_service_path(const struct io_service *svc, char *buf, size_t len);

/* Pre-order walk of from and its descendants (from has depth 0).  The
 * visitor must not detach or terminate entries. */
int io_registry_iterate(struct io_service *from, io_visit_fn *fn, void *ctx);

/* NULL on bad arguments or OOM; props is copied. */
struct io_notifier *io_registry_add_notifier(struct io_registry *reg, enum io_notify_kind kind,
					     const struct io_class *cls,
					     const struct io_dict *props,
					     io_notify_fn *fn, void *ctx);
/* May be called from inside a notifier callback. */
void io_notifier_remove(struct io_notifier *n);

#endif
