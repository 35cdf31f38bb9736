/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/core/match.h - driver personalities, the catalog that holds them,
 * and matching: which driver takes a published nub.
 *
 * A personality says which driver class to instantiate for which nubs:
 * the nub must be an instance of provider_class, and, for each key given,
 * its name (or a string of its "compatible" property) must be one of
 * name_match, its properties must include property_match, and its PCI
 * numbers ("vendor-id", "device-id", "class-code") must equal the given
 * values under the masks (a zero mask leaves the field unchecked).
 *
 * Matching a nub (docs/IOKIT.md "Matching"): passive match of every
 * personality, one driver instance per candidate attached and probed
 * (probe may change its score), candidates sorted by score (ties: catalog
 * order), then started best first; in each match category at most one
 * driver is started per nub (counting drivers already running).  A driver
 * whose start fails is terminated (its own clients first) and the next
 * candidate of its category is tried; losers are detached and freed.
 */
#ifndef IOKIT_CORE_MATCH_H
#define IOKIT_CORE_MATCH_H

#include "registry.h"

#define IO_DEFAULT_CATEGORY "IODefaultMatchCategory"
#define IO_NAME_MATCH_MAX 8

struct io_mask_match {
	uint32_t value, mask;           /* mask 0: not checked */
};

/* What a driver declares; io_catalog_add copies it (strings included). */
struct io_personality_desc {
	const char *name;                       /* for ioreg and logs */
	const struct io_class *driver_class;    /* IOService subclass */
	const struct io_class *provider_class;  /* NULL: IOService */
	const char *name_match[IO_NAME_MATCH_MAX]; /* NULL-terminated if shorter */
	const struct io_dict *property_match;   /* NULL: none */
	struct io_mask_match pci_vendor, pci_device, pci_class;
	int score;
	const char *category;                   /* NULL: IO_DEFAULT_CATEGORY */
};

/* A catalog entry (refcounted: a running driver keeps its personality). */
struct io_personality {
	struct io_object obj;
	char name[IO_NAME_MAX];
	char category[IO_NAME_MAX];
	const struct io_class *driver_class, *provider_class;
	struct io_array *name_match;    /* strings; NULL if none */
	struct io_dict *property_match; /* NULL if none */
	struct io_mask_match pci_vendor, pci_device, pci_class;
	int score;
};

extern const struct io_class IOPersonality_class;

struct io_catalog;

/* A catalog matching every service published in reg from now on. */
struct io_catalog *io_catalog_create(struct io_registry *reg);
void io_catalog_destroy(struct io_catalog *cat);
/* IO_EINVAL for a bad descriptor (no driver class, a driver class that is
 * no IOService, bad strings), IO_ENOMEM. */
int io_catalog_add(struct io_catalog *cat, const struct io_personality_desc *desc);
/* Removes driver_class's personalities (running drivers keep theirs);
 * returns how many. */
int io_catalog_remove_driver(struct io_catalog *cat, const struct io_class *driver_class);
size_t io_catalog_count(const struct io_catalog *cat);

/* Passive match: provider class, names, properties, PCI numbers. */
bool io_personality_matches(const struct io_personality *p, const struct io_service *nub);
/* Matches one published nub now; returns the number of drivers started. */
int io_match_service(struct io_catalog *cat, struct io_service *nub);
/* Matches every published entry again (after personalities were added);
 * returns the number of drivers started. */
int io_catalog_rematch(struct io_catalog *cat);

#endif
