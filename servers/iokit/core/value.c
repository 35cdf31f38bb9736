/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/core/value.c - property values (value.h): the five value classes,
 * deep copy and deep equality.  Arrays and dictionaries are vectors grown
 * by doubling; dictionaries are searched linearly (property tables hold
 * tens of entries) and keep insertion order for a stable ioreg listing.
 */
#include "value.h"
#include "mem.h"

struct io_number {
	struct io_object obj;
	uint64_t value;
};

struct io_string {
	struct io_object obj;
	size_t len;
	char *s;                /* owned, NUL-terminated */
};

struct io_data {
	struct io_object obj;
	size_t len;
	uint8_t *bytes;         /* owned */
};

struct io_array {
	struct io_object obj;
	size_t count, cap;
	struct io_object **items;       /* each one owned reference */
};

struct io_dict_entry {
	char *key;                      /* owned */
	struct io_object *value;        /* owned reference */
};

struct io_dict {
	struct io_object obj;
	size_t count, cap;
	struct io_dict_entry *e;
};

static void string_finalize(struct io_object *o)
{
	iok_free(((struct io_string *)o)->s);
}

static void data_finalize(struct io_object *o)
{
	iok_free(((struct io_data *)o)->bytes);
}

static void array_finalize(struct io_object *o)
{
	struct io_array *a = (struct io_array *)o;
	for (size_t i = 0; i < a->count; i++)
		io_release(a->items[i]);
	iok_free(a->items);
}

static void dict_finalize(struct io_object *o)
{
	struct io_dict *d = (struct io_dict *)o;
	for (size_t i = 0; i < d->count; i++) {
		iok_free(d->e[i].key);
		io_release(d->e[i].value);
	}
	iok_free(d->e);
}

const struct io_class IOValue_class = {
	.name = "IOValue", .super = &IOObject_class, .size = sizeof(struct io_object),
};
const struct io_class IONumber_class = {
	.name = "IONumber", .super = &IOValue_class, .size = sizeof(struct io_number),
};
const struct io_class IOString_class = {
	.name = "IOString", .super = &IOValue_class, .size = sizeof(struct io_string),
	.finalize = string_finalize,
};
const struct io_class IOData_class = {
	.name = "IOData", .super = &IOValue_class, .size = sizeof(struct io_data),
	.finalize = data_finalize,
};
const struct io_class IOArray_class = {
	.name = "IOArray", .super = &IOValue_class, .size = sizeof(struct io_array),
	.finalize = array_finalize,
};
const struct io_class IODictionary_class = {
	.name = "IODictionary", .super = &IOValue_class, .size = sizeof(struct io_dict),
	.finalize = dict_finalize,
};

/* ---- leaves ------------------------------------------------------------------ */

struct io_number *io_number_create(uint64_t value)
{
	struct io_number *n = io_object_alloc(&IONumber_class);
	if (n)
		n->value = value;
	return n;
}

uint64_t io_number_value(const struct io_number *n)
{
	return io_instance_of(n, &IONumber_class) ? n->value : 0;
}

struct io_string *io_string_create(const char *s)
{
	if (!s)
		return NULL;
	struct io_string *str = io_object_alloc(&IOString_class);
	if (!str)
		return NULL;
	str->s = iok_strdup(s);
	if (!str->s) {
		io_release(str);
		return NULL;
	}
	str->len = strlen(s);
	return str;
}

const char *io_string_cstr(const struct io_string *s)
{
	return io_instance_of(s, &IOString_class) ? s->s : NULL;
}

size_t io_string_length(const struct io_string *s)
{
	return io_instance_of(s, &IOString_class) ? s->len : 0;
}

struct io_data *io_data_create(const void *bytes, size_t len)
{
	if (!bytes && len)
		return NULL;
	struct io_data *d = io_object_alloc(&IOData_class);
	if (!d)
		return NULL;
	d->bytes = iok_alloc(len);
	if (!d->bytes) {
		io_release(d);
		return NULL;
	}
	if (len)
		memcpy(d->bytes, bytes, len);
	d->len = len;
	return d;
}

const void *io_data_bytes(const struct io_data *d)
{
	return io_instance_of(d, &IOData_class) ? d->bytes : NULL;
}

