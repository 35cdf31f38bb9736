/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * drvsvc.c - the composer's services for drivers, for components
 * (declared in urt.h; docs/RUNTIME.md): PCI configuration space, DMA
 * buffers, boot-image files (compproto.idl: pci_read, pci_write,
 * dma_alloc, dma_free, file) and console commands on the control endpoint
 * (DBT_COMP_SLOT_CONTROL; takes_commands tells the composer this
 * generation answers them).  The service wrappers pass the composer's
 * DBT_COMP_E_* codes through unchanged: a driver framework reports them as
 * they are.  Arguments the composer would refuse anyway are refused here
 * with the same code, without a call.
 */
#include "urt.h"
#include "compproto.h"

int urt_pci_read(uint64_t bdf, unsigned off, unsigned width, uint32_t *v)
{
	if (!urt_env)
		return DBT_COMP_E_NO_DEVICE;
	if (!v)
		return DBT_COMP_E_RANGE;
	dbt_word_t value = 0;
	dbt_word_t err = composer_pci_read(DBT_COMP_SLOT_COMPOSER, bdf, off, width, &value);
	if (!err)
		*v = (uint32_t)value;
	return (int)err;
}

int urt_pci_write(uint64_t bdf, unsigned off, unsigned width, uint32_t v)
{
	if (!urt_env)
		return DBT_COMP_E_NO_DEVICE;
	return (int)composer_pci_write(DBT_COMP_SLOT_COMPOSER, bdf, off, width, v);
}

int urt_dma_alloc(size_t pages, void **va, uint64_t *phys)
{
	if (!urt_env)
		return DBT_COMP_E_BUDGET;
	if (!va || !phys)
		return DBT_COMP_E_PAGES;
	dbt_word_t addr = 0, pa = 0;
	dbt_word_t err = composer_dma_alloc(DBT_COMP_SLOT_COMPOSER, pages, &addr, &pa);
	if (err)
		return (int)err;
	*va = (void *)addr;
	*phys = pa;
	return 0;
}

int urt_dma_free(void *va)
{
	if (!urt_env)
		return DBT_COMP_E_NO_BUFFER;
	return (int)composer_dma_free(DBT_COMP_SLOT_COMPOSER, (dbt_word_t)va);
}

int urt_file_map(const char *name, const void **addr, size_t *size)
{
	if (!urt_env || !name || !addr || !size)
		return DBT_COMP_E_NO_FILE;
	size_t len = strlen(name);
	if (len >= DBT_ENV_NAME_LEN)
		return DBT_COMP_E_NO_FILE;      /* no granted file has so long a name */
	dbt_word_t va = 0, bytes = 0;
	dbt_word_t err = composer_file(DBT_COMP_SLOT_COMPOSER, name, len, &va, &bytes);
	if (err)
		return (int)err;
	*addr = (const void *)va;
	*size = bytes;
	return 0;
}

dbt_slot_t urt_control_slot(void)
{
	dbt_word_t type;
	if (!urt_env || dbt_cap_info(DBT_COMP_SLOT_CONTROL, &type, NULL, NULL) || type != DBT_OBJ_ENDPOINT)
		return 0;
	return DBT_COMP_SLOT_CONTROL;
}

/* A command: the label, 1..DBT_COMP_CONTROL_MAX/8 words, no items, a NUL
 * inside them. */
static bool command_ok(dbt_word_t tag, size_t *len)
{
	unsigned words = DBT_TAG_U(tag);
	if (DBT_TAG_LABEL(tag) != DBT_COMP_CONTROL_COMMAND || DBT_TAG_T(tag) || !words ||
	    words > DBT_COMP_CONTROL_MAX / 8)
		return false;
	*len = strnlen((const char *)dbt_mr(), words * 8);
	return *len < words * 8;
}

/* Set once the composer knows; a new generation starts with a fresh image
 * and so with it clear.  Two threads racing here only call twice. */
static volatile bool control_announced;

int urt_control_announce(void)
{
	if (!urt_control_slot())
		return URT_EPERM;
	if (control_announced)
		return URT_OK;
	dbt_word_t err = composer_takes_commands(DBT_COMP_SLOT_COMPOSER);
	if (err)
		return URT_EKERNEL;
	control_announced = true;
	return URT_OK;
}

int urt_control_recv(char *buf, size_t n, dbt_word_t timeout)
{
	dbt_slot_t ep = urt_control_slot();
	if (!ep)
		return URT_EPERM;
	if (!buf || !n)
		return URT_EINVAL;
	urt_control_announce();         /* failing, the console only says it takes none */
	dbt_word_t tag = 0, badge = 0;
	uint32_t to = timeout > DBT_TIMEOUT_NEVER ? DBT_TIMEOUT_NEVER : (uint32_t)timeout;
	dbt_word_t err = dbt_recv(ep, &tag, &badge, to);
	if (err == DBT_E_TIMEOUT)
		return URT_ETIMEDOUT;
	if (err)
		return URT_EKERNEL;
	size_t len;
	if (!command_ok(tag, &len))
		return URT_EINVAL;
	len = len < n - 1 ? len : n - 1;
	memcpy(buf, dbt_mr(), len);
	buf[len] = 0;
	return URT_OK;
}
