/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * errors.c - the names of the kernel's error codes (enum dbt_error,
 * darbat/abi.h), so that the composer's messages say what went wrong
 * ("the kernel refused: bad address") rather than a bare number.
 *
 * Entry point: kernel_error.  A code the table does not know (a newer
 * kernel's, or an IPC error of another layer) is printed as a number.
 */
#include "composer.h"

static const char *const names[DBT_E_COUNT] = {
	[DBT_OK] = "no error",
	[DBT_E_INVALID_SYSCALL] = "invalid kernel call",
	[DBT_E_INVALID_SLOT] = "invalid slot",
	[DBT_E_EMPTY_SLOT] = "empty slot",
	[DBT_E_WRONG_TYPE] = "wrong capability type",
	[DBT_E_NO_RIGHTS] = "missing rights",
	[DBT_E_SLOT_OCCUPIED] = "slot occupied",
	[DBT_E_INVALID_ARG] = "invalid argument",
	[DBT_E_BAD_ADDRESS] = "bad address",
	[DBT_E_NO_QUOTA] = "kernel-memory quota exhausted",
	[DBT_E_TIMEOUT] = "timeout",
	[DBT_E_DELETED] = "object deleted",
	[DBT_E_NO_CALLER] = "no caller to reply to",
	[DBT_E_BAD_MESSAGE] = "malformed message",
	[DBT_E_NO_WINDOW] = "no receive window",
	[DBT_E_NOT_MAPPED] = "not mapped",
	[DBT_E_BUSY] = "busy",
	[DBT_E_CANCELLED] = "cancelled",
};

const char *kernel_error(dbt_word_t err)
{
	static char unknown[24];
	if (err < DBT_E_COUNT && names[err])
		return names[err];
	snfmt(unknown, sizeof(unknown), "error %lu", err);
	return unknown;
}
