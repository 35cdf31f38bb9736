/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_iokit_object.c - the object model (metaclasses, casts, reference
 * counts, method inheritance) and property values.
 */
#include "iokit_test.h"

static int finalized;
static char order[64];

struct base { struct io_object obj; int a; };
struct derived { struct base base; int b; };

static void base_fin(struct io_object *o) { (void)o; finalized++; strcat(order, "B"); }
static void derived_fin(struct io_object *o) { (void)o; strcat(order, "D"); }

static const struct io_class Base_class = {
	.name = "Base", .super = &IOObject_class, .size = sizeof(struct base), .finalize = base_fin,
};
static const struct io_class Derived_class = {
	.name = "Derived", .super = &Base_class, .size = sizeof(struct derived),
	.finalize = derived_fin,
};
static const struct io_class Other_class = {
	.name = "Other", .super = &IOObject_class, .size = sizeof(struct base),
};
static const struct io_class Tiny_class = {
	.name = "Tiny", .super = &Base_class, .size = sizeof(struct io_object),
};

HTEST(alloc_sets_class_and_refcount)
{
	long live = iok_mem_live();
	struct base *b = io_object_alloc(&Base_class);
	CHECK(b && b->obj.cls == &Base_class && io_refcount(b) == 1 && b->a == 0);
	CHECK(!strcmp(io_class_name(b), "Base"));
	CHECK(iok_mem_live() == live + 1);
	io_release(b);
	CHECK(iok_mem_live() == live);
}

HTEST(cast_across_hierarchy)
{
	struct derived *d = io_object_alloc(&Derived_class);
	CHECK(io_cast(d, &Derived_class) == d);
	CHECK(io_cast(d, &Base_class) == d);
	CHECK(io_cast(d, &IOObject_class) == d);
	CHECK(io_cast(d, &Other_class) == NULL);
	CHECK(io_cast(d, &IOService_class) == NULL);
	struct base *b = io_object_alloc(&Base_class);
	CHECK(io_cast(b, &Derived_class) == NULL);     /* not downwards */
	CHECK(io_cast(NULL, &Base_class) == NULL);
	CHECK(io_cast(b, NULL) == NULL);
	CHECK(io_class_is_a(&Derived_class, &IOObject_class) && !io_class_is_a(&Base_class, &Derived_class));
	io_release(b);
	io_release(d);
}

HTEST(value_classes_cast)
{
	struct io_number *n = io_number_create(5);
	CHECK(io_cast(n, &IONumber_class) && io_cast(n, &IOValue_class));
	CHECK(!io_cast(n, &IOString_class) && !io_cast(n, &IOService_class));
	CHECK(io_string_cstr((void *)n) == NULL);       /* typed accessor checks the class */
	io_release(n);
}

HTEST(refcount_frees_exactly_once)
{
	finalized = 0;
	struct base *b = io_object_alloc(&Base_class);
	io_retain(b);
	io_retain(b);
	CHECK(io_refcount(b) == 3);
	io_release(b);
	io_release(b);
	CHECK(finalized == 0);
	io_release(b);
	CHECK(finalized == 1);
	io_release(NULL);
	io_retain(NULL);
	CHECK(finalized == 1);
}

HTEST(finalizers_run_derived_first)
{
	order[0] = 0;
	io_release(io_object_alloc(&Derived_class));
	CHECK(!strcmp(order, "DB"));
}

HTEST(alloc_rejects_bad_class)
{
	CHECK(io_object_alloc(NULL) == NULL);
	CHECK(io_object_alloc(&Tiny_class) == NULL);    /* smaller than its superclass */
	CHECK(io_service_create(&Base_class, "x", NULL) == NULL);       /* no IOService */
}

HTEST(leak_is_counted)
{
	long live = iok_mem_live();
	struct io_dict *d = io_dict_create();
	io_dict_set_string(d, "k", "v");
	CHECK(iok_mem_live() > live);
	io_release(d);
	CHECK(iok_mem_live() == live);
}

HTEST(alloc_failure_returns_null)
{
	long live = iok_mem_live();
	iok_mem_fail_countdown = 1;
	CHECK(io_number_create(1) == NULL);
	iok_mem_fail_countdown = 2;                     /* the string's bytes */
	CHECK(io_string_create("abc") == NULL);
	iok_mem_fail_countdown = 0;
	CHECK(iok_mem_live() == live);
}

static int sub_probe(struct io_service *self, struct io_service *p, int *score)
{
	(void)self, (void)p;
	*score = 77;
	return IO_ENODEV;
}

