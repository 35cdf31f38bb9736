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
 * one: it sends with a zero timeout, and a component that is not waiting
 * for a command at that moment is "busy".  The endpoint is made once from
 * the composer's own quota, like service endpoints: a restart neither
 * leaks nor moves kernel memory, and each generation gets a fresh READ
 * copy while the composer keeps the original to send with.
 */
#include "composer.h"

bool control_create(struct component *c)
{
	c->control_ep = urt_slot_alloc();
	return c->control_ep && dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, c->control_ep, 0, 0) == DBT_OK;
}

const char *control_send(struct component *c, const char *text)
{
	size_t len = strlen(text) + 1;
	if (c->state != CS_RUNNING)
		return "not running";
	if (!c->takes_commands)
		return "takes no console commands";
	if (len > DBT_COMP_CONTROL_MAX)
		return "command too long";
	dbt_word_t *mr = dbt_mr(), words = (len + 7) / 8;
	memset(mr, 0, words * 8);
	memcpy(mr, text, len);
	dbt_word_t err = dbt_send(c->control_ep, DBT_TAG(DBT_COMP_CONTROL_COMMAND, words, 0), DBT_TIMEOUT_POLL);
	if (err == DBT_E_TIMEOUT)
		return "busy";
	return err ? "cannot send" : NULL;
}
