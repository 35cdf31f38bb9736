/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_list.c - host tests of the runtime's intrusive list (urt/list.h),
 * which the framework core uses for clients and notifiers: every change
 * checked by walking the list both ways (shape() below), so a broken next
 * or prev link, or a stale first or last, fails the test.
 */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "urt/list.h"

struct item {
	int value;
	struct urt_link link;
};

/* The values from first to last ("1 2 3"), or "broken" if a prev link,
 * first or last disagrees with the next links. */
static const char *shape(const struct urt_list *l)
{
	static char buf[128];
	const struct urt_link *seen[16];
	size_t n = 0, pos = 0;

	for (const struct urt_link *e = l->first; e; e = e->next) {
		if (n == 16 || e->prev != (n ? seen[n - 1] : NULL))
			return "broken";
		seen[n++] = e;
	}
	if (l->last != (n ? seen[n - 1] : NULL))
		return "broken";
	buf[0] = 0;
	urt_list_foreach(it, l, const struct item, link)
		pos += (size_t)snprintf(buf + pos, sizeof(buf) - pos, "%s%d", pos ? " " : "",
					it->value);
	return buf;
}

static struct urt_list zeroed;

HTEST(zero_is_empty)
{
	struct urt_list l = URT_LIST_INIT;
	CHECK(urt_list_empty(&zeroed) && urt_list_empty(&l));
	CHECK(!urt_list_first(&l, struct item, link) && !urt_list_last(&l, struct item, link));
	CHECK(!urt_list_pop_front(&l) && !strcmp(shape(&l), ""));
}

HTEST(push_both_ends)
{
	struct item it[4] = { { .value = 0 }, { .value = 1 }, { .value = 2 }, { .value = 3 } };
	struct urt_list l;
	urt_list_init(&l);
	urt_list_push_back(&l, &it[1].link);
	CHECK(!strcmp(shape(&l), "1"));
	urt_list_push_back(&l, &it[2].link);
	urt_list_push_front(&l, &it[0].link);
	CHECK(!strcmp(shape(&l), "0 1 2") && !urt_list_empty(&l));
	urt_list_push_front(&l, &it[3].link);
	CHECK(!strcmp(shape(&l), "3 0 1 2"));
	CHECK(urt_list_first(&l, struct item, link) == &it[3]);
	CHECK(urt_list_last(&l, struct item, link) == &it[2]);
	CHECK(urt_list_next(&it[1], struct item, link) == &it[2]);
	CHECK(!urt_list_next(&it[2], struct item, link));
}

HTEST(insert_before)
{
	struct item it[4] = { { .value = 0 }, { .value = 1 }, { .value = 2 }, { .value = 3 } };
	struct urt_list l = URT_LIST_INIT;
	urt_list_insert_before(&l, NULL, &it[2].link);          /* NULL: at the end */
	urt_list_insert_before(&l, &it[2].link, &it[0].link);   /* before the first */
	urt_list_insert_before(&l, &it[2].link, &it[1].link);   /* in the middle */
	urt_list_insert_before(&l, NULL, &it[3].link);
	CHECK(!strcmp(shape(&l), "0 1 2 3"));
}

HTEST(remove_anywhere)
{
	struct item it[4] = { { .value = 0 }, { .value = 1 }, { .value = 2 }, { .value = 3 } };
	struct urt_list l = URT_LIST_INIT;
	for (int i = 0; i < 4; i++)
		urt_list_push_back(&l, &it[i].link);
	urt_list_remove(&l, &it[1].link);
	CHECK(!strcmp(shape(&l), "0 2 3"));
	CHECK(!it[1].link.next && !it[1].link.prev);
	urt_list_remove(&l, &it[3].link);
	CHECK(!strcmp(shape(&l), "0 2"));
	urt_list_remove(&l, &it[0].link);
	CHECK(!strcmp(shape(&l), "2"));
	urt_list_remove(&l, &it[2].link);
	CHECK(!strcmp(shape(&l), "") && urt_list_empty(&l));
	urt_list_push_front(&l, &it[1].link);           /* a removed link is reusable */
	CHECK(!strcmp(shape(&l), "1"));
}

HTEST(pop_front_is_fifo_with_push_back)
{
	struct item it[3] = { { .value = 0 }, { .value = 1 }, { .value = 2 } };
	struct urt_list l = URT_LIST_INIT;
	for (int i = 0; i < 3; i++)
		urt_list_push_back(&l, &it[i].link);
	for (int i = 0; i < 3; i++) {
		struct item *got = urt_list_entry(urt_list_pop_front(&l), struct item, link);
		CHECK(got == &it[i] && !got->link.next && !got->link.prev);
	}
	CHECK(urt_list_empty(&l) && !strcmp(shape(&l), ""));
}

HTEST(foreach_safe_removes_while_walking)
{
	struct item it[6];
	struct urt_list l = URT_LIST_INIT;
	for (int i = 0; i < 6; i++) {
		it[i].value = i;
		urt_list_push_back(&l, &it[i].link);
	}
	int seen = 0;
	urt_list_foreach_safe(e, next, &l, struct item, link) {
		seen++;
		if (e->value % 2 == 0)
			urt_list_remove(&l, &e->link);
	}
	CHECK(seen == 6 && !strcmp(shape(&l), "1 3 5"));
	urt_list_foreach_safe(e, next, &l, struct item, link)
		urt_list_remove(&l, &e->link);
	CHECK(urt_list_empty(&l) && !strcmp(shape(&l), ""));
}