static const struct io_service_methods parent_methods = { .probe = sub_probe };
static const struct io_class Parent_class = {
	.name = "Parent", .super = &IOService_class, .size = sizeof(struct io_service),
	.methods = &parent_methods,
};
static const struct io_class Child_class = {   /* no table: inherits everything */
	.name = "Child", .super = &Parent_class, .size = sizeof(struct io_service),
};

HTEST(methods_inherited_through_chain)
{
	struct io_service *c = io_service_create(&Child_class, "c", NULL);
	struct io_service *s = io_service_create(&IOService_class, "s", NULL);
	int score = 1;
	CHECK(io_service_probe(c, NULL, &score) == IO_ENODEV && score == 77);
	score = 1;
	CHECK(io_service_probe(s, NULL, &score) == IO_OK && score == 1);
	CHECK(io_service_start(c, NULL) == IO_OK);      /* IOService's default */
	io_release(c);
	io_release(s);
}

/* ---- values ---------------------------------------------------------------------- */

HTEST(number_roundtrip)
{
	struct io_number *n = io_number_create(0xfffffffffffffffful);
	CHECK(io_number_value(n) == 0xfffffffffffffffful);
	io_release(n);
	CHECK(io_number_value(NULL) == 0);
}

HTEST(string_copied_on_create)
{
	char buf[8] = "hello";
	struct io_string *s = io_string_create(buf);
	buf[0] = 'J';
	CHECK(!strcmp(io_string_cstr(s), "hello") && io_string_length(s) == 5);
	CHECK(io_string_create(NULL) == NULL);
	io_release(s);
}

HTEST(data_bytes_and_empty)
{
	uint8_t b[3] = { 1, 0, 2 };
	struct io_data *d = io_data_create(b, 3), *e = io_data_create(NULL, 0);
	b[1] = 9;
	CHECK(io_data_length(d) == 3 && !memcmp(io_data_bytes(d), "\1\0\2", 3));
	CHECK(e && io_data_length(e) == 0);
	CHECK(io_data_create(NULL, 4) == NULL);
	CHECK(!io_value_equal(d, e));
	io_release(d);
	io_release(e);
}

HTEST(array_append_get_remove)
{
	long live = iok_mem_live();
	struct io_array *a = io_array_create();
	for (int i = 0; i < 10; i++) {
		struct io_number *n = io_number_create((uint64_t)i);
		CHECK(io_array_append(a, n) == IO_OK);
		io_release(n);
	}
	CHECK(io_array_count(a) == 10 && io_number_value(io_array_get(a, 9)) == 9);
	CHECK(io_array_remove(a, 0) == IO_OK && io_number_value(io_array_get(a, 0)) == 1);
	CHECK(io_array_remove(a, 9) == IO_ENOENT && io_array_get(a, 9) == NULL);
	CHECK(io_array_append(a, a) == IO_OK);          /* a copy, not a cycle */
	CHECK(io_array_count(io_array_get(a, 9)) == 9);
	io_release(a);
	CHECK(iok_mem_live() == live);
}

HTEST(dict_replace_releases_old)
{
	struct io_dict *d = io_dict_create();
	struct io_number *a = io_number_create(1), *b = io_number_create(2);
	CHECK(io_dict_set(d, "k", a) == IO_OK && io_refcount(a) == 2);  /* leaves are shared */
	CHECK(io_dict_set(d, "k", b) == IO_OK);
	CHECK(io_refcount(a) == 1 && io_refcount(b) == 2);
	CHECK(io_dict_count(d) == 1 && io_dict_get(d, "k") == b);
	io_release(d);
	CHECK(io_refcount(b) == 1);
	io_release(a);
	io_release(b);
}

HTEST(dict_all_types_and_typed_getters)
{
	struct io_dict *d = io_dict_create();
	uint64_t v = 0;
	CHECK(io_dict_set_number(d, "n", 42) == IO_OK);
	CHECK(io_dict_set_string(d, "s", "str") == IO_OK);
	CHECK(io_dict_set_data(d, "d", "xy", 2) == IO_OK);
	struct io_array *a = io_array_create();
	CHECK(io_dict_set(d, "a", a) == IO_OK);
	io_release(a);
	CHECK(io_dict_get_number(d, "n", &v) && v == 42);
	CHECK(!io_dict_get_number(d, "s", &v) && !io_dict_get_number(d, "zz", &v));
	CHECK(!strcmp(io_dict_get_string(d, "s"), "str") && io_dict_get_string(d, "n") == NULL);
	CHECK(io_data_length(io_dict_get(d, "d")) == 2);
	CHECK(io_cast(io_dict_get(d, "a"), &IOArray_class) != NULL);
	CHECK(!strcmp(io_dict_key_at(d, 0), "n") && !strcmp(io_dict_key_at(d, 3), "a"));
	CHECK(io_dict_key_at(d, 4) == NULL);
	io_release(d);
}

