/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/core/value.h - property values: numbers, strings, data (bytes),
 * arrays and dictionaries, all objects of the IOValue family (object.h).
 *
 * Ownership rules (docs/IOKIT.md "Property values"):
 *  - numbers, strings and data are immutable; *_create copies the bytes.
 *  - storing a value in an array or dictionary ("set") retains a leaf and
 *    deep-copies a container, so a container never contains itself and the
 *    caller's object is not changed by later edits of the stored one (and
 *    vice versa).  The caller keeps its own reference.
 *  - get returns a borrowed pointer, valid until that entry is replaced or
 *    removed or the container is freed.  Retain it to keep it longer.
 *  - dictionary keys are copied; entries keep insertion order.
 */
#ifndef IOKIT_CORE_VALUE_H
#define IOKIT_CORE_VALUE_H

#include "object.h"

struct io_number;
struct io_string;
struct io_data;
struct io_array;
struct io_dict;

extern const struct io_class IOValue_class;     /* abstract */
extern const struct io_class IONumber_class;
extern const struct io_class IOString_class;
extern const struct io_class IOData_class;
extern const struct io_class IOArray_class;
extern const struct io_class IODictionary_class;

struct io_number *io_number_create(uint64_t value);
uint64_t io_number_value(const struct io_number *n);

struct io_string *io_string_create(const char *s);     /* NULL s: NULL */
const char *io_string_cstr(const struct io_string *s);
size_t io_string_length(const struct io_string *s);

struct io_data *io_data_create(const void *bytes, size_t len);
const void *io_data_bytes(const struct io_data *d);
size_t io_data_length(const struct io_data *d);

struct io_array *io_array_create(void);
size_t io_array_count(const struct io_array *a);
void *io_array_get(const struct io_array *a, size_t i);        /* borrowed */
int io_array_append(struct io_array *a, const void *value);
int io_array_remove(struct io_array *a, size_t i);

struct io_dict *io_dict_create(void);
size_t io_dict_count(const struct io_dict *d);
void *io_dict_get(const struct io_dict *d, const char *key);   /* borrowed */
int io_dict_set(struct io_dict *d, const char *key, const void *value);
int io_dict_remove(struct io_dict *d, const char *key);
const char *io_dict_key_at(const struct io_dict *d, size_t i);
void *io_dict_value_at(const struct io_dict *d, size_t i);

/* Shorthands: create the leaf, set it, drop the local reference. */
int io_dict_set_number(struct io_dict *d, const char *key, uint64_t v);
int io_dict_set_string(struct io_dict *d, const char *key, const char *s);
int io_dict_set_data(struct io_dict *d, const char *key, const void *b, size_t n);
/* Typed look-ups: false / NULL if missing or of another type. */
bool io_dict_get_number(const struct io_dict *d, const char *key, uint64_t *out);
const char *io_dict_get_string(const struct io_dict *d, const char *key);

/* A leaf retained, a container deep-copied; NULL if v is no value or OOM. */
void *io_value_copy(const void *v);
/* Deep equality (same class and contents; dictionaries ignore order). */
bool io_value_equal(const void *a, const void *b);
/* Whether every key of want is present in have with an equal value. */
bool io_dict_is_subset(const struct io_dict *want, const struct io_dict *have);

#endif
