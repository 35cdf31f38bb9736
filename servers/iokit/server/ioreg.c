/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ioreg.c - the registry printed on the console (`ioreg [PATH]`): each
 * entry as "o NAME@LOC <CLASS, id N, STATE[, published]>", indented by its
 * depth, followed by its properties, one per line: "KEY = VALUE" with
 * numbers in hex, strings quoted, data as <hex bytes>, arrays as (a, b)
 * and dictionaries as {"k" = v, ...}, nested.  A value longer than 160
 * characters continues on lines that start with "> " (so that no line is
 * longer than a component without a console of its own may log); it is cut
 * at 1000 characters with "...".
 */
#include "server.h"

#define VALUE_MAX_CHARS 1000
#define CHUNK_CHARS 160                 /* output lines stay under the composer's 240-byte log lines */

struct fmtbuf {
	char *buf;
	size_t len, size;
};

static void put(struct fmtbuf *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct fmtbuf *f, const char *fmt, ...)
{
	if (f->len + 1 >= f->size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnfmt(f->buf + f->len, f->size - f->len, fmt, ap);
	va_end(ap);
	f->len += n > 0 ? (size_t)n : 0;
	if (f->len >= f->size)
		f->len = f->size - 1;
}

static void value_put(struct fmtbuf *f, const void *v, unsigned depth);

static void array_put(struct fmtbuf *f, const struct io_array *a, unsigned depth)
{
	put(f, "(");
	for (size_t i = 0; i < io_array_count(a); i++) {
		put(f, i ? ", " : "");
		value_put(f, io_array_get(a, i), depth + 1);
	}
	put(f, ")");
}

static void dict_put(struct fmtbuf *f, const struct io_dict *d, unsigned depth)
{
	put(f, "{");
	for (size_t i = 0; i < io_dict_count(d); i++) {
		put(f, "%s\"%s\" = ", i ? ", " : "", io_dict_key_at(d, i));
		value_put(f, io_dict_value_at(d, i), depth + 1);
	}
	put(f, "}");
}

static void value_put(struct fmtbuf *f, const void *v, unsigned depth)
{
	if (depth > 8) {
		put(f, "...");
	} else if (io_instance_of(v, &IONumber_class)) {
		put(f, "0x%lx", io_number_value(v));
	} else if (io_instance_of(v, &IOString_class)) {
		put(f, "\"%s\"", io_string_cstr(v));
	} else if (io_instance_of(v, &IOData_class)) {
		const uint8_t *b = io_data_bytes(v);
		put(f, "<");
		for (size_t i = 0; i < io_data_length(v); i++)
			put(f, "%s%02x", i ? " " : "", b[i]);
		put(f, ">");
	} else if (io_instance_of(v, &IOArray_class)) {
		array_put(f, v, depth);
	} else if (io_instance_of(v, &IODictionary_class)) {
		dict_put(f, v, depth);
	} else {
		put(f, "?");
	}
}

void ioreg_format_value(const void *value, char *buf, size_t len)
{
	struct fmtbuf f = { buf, 0, len };
	if (!len)
		return;
	buf[0] = 0;
	value_put(&f, value, 0);
	if (f.len == len - 1 && len > 4)
		memcpy(buf + len - 4, "...", 4);
}

static const char *state_name(const struct io_service *s)
{
	static const char *const names[] = {
		[IO_SVC_CREATED] = "created", [IO_SVC_ATTACHED] = "attached",
		[IO_SVC_STARTED] = "started", [IO_SVC_STOPPED] = "stopped",
		[IO_SVC_TERMINATED] = "terminated",
	};
	return (unsigned)s->state < ARRAY_SIZE(names) ? names[s->state] : "?";
}

static int entry_print(struct io_service *svc, unsigned depth, void *ctx)
{
	(void)ctx;
	char pad[2 * 16 + 1];
	unsigned n = depth < 16 ? depth : 16;
	memset(pad, ' ', 2 * n);
	pad[2 * n] = 0;
	uprintf("%so %s%s%s  <%s, id 0x%lx, %s%s>\n", pad, svc->name, svc->location[0] ? "@" : "",
	        svc->location, io_class_name(svc), svc->id, state_name(svc),
	        svc->published ? ", published" : "");
	for (size_t i = 0; i < io_dict_count(svc->props); i++) {
		char value[VALUE_MAX_CHARS + 1];
		ioreg_format_value(io_dict_value_at(svc->props, i), value, sizeof(value));
		size_t len = strlen(value);
		for (size_t off = 0; off == 0 || off < len; off += CHUNK_CHARS) {
			char chunk[CHUNK_CHARS + 1];
			size_t n = len - off < CHUNK_CHARS ? len - off : CHUNK_CHARS;
			memcpy(chunk, value + off, n);
			chunk[n] = 0;
			if (off == 0)
				uprintf("%s    \"%s\" = %s\n", pad, io_dict_key_at(svc->props, i), chunk);
			else
				uprintf("%s      > %s\n", pad, chunk);
		}
	}
	return 0;
}

void ioreg_print(const char *path)
{
	iokitd_lock();
	struct io_service *from = io_registry_lookup(iokitd_registry(), path);
	if (!from) {
		uprintf("ioreg: %s: no such registry entry (paths look like /pci@0/pci8086,2922@1f,2)\n",
		        path);
	} else {
		uprintf("ioreg: %s: %s\n", iokitd_instance(), path);
		io_registry_iterate(from, entry_print, NULL);
		uprintf("ioreg: end of %s\n", path);
	}
	iokitd_unlock();
}