HTEST(dict_nested_is_deep_copied)
{
	long live = iok_mem_live();
	struct io_dict *outer = io_dict_create(), *inner = io_dict_create();
	io_dict_set_number(inner, "x", 1);
	CHECK(io_dict_set(outer, "inner", inner) == IO_OK);
	io_dict_set_number(inner, "x", 2);              /* the caller's copy only */
	io_dict_set_number(inner, "y", 3);
	struct io_dict *stored = io_dict_get(outer, "inner");
	uint64_t v;
	CHECK(stored != inner && io_dict_get_number(stored, "x", &v) && v == 1);
	CHECK(io_dict_count(stored) == 1);
	io_dict_set_number(stored, "z", 9);             /* edit in place through get */
	CHECK(io_dict_get(inner, "z") == NULL);
	CHECK(io_dict_set(outer, "self", outer) == IO_OK); /* no cycle: a snapshot */
	CHECK(io_dict_count(io_dict_get(outer, "self")) == 1);
	io_release(inner);
	io_release(outer);
	CHECK(iok_mem_live() == live);
}

HTEST(dict_rejects_bad_input)
{
	struct io_dict *d = io_dict_create();
	struct io_service *s = io_service_create(&IOService_class, "s", NULL);
	struct io_number *n = io_number_create(1);
	CHECK(io_dict_set(d, "svc", s) == IO_EINVAL);   /* not a value */
	CHECK(io_dict_set(d, "", n) == IO_EINVAL);
	CHECK(io_dict_set(d, NULL, n) == IO_EINVAL);
	CHECK(io_dict_set(d, "k", NULL) == IO_EINVAL);
	CHECK(io_dict_set((void *)n, "k", n) == IO_EINVAL);
	CHECK(io_dict_set_string(d, "k", NULL) == IO_EINVAL);
	CHECK(io_dict_remove(d, "nope") == IO_ENOENT);
	CHECK(io_dict_count(d) == 0);
	io_release(n);
	io_release(s);
	io_release(d);
}

HTEST(dict_remove_keeps_order)
{
	struct io_dict *d = io_dict_create();
	io_dict_set_number(d, "a", 1);
	io_dict_set_number(d, "b", 2);
	io_dict_set_number(d, "c", 3);
	CHECK(io_dict_remove(d, "b") == IO_OK);
	CHECK(io_dict_count(d) == 2 && !strcmp(io_dict_key_at(d, 1), "c"));
	CHECK(io_dict_get(d, "b") == NULL);
	io_release(d);
}

HTEST(value_equal_deep)
{
	struct io_dict *a = io_dict_create(), *b = io_dict_create(), *in = io_dict_create();
	io_dict_set_number(in, "x", 1);
	io_dict_set(a, "in", in);
	io_dict_set_string(a, "s", "v");
	io_dict_set_string(b, "s", "v");                /* other order */
	io_dict_set(b, "in", in);
	CHECK(io_value_equal(a, b));
	io_dict_set_number(io_dict_get(b, "in"), "x", 2);
	CHECK(!io_value_equal(a, b));
	struct io_number *n = io_number_create(1);
	struct io_string *s = io_string_create("1");
	CHECK(!io_value_equal(n, s) && !io_value_equal(n, NULL));
	io_release(n);
	io_release(s);
	io_release(in);
	io_release(a);
	io_release(b);
}

HTEST(dict_subset)
{
	struct io_dict *want = io_dict_create(), *have = io_dict_create();
	io_dict_set_number(have, "a", 1);
	io_dict_set_string(have, "b", "x");
	CHECK(io_dict_is_subset(want, have));           /* empty matches */
	io_dict_set_string(want, "b", "x");
	CHECK(io_dict_is_subset(want, have) && !io_dict_is_subset(have, want));
	io_dict_set_number(want, "a", 2);
	CHECK(!io_dict_is_subset(want, have));
	io_release(want);
	io_release(have);
}

HTEST(dict_set_oom_leaves_dict_unchanged)
{
	long live = iok_mem_live();
	struct io_dict *d = io_dict_create();
	io_dict_set_number(d, "a", 1);
	struct io_number *n = io_number_create(5);
	for (long i = 1; i <= 3; i++) {         /* key copy, vector growth */
		iok_mem_fail_countdown = i;
		int r = io_dict_set(d, "b", n);
		iok_mem_fail_countdown = 0;
		if (r == IO_OK)
			break;
		CHECK(r == IO_ENOMEM && io_dict_count(d) == 1 && io_refcount(n) == 1);
	}
	io_release(n);
	io_release(d);
	CHECK(iok_mem_live() == live);
}
