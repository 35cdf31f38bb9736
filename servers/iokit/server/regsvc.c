/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * regsvc.c - the registry client interface (ioreg.idl): one server thread
 * per `registry=SERVICE[:ROOT]` argument, receiving on the provided
 * service SERVICE.  Every request resolves the service's root path and
 * the entry it names under the registry lock, so a client sees only the
 * subtree at ROOT, and an entry terminated meanwhile is simply not found.
 */
#include "server.h"
#include "ioreg.h"

#define IOREG_E_NOT_FOUND 0x200
#define IOREG_E_TOO_BIG   0x201
#define REGSVC_MAX        4
#define ROOT_MAX          128

enum { T_NUMBER = 1, T_STRING, T_DATA, T_ARRAY, T_DICT };

struct regsvc {
	dbt_slot_t ep;
	char service[DBT_ENV_NAME_LEN];
	char root[ROOT_MAX];
};

static struct regsvc services[REGSVC_MAX];

/* The service's root entry, or NULL; lock held. */
static struct io_service *svc_root(const struct regsvc *rs)
{
	return io_registry_lookup(iokitd_registry(), rs->root);
}

struct find_id {
	uint64_t id;
	struct io_service *found;
};

static int match_id(struct io_service *svc, unsigned depth, void *ctx)
{
	(void)depth;
	struct find_id *f = ctx;
	if (svc->id != f->id)
		return 0;
	f->found = svc;
	return 1;
}

/* Entry id inside the service's subtree, or NULL; lock held. */
static struct io_service *svc_entry(const struct regsvc *rs, dbt_word_t id)
{
	struct io_service *root = svc_root(rs);
	struct find_id f = { id, NULL };
	if (root && id)
		io_registry_iterate(root, match_id, &f);
	return f.found;
}

/* Bytes from a client as a C string; false if it holds a NUL or is too long. */
static bool client_string(const void *in, dbt_word_t len, char *out, size_t size)
{
	if (len >= size || strnlen(in, len) != len)
		return false;
	memcpy(out, in, len);
	out[len] = 0;
	return true;
}

static dbt_word_t op_lookup(void *ctx, dbt_word_t badge, const void *path, dbt_word_t path_len,
                            dbt_word_t *id, void *cls, dbt_word_t *cls_len)
{
	(void)badge;
	char p[IOREG_LOOKUP_PATH_MAX + 1];
	if (!client_string(path, path_len, p, sizeof(p)) || p[0] != '/')
		return IOREG_E_NOT_FOUND;
	iokitd_lock();
	struct io_service *root = svc_root(ctx), *e = NULL;
	if (root)
		e = p[1] ? io_service_lookup(root, p + 1) : root;
	if (e) {
		*id = e->id;
		*cls_len = (dbt_word_t)snfmt(cls, IOREG_LOOKUP_CLASS_NAME_MAX, "%s", io_class_name(e));
	}
	iokitd_unlock();
	return e ? DBT_OK : IOREG_E_NOT_FOUND;
}

static dbt_word_t op_children(void *ctx, dbt_word_t badge, dbt_word_t id, dbt_word_t index,
                              dbt_word_t *child, void *name, dbt_word_t *name_len)
{
	(void)badge;
	iokitd_lock();
	struct io_service *e = svc_entry(ctx, id), *c = e ? io_service_first_client(e) : NULL;
	for (dbt_word_t i = 0; c && i < index; i++)
		c = io_service_next_sibling(c);
	if (c) {
		*child = c->id;
		*name_len = (dbt_word_t)snfmt(name, IOREG_CHILDREN_NAME_MAX, "%s%s%s", c->name,
		                              c->location[0] ? "@" : "", c->location);
	}
	iokitd_unlock();
	return c ? DBT_OK : IOREG_E_NOT_FOUND;
}

static dbt_word_t op_key_at(void *ctx, dbt_word_t badge, dbt_word_t id, dbt_word_t index,
                                  void *key, dbt_word_t *key_len)
{
	(void)badge;
	dbt_word_t err = IOREG_E_NOT_FOUND;
	iokitd_lock();
	struct io_service *e = svc_entry(ctx, id);
	if (e && index < io_dict_count(e->props)) {
		const char *k = io_dict_key_at(e->props, index);
		size_t n = strlen(k);
		if (n <= IOREG_KEY_AT_KEY_MAX) {
			memcpy(key, k, n);
			*key_len = n;
			err = DBT_OK;
		} else {
			err = IOREG_E_TOO_BIG;
		}
	}
	iokitd_unlock();
	return err;
}

