/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * shm.c - shared-memory regions between two components (urt/shm.h): thin
 * wrappers of the composer's share and shared methods that turn its
 * errors (DBT_COMP_E_*) into URT_E* codes.
 *
 * urt_shm_lookup keeps the caller's message registers: generated dispatch
 * code calls a server's idl_region op while the request is still in them.
 */
#include "urt.h"
#include "compproto.h"

static int shm_error(dbt_word_t err)
{
	switch (err) {
	case DBT_OK:
		return URT_OK;
	case DBT_COMP_E_NO_ROUTE:
		return URT_EPERM;
	case DBT_COMP_E_PAGES:
	case DBT_COMP_E_NO_REGION:
		return URT_EINVAL;
	case DBT_COMP_E_BUDGET:
		return URT_ENOMEM;
	case DBT_COMP_E_BUSY:
	case DBT_COMP_E_DOWN:
		return URT_EBUSY;
	default:
		return URT_EKERNEL;
	}
}

int urt_shm_share(const char *route, size_t pages, void **addr)
{
	if (!urt_env || !route || !addr)
		return URT_EINVAL;
	size_t len = strlen(route);
	if (len >= DBT_ENV_NAME_LEN)
		return URT_EPERM;       /* no route has so long a name */
	dbt_word_t va = 0, id = 0;
	dbt_word_t err = composer_share(DBT_COMP_SLOT_COMPOSER, route, len, pages, &va, &id);
	if (err)
		return shm_error(err);
	*addr = (void *)va;
	return URT_OK;
}

int urt_shm_lookup(dbt_word_t client_badge, void **addr, size_t *size)
{
	if (!urt_env || !addr || !size)
		return URT_EINVAL;
	dbt_word_t va = 0, bytes = 0, saved[DBT_MSG_WORDS];
	memcpy(saved, dbt_mr(), sizeof(saved));
	dbt_word_t err = composer_shared(DBT_COMP_SLOT_COMPOSER, client_badge, &va, &bytes);
	memcpy(dbt_mr(), saved, sizeof(saved));
	if (err)
		return shm_error(err);
	*addr = (void *)va;
	*size = bytes;
	return URT_OK;
}

int urt_shm_phys(dbt_word_t client_badge, size_t page, uint64_t *phys, size_t *run)
{
	if (!urt_env || !phys || !run)
		return URT_EINVAL;
	dbt_word_t pa = 0, n = 0, saved[DBT_MSG_WORDS];
	memcpy(saved, dbt_mr(), sizeof(saved));
	dbt_word_t err = composer_shared_phys(DBT_COMP_SLOT_COMPOSER, client_badge, page, &pa, &n);
	memcpy(dbt_mr(), saved, sizeof(saved));
	if (err)
		return shm_error(err);
	*phys = pa;
	*run = n;
	return URT_OK;
}
