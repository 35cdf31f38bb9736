/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * compsvc.c - the composer's services iokitd uses, in one place: PCI
 * configuration space of the functions granted to this instance, boot-image
 * files, and the console-command endpoint.  Calls go straight to the
 * composer protocol (interfaces/compproto.idl) through the generated
 * stubs; errors are the composer's DBT_COMP_E_* codes or the kernel's.
 */
#include "server.h"
#include "compproto.h"

int iokitd_cfg_read(uint64_t bdf, unsigned off, unsigned width, uint32_t *v)
{
	dbt_word_t value = 0;
	dbt_word_t err = composer_pci_read(DBT_COMP_SLOT_COMPOSER, bdf, off, width, &value);
	if (!err)
		*v = (uint32_t)value;
	return (int)err;
}

int iokitd_cfg_write(uint64_t bdf, unsigned off, unsigned width, uint32_t v)
{
	return (int)composer_pci_write(DBT_COMP_SLOT_COMPOSER, bdf, off, width, v);
}

int iokitd_file_map(const char *name, const void **addr, size_t *size)
{
	size_t len = strlen(name);
	if (len >= 32)
		return DBT_COMP_E_NO_FILE;      /* no file has so long a name */
	dbt_word_t va = 0, bytes = 0;
	dbt_word_t err = composer_file(DBT_COMP_SLOT_COMPOSER, name, len, &va, &bytes);
	if (!err) {
		*addr = (const void *)va;
		*size = bytes;
	}
	return (int)err;
}

/* The endpoint console commands arrive on, if the composer gave one. */
dbt_slot_t iokitd_control_slot(void)
{
	dbt_word_t type;
	if (dbt_cap_info(DBT_COMP_SLOT_CONTROL, &type, NULL, NULL) == DBT_OK && type == DBT_OBJ_ENDPOINT)
		return DBT_COMP_SLOT_CONTROL;
	return 0;
}