size_t io_data_length(const struct io_data *d)
{
	return io_instance_of(d, &IOData_class) ? d->len : 0;
}

/* ---- containers ---------------------------------------------------------------- */

/* Makes room for one more element of size elem in *vec; IO_OK or ENOMEM. */
static int vec_reserve(void **vec, size_t *cap, size_t count, size_t elem)
{
	if (count < *cap)
		return IO_OK;
	size_t ncap = *cap ? *cap * 2 : 4;
	void *n = iok_realloc(*vec, ncap * elem);
	if (!n)
		return IO_ENOMEM;
	*vec = n;
	*cap = ncap;
	return IO_OK;
}

struct io_array *io_array_create(void)
{
	return io_object_alloc(&IOArray_class);
}

size_t io_array_count(const struct io_array *a)
{
	return io_instance_of(a, &IOArray_class) ? a->count : 0;
}

void *io_array_get(const struct io_array *a, size_t i)
{
	return io_instance_of(a, &IOArray_class) && i < a->count ? a->items[i] : NULL;
}

int io_array_append(struct io_array *a, const void *value)
{
	if (!io_instance_of(a, &IOArray_class) || !io_instance_of(value, &IOValue_class))
		return IO_EINVAL;
	if (vec_reserve((void **)&a->items, &a->cap, a->count, sizeof(*a->items)))
		return IO_ENOMEM;
	struct io_object *stored = io_value_copy(value);
	if (!stored)
		return IO_ENOMEM;
	a->items[a->count++] = stored;
	return IO_OK;
}

int io_array_remove(struct io_array *a, size_t i)
{
	if (!io_instance_of(a, &IOArray_class))
		return IO_EINVAL;
	if (i >= a->count)
		return IO_ENOENT;
	struct io_object *old = a->items[i];
	memmove(&a->items[i], &a->items[i + 1], (a->count - i - 1) * sizeof(*a->items));
	a->count--;
	io_release(old);
	return IO_OK;
}

struct io_dict *io_dict_create(void)
{
	return io_object_alloc(&IODictionary_class);
}

size_t io_dict_count(const struct io_dict *d)
{
	return io_instance_of(d, &IODictionary_class) ? d->count : 0;
}

static struct io_dict_entry *dict_find(const struct io_dict *d, const char *key)
{
	if (!io_instance_of(d, &IODictionary_class) || !key)
		return NULL;
	for (size_t i = 0; i < d->count; i++)
		if (!strcmp(d->e[i].key, key))
			return &d->e[i];
	return NULL;
}

void *io_dict_get(const struct io_dict *d, const char *key)
{
	struct io_dict_entry *e = dict_find(d, key);
	return e ? e->value : NULL;
}

/* All allocations happen before the dictionary changes (decode, then invoke). */
int io_dict_set(struct io_dict *d, const char *key, const void *value)
{
	if (!io_instance_of(d, &IODictionary_class) || !key || !*key ||
	    !io_instance_of(value, &IOValue_class))
		return IO_EINVAL;
	struct io_object *stored = io_value_copy(value);
	if (!stored)
		return IO_ENOMEM;
	struct io_dict_entry *e = dict_find(d, key);
	if (e) {
		struct io_object *old = e->value;
		e->value = stored;
		io_release(old);
		return IO_OK;
	}
	char *k = iok_strdup(key);
	if (!k || vec_reserve((void **)&d->e, &d->cap, d->count, sizeof(*d->e))) {
		iok_free(k);
		io_release(stored);
		return IO_ENOMEM;
	}
	d->e[d->count++] = (struct io_dict_entry){ k, stored };
	return IO_OK;
}

int io_dict_remove(struct io_dict *d, const char *key)
{
	if (!io_instance_of(d, &IODictionary_class) || !key)
		return IO_EINVAL;
	struct io_dict_entry *e = dict_find(d, key);
	if (!e)
		return IO_ENOENT;
	struct io_dict_entry old = *e;
	size_t i = (size_t)(e - d->e);
	memmove(e, e + 1, (d->count - i - 1) * sizeof(*e));
	d->count--;
	iok_free(old.key);
	io_release(old.value);
	return IO_OK;
}

