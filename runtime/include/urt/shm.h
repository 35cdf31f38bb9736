/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * urt/shm.h - shared-memory regions between two components (shm.c).
 *
 * A client shares fresh pages with the provider of one of its routes; the
 * provider finds them by the badge of the client's requests.  Both ask the
 * composer (compproto.idl: share, shared).  A region lasts until either
 * side dies or is stopped.  Components only; see docs/RUNTIME.md.
 */
#ifndef URT_SHM_H
#define URT_SHM_H

/* Share `pages` zeroed pages (at most DBT_COMP_SHM_MAX_PAGES, counted
 * against the caller's memory budget) with the provider of route `route`;
 * *addr: where they are mapped in the caller.  URT_EPERM: no such route;
 * URT_EINVAL: pages out of range; URT_ENOMEM: over the budget; URT_EBUSY:
 * already a region with that provider, or it is not running. */
int urt_shm_share(const char *route, size_t pages, void **addr);

/* For a provider: the region the client whose requests carry client_badge
 * shares with it, as mapped in the caller.  URT_EINVAL: none.  One call to
 * the composer; the message registers are kept, so an idl_region op (run
 * while the request is still in them) may call it. */
int urt_shm_lookup(dbt_word_t client_badge, void **addr, size_t *size);

/* For a provider that has a device transfer straight into the region of
 * client_badge (no IOMMU: the device sees physical addresses): the physical
 * address of page `page` and how many pages from there are contiguous.
 * Regions are one contiguous run when the composer's pool has one.
 * URT_EINVAL: no region, or page outside it.  Keeps the message registers. */
int urt_shm_phys(dbt_word_t client_badge, size_t page, uint64_t *phys, size_t *run);

#endif
