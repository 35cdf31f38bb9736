/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * files.c - boot-image files a component may read (`file NAME` in the
 * composition; composer.file in compproto.idl).
 *
 * Each granted file is a boot module; it gets a fixed place in the
 * component's file window at DBT_ENV_FILE_BASE, in grant order, with an
 * unmapped guard page after it, decided once at start-up, so it is at the
 * same address in every call and every generation.  Once the component has
 * asked for it (composer.file), the pager maps the module's own pages there
 * read-only: nothing is copied and nothing counts against its budget.  A
 * missing file keeps the component from starting, like a missing binary.
 */
#include "composer.h"

_Static_assert(COMP_MAX_FILES <= 32, "files_open has a bit per file");

void files_prepare(struct component *c)
{
	const struct comp_component *d = c->desc;
	dbt_word_t va = DBT_ENV_FILE_BASE;
	for (unsigned i = 0; i < d->nfiles; i++) {
		const struct dbt_module *m = module_find(d->file[i].name);
		if (!m) {
			component_refuse(c, "no boot module '%s' for its 'file' grant", d->file[i].name);
			return;
		}
		/* a page of a module must not show the end of another one */
		if (m->base % PAGE_SIZE) {
			component_refuse(c, "boot module '%s' of its 'file' grant is not page-aligned",
			                 m->name);
			return;
		}
		c->file[i] = m;
		c->file_va[i] = va;
		va += PAGE_UP(m->size) + PAGE_SIZE;
	}
}

dbt_word_t file_frame(struct component *c, dbt_word_t va)
{
	for (unsigned i = 0; i < c->desc->nfiles; i++) {
		const struct dbt_module *m = c->file[i];
		if (!(c->files_open & (1u << i)) || va < c->file_va[i] || va >= c->file_va[i] + PAGE_UP(m->size))
			continue;
		return m->base + PAGE_DOWN(va - c->file_va[i]);
	}
	return 0;
}

dbt_word_t file_open(struct component *c, const void *name, dbt_word_t len, dbt_word_t *addr,
                     dbt_word_t *size)
{
	const struct comp_component *d = c->desc;
	for (unsigned i = 0; i < d->nfiles; i++) {
		if (strlen(d->file[i].name) != len || memcmp(d->file[i].name, name, len))
			continue;
		c->files_open |= 1u << i;
		*addr = c->file_va[i];
		*size = c->file[i]->size;
		return DBT_OK;
	}
	return DBT_COMP_E_NO_FILE;
}