const char *io_dict_key_at(const struct io_dict *d, size_t i)
{
	return io_instance_of(d, &IODictionary_class) && i < d->count ? d->e[i].key : NULL;
}

void *io_dict_value_at(const struct io_dict *d, size_t i)
{
	return io_instance_of(d, &IODictionary_class) && i < d->count ? d->e[i].value : NULL;
}

/* Sets key to a new leaf v (one reference), dropping the local reference. */
static int set_leaf(struct io_dict *d, const char *key, void *v)
{
	if (!v)
		return IO_ENOMEM;
	int r = io_dict_set(d, key, v);
	io_release(v);
	return r;
}

int io_dict_set_number(struct io_dict *d, const char *key, uint64_t v)
{
	return set_leaf(d, key, io_number_create(v));
}

int io_dict_set_string(struct io_dict *d, const char *key, const char *s)
{
	if (!s)
		return IO_EINVAL;
	return set_leaf(d, key, io_string_create(s));
}

int io_dict_set_data(struct io_dict *d, const char *key, const void *b, size_t n)
{
	if (!b && n)
		return IO_EINVAL;
	return set_leaf(d, key, io_data_create(b, n));
}

bool io_dict_get_number(const struct io_dict *d, const char *key, uint64_t *out)
{
	struct io_number *n = io_cast(io_dict_get(d, key), &IONumber_class);
	if (n && out)
		*out = n->value;
	return n != NULL;
}

const char *io_dict_get_string(const struct io_dict *d, const char *key)
{
	return io_string_cstr(io_cast(io_dict_get(d, key), &IOString_class));
}

/* ---- copy and compare ---------------------------------------------------------- */

static void *array_copy(const struct io_array *a)
{
	struct io_array *c = io_array_create();
	for (size_t i = 0; c && i < a->count; i++) {
		if (io_array_append(c, a->items[i])) {
			io_release(c);
			c = NULL;
		}
	}
	return c;
}

static void *dict_copy(const struct io_dict *d)
{
	struct io_dict *c = io_dict_create();
	for (size_t i = 0; c && i < d->count; i++) {
		if (io_dict_set(c, d->e[i].key, d->e[i].value)) {
			io_release(c);
			c = NULL;
		}
	}
	return c;
}

void *io_value_copy(const void *v)
{
	if (io_instance_of(v, &IOArray_class))
		return array_copy(v);
	if (io_instance_of(v, &IODictionary_class))
		return dict_copy(v);
	if (io_instance_of(v, &IOValue_class))
		return io_retain((void *)v);
	return NULL;
}

static bool array_equal(const struct io_array *a, const struct io_array *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++)
		if (!io_value_equal(a->items[i], b->items[i]))
			return false;
	return true;
}

bool io_dict_is_subset(const struct io_dict *want, const struct io_dict *have)
{
	if (!io_instance_of(want, &IODictionary_class) ||
	    !io_instance_of(have, &IODictionary_class))
		return false;
	for (size_t i = 0; i < want->count; i++)
		if (!io_value_equal(want->e[i].value, io_dict_get(have, want->e[i].key)))
			return false;
	return true;
}

bool io_value_equal(const void *a, const void *b)
{
	const struct io_object *x = a, *y = b;
	if (!io_instance_of(x, &IOValue_class) || !io_instance_of(y, &IOValue_class))
		return false;
	if (x->cls != y->cls)
		return false;
	if (x == y)
		return true;
	if (x->cls == &IONumber_class)
		return ((const struct io_number *)x)->value == ((const struct io_number *)y)->value;
	if (x->cls == &IOString_class)
		return !strcmp(((const struct io_string *)x)->s, ((const struct io_string *)y)->s);
	if (x->cls == &IOData_class) {
		const struct io_data *p = a, *q = b;
		return p->len == q->len && !memcmp(p->bytes, q->bytes, p->len);
	}
	if (x->cls == &IOArray_class)
		return array_equal(a, b);
	if (x->cls == &IODictionary_class)
		return io_dict_count(a) == io_dict_count(b) && io_dict_is_subset(a, b);
	return false;
}
