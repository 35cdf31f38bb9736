/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * service.c - the composer protocol server (interfaces/compproto.idl): the
 * services components ask of the root task - exit, log, shared regions,
 * PCI configuration space, DMA buffers, boot-image files, and whether it
 * answers console commands.
 *
 * Entry point: service_call, for a message whose label is the protocol's,
 * from a running component (main.c has checked the badge and the state).
 * The generated dispatcher (composer_dispatch) checks every request's
 * layout and lengths before an op runs; each op acts for the component the
 * badge names, and the subsystem it calls checks the arguments against that
 * component's grants.
 */
#include "composer.h"
#include "compproto.h"

static dbt_word_t op_exit(void *ctx, dbt_word_t badge, dbt_word_t code)
{
	(void)ctx;
	component_exited(&components[badge - 1], code);
	return DBT_OK;
}

static dbt_word_t op_log(void *ctx, dbt_word_t badge, const void *text, dbt_word_t len)
{
	char line[COMPOSER_LOG_TEXT_MAX + 1];
	(void)ctx;
	memcpy(line, text, len);
	line[len] = 0;
	component_logf(&components[badge - 1], "%s", line);
	return DBT_OK;
}

static dbt_word_t op_share(void *ctx, dbt_word_t badge, const void *route, dbt_word_t route_len,
                           dbt_word_t pages, dbt_word_t *addr, dbt_word_t *id)
{
	(void)ctx;
	return shm_share(&components[badge - 1], route, route_len, pages, addr, id);
}

static dbt_word_t op_shared(void *ctx, dbt_word_t badge, dbt_word_t client_badge, dbt_word_t *addr,
                            dbt_word_t *size)
{
	(void)ctx;
	return shm_shared(&components[badge - 1], client_badge, addr, size);
}

static dbt_word_t op_shared_phys(void *ctx, dbt_word_t badge, dbt_word_t client_badge,
                                 dbt_word_t page, dbt_word_t *phys, dbt_word_t *run)
{
	(void)ctx;
	return shm_shared_phys(&components[badge - 1], client_badge, page, phys, run);
}

static dbt_word_t op_pci_read(void *ctx, dbt_word_t badge, dbt_word_t bdf, dbt_word_t offset,
                              dbt_word_t width, dbt_word_t *value)
{
	(void)ctx;
	return pci_cfg_read(&components[badge - 1], bdf, offset, width, value);
}

static dbt_word_t op_pci_write(void *ctx, dbt_word_t badge, dbt_word_t bdf, dbt_word_t offset,
                               dbt_word_t width, dbt_word_t value)
{
	(void)ctx;
	return pci_cfg_write(&components[badge - 1], bdf, offset, width, value);
}

static dbt_word_t op_dma_alloc(void *ctx, dbt_word_t badge, dbt_word_t pages, dbt_word_t *addr,
                               dbt_word_t *phys)
{
	(void)ctx;
	return dma_alloc(&components[badge - 1], pages, addr, phys);
}

static dbt_word_t op_dma_free(void *ctx, dbt_word_t badge, dbt_word_t addr)
{
	(void)ctx;
	return dma_free(&components[badge - 1], addr);
}

static dbt_word_t op_file(void *ctx, dbt_word_t badge, const void *name, dbt_word_t name_len,
                          dbt_word_t *addr, dbt_word_t *size)
{
	(void)ctx;
	return file_open(&components[badge - 1], name, name_len, addr, size);
}

static dbt_word_t op_takes_commands(void *ctx, dbt_word_t badge)
{
	(void)ctx;
	components[badge - 1].takes_commands = true;
	return DBT_OK;
}

/* Off: QEMU's isa-debug-exit with code 0 (exit status 1), else halt; reset:
 * the PCI reset control register (0xcf9), then the keyboard controller. */
static dbt_word_t op_power(void *ctx, dbt_word_t badge, dbt_word_t mode)
{
	struct component *c = &components[badge - 1];
	(void)ctx;
	if (!c->desc->power)
		return DBT_COMP_E_NO_POWER;
	if (mode > DBT_COMP_POWER_RESET)
		return DBT_COMP_E_RANGE;
	uprintf("composer: %s %s the machine\n", c->desc->name, mode ? "resets" : "powers off");
	if (mode == DBT_COMP_POWER_RESET && dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(0xcf9, 0)) == DBT_OK) {
		__asm__ volatile("outb %0, %1" :: "a"((uint8_t)0x06), "Nd"((uint16_t)0xcf9));
		if (dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(0x64, 0)) == DBT_OK)
			__asm__ volatile("outb %0, %1" :: "a"((uint8_t)0xfe), "Nd"((uint16_t)0x64));
	}
	urt_poweroff(0);
}

static const struct composer_ops ops = {
	.exit = op_exit, .log = op_log, .share = op_share, .shared = op_shared,
	.pci_read = op_pci_read, .pci_write = op_pci_write, .dma_alloc = op_dma_alloc,
	.dma_free = op_dma_free, .file = op_file, .shared_phys = op_shared_phys,
	.takes_commands = op_takes_commands, .power = op_power,
};

void service_call(struct component *c, dbt_word_t tag, dbt_word_t badge)
{
	dbt_word_t reply_tag = composer_dispatch(&ops, NULL, tag, badge);
	if (c->state == CS_RUNNING)             /* exit ends it: nobody to answer */
		dbt_reply(reply_tag);
}