/* Encode v into value; lock held. */
static dbt_word_t value_encode(const void *v, dbt_word_t *type, uint8_t *value, dbt_word_t *len)
{
	size_t n;
	if (io_instance_of(v, &IONumber_class)) {
		uint64_t x = io_number_value(v);
		*type = T_NUMBER;
		memcpy(value, &x, 8);
		*len = 8;
	} else if (io_instance_of(v, &IOString_class) || io_instance_of(v, &IOData_class)) {
		bool str = io_instance_of(v, &IOString_class);
		n = str ? io_string_length(v) : io_data_length(v);
		if (n > IOREG_PROPERTY_VALUE_MAX)
			return IOREG_E_TOO_BIG;
		memcpy(value, str ? (const void *)io_string_cstr(v) : io_data_bytes(v), n);
		*type = str ? T_STRING : T_DATA;
		*len = n;
	} else {
		char text[IOREG_PROPERTY_VALUE_MAX + 1];
		ioreg_format_value(v, text, sizeof(text));
		*type = io_instance_of(v, &IOArray_class) ? T_ARRAY : T_DICT;
		*len = strlen(text);
		memcpy(value, text, *len);
	}
	return DBT_OK;
}

static dbt_word_t op_property(void *ctx, dbt_word_t badge, dbt_word_t id, const void *key,
                              dbt_word_t key_len, dbt_word_t *type, void *value, dbt_word_t *len)
{
	(void)badge;
	char k[IOREG_PROPERTY_KEY_MAX + 1];
	if (!client_string(key, key_len, k, sizeof(k)))
		return IOREG_E_NOT_FOUND;
	dbt_word_t err = IOREG_E_NOT_FOUND;
	iokitd_lock();
	struct io_service *e = svc_entry(ctx, id);
	const void *v = e ? io_dict_get(e->props, k) : NULL;
	if (v)
		err = value_encode(v, type, value, len);
	iokitd_unlock();
	return err;
}

static const struct ioreg_ops regsvc_ops = {
	.lookup = op_lookup, .children = op_children, .key_at = op_key_at,
	.property = op_property,
};

static void *regsvc_thread(void *arg)
{
	struct regsvc *rs = arg;
	ioreg_serve(&regsvc_ops, rs, rs->ep);
	uprintf("iokitd: %s: registry service %s: endpoint failed\n", iokitd_instance(), rs->service);
	return NULL;
}

/* Parse one "SERVICE[:ROOT]" into rs; false (with a line) if unusable. */
static bool regsvc_parse(const char *word, struct regsvc *rs)
{
	const char *colon = strchr(word, ':');
	size_t n = colon ? (size_t)(colon - word) : strlen(word);
	if (n == 0 || n >= sizeof(rs->service)) {
		uprintf("iokitd: %s: registry=%s: bad service name\n", iokitd_instance(), word);
		return false;
	}
	memcpy(rs->service, word, n);
	rs->service[n] = 0;
	snfmt(rs->root, sizeof(rs->root), "%s", colon ? colon + 1 : "/");
	const struct dbt_env_entry *e = urt_env_find(rs->service);
	if (!e || e->kind != DBT_ENV_PROVIDES) {
		uprintf("iokitd: %s: registry=%s: the instance does not provide '%s'\n",
		        iokitd_instance(), word, rs->service);
		return false;
	}
	rs->ep = (dbt_slot_t)e->slot;
	return true;
}

unsigned regsvc_start(void)
{
	unsigned n = 0;
	const char *p = urt_env->args;
	while (*p && n < REGSVC_MAX) {
		while (*p == ' ')
			p++;
		size_t len = 0;
		while (p[len] && p[len] != ' ')
			len++;
		if (len > 9 && !strncmp(p, "registry=", 9) && len - 9 < 64) {
			char word[64];
			memcpy(word, p + 9, len - 9);
			word[len - 9] = 0;
			urt_thread_t *t;
			if (regsvc_parse(word, &services[n]) &&
			    urt_thread_create(&t, regsvc_thread, &services[n], URT_PRIO_INHERIT) == URT_OK) {
				uprintf("iokitd: %s: registry service '%s' serves %s\n", iokitd_instance(),
				        services[n].service, services[n].root);
				n++;
			}
		}
		p += len;
	}
	return n;
}
