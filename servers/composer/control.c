/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * control.c - console commands for components (`ioreg NAME PATH`,
 * `kextstat NAME`, `kextload NAME FILE`, `kextunload NAME MODULE`,
 * `tell NAME TEXT`): the command line goes to the component as a one-way
 * message on its control endpoint (DBT_COMP_SLOT_CONTROL, darbat/component.h),
 * label DBT_COMP_CONTROL_COMMAND, the NUL-terminated text in the words.
 *
 * Only a component that said it answers commands (composer.takes_commands,
 * once per generation: the runtime does it in urt_control_recv) is sent
 * any; for the others the console says "takes no console commands".  The
 * composer is the pager of every component, so it must never block on
 * one: it sends with a zero timeout; a command that finds the component
 * not waiting (it announced itself but has not reached its receive yet,
 * or is busy with the last command) is kept, one per component, and sent
 * again from the event loop every tick for up to CONTROL_WAIT_US before the
 * console says "busy".  The endpoint is made once from
 * the composer's own quota, like service endpoints: a restart neither
 * leaks nor moves kernel memory, and each generation gets a fresh READ
 * copy while the composer keeps the original to send with.
 */
#include "composer.h"

#define CONTROL_WAIT_US 1000000u     /* how long a command waits for a busy component */

static unsigned npending;       /* components with a command kept (control_until != 0) */

bool control_create(struct component *c)
{
	c->control_ep = urt_slot_alloc();
	return c->control_ep && dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, c->control_ep, 0, 0) == DBT_OK;
}

/* Send text now, without waiting: DBT_OK, DBT_E_TIMEOUT when nobody is
 * waiting on the endpoint, another error when it cannot go. */
static dbt_word_t send_now(struct component *c, const char *text)
{
	size_t len = strlen(text) + 1;
	dbt_word_t *mr = dbt_mr(), words = (len + 7) / 8;
	memset(mr, 0, words * 8);
	memcpy(mr, text, len);
	return dbt_send(c->control_ep, DBT_TAG(DBT_COMP_CONTROL_COMMAND, words, 0), DBT_TIMEOUT_POLL);
}

const char *control_send(struct component *c, const char *text)
{
	if (c->state != CS_RUNNING)
		return "not running";
	if (!c->takes_commands)
		return "takes no console commands";
	if (strlen(text) + 1 > DBT_COMP_CONTROL_MAX)
		return "command too long";
	if (c->control_until)
		return "busy with the last command";
	dbt_word_t err = send_now(c, text);
	if (err == DBT_E_TIMEOUT) {             /* not waiting yet: try again for a while */
		snfmt(c->control_pending, sizeof(c->control_pending), "%s", text);
		c->control_until = dbt_clock() + CONTROL_WAIT_US;
		npending++;
		return NULL;
	}
	return err ? "cannot send" : NULL;
}

bool control_pending(void)
{
	return npending != 0;
}

void control_drop(struct component *c)
{
	if (c->control_until)
		npending--;
	c->control_until = 0;
}

void control_retry(uint64_t now)
{
	for (unsigned i = 0; npending && i < ncomponents; i++) {
		struct component *c = &components[i];
		if (!c->control_until)
			continue;
		dbt_word_t err = c->state == CS_RUNNING ? send_now(c, c->control_pending) : DBT_E_DELETED;
		if (err == DBT_E_TIMEOUT && now < c->control_until)
			continue;
		control_drop(c);
		if (err == DBT_E_TIMEOUT)
			console_printf("%s: busy: '%s' not taken within %u ms\n", c->desc->name,
			               c->control_pending, CONTROL_WAIT_US / 1000);
		else if (err)
			console_printf("%s: '%s' could not be sent (%s)\n", c->desc->name, c->control_pending,
			               c->state == CS_RUNNING ? "cannot send" : "not running");
	}
}
