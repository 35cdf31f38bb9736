/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * block_srv.h (iokit/drivers) - the block client interface inside the
 * framework server (block.idl): the services started from the instance's
 * `block=` argument (block_srv.c) and the handles clients hold
 * (block_open.c).
 */
#ifndef IOKIT_DRIVERS_BLOCK_SRV_H
#define IOKIT_DRIVERS_BLOCK_SRV_H

#include "storage.h"
#include "iokit/driver.h"

#define BLK_MAX_SERVICES 4
#define BLK_MAX_GRANTS   8
#define BLK_GRANT_LEN    32
#define BLK_MAX_HANDLES  64
#define BLK_WORKERS      4              /* receiving threads per service */
#define BLK_BOUNCE_BYTES (1u << 20)     /* each worker's DMA buffer */

struct blk_service {
	char name[DBT_ENV_NAME_LEN];
	dbt_slot_t ep;
	unsigned ngrants;
	char grants[BLK_MAX_GRANTS][BLK_GRANT_LEN];
};

/* Start the services of the `block=` argument (once); returns how many. */
unsigned blk_services_start(void);

/* block_open.c; each takes the registry lock itself. */
int blk_handle_open(const struct blk_service *svc, dbt_word_t badge, char *name,
		    dbt_word_t *handle, struct io_media **media);
/* *media: a reference the caller drops with blk_media_put. */
int blk_handle_get(const struct blk_service *svc, dbt_word_t badge, dbt_word_t handle,
		   struct io_media **media);
int blk_handle_close(const struct blk_service *svc, dbt_word_t badge, dbt_word_t handle);
void blk_media_put(struct io_media *m);

/* block_platform.c: a fast copy for whole words (n a multiple of 8). */
void blk_copy(void *dst, const void *src, size_t n);

#endif
