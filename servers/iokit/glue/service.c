/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * service.c - what a module driver may do with registry entries (glue ABI
 * 1.2, glue.h "module drivers"): identity and properties of an entry,
 * properties of its own entries, nubs it publishes, logging with the
 * entry's path.  iokit_service_t is struct io_service (core/service.h).
 *
 * The calls run inside probe/start/stop, where the framework holds its
 * registry lock (iokit/driver.h), so nothing here locks.  Which entries
 * are "the driver's own" is decided by the framework's module-driver
 * class (iokit_glue_set_driver_class, glue_abi.h): its instances, and the
 * nubs that are their clients.
 */
#include <stdarg.h>
#include "fmt.h"
#include "glue_abi.h"
#include "iokit/core/registry.h"
#include "iokit/core/mem.h"

static const struct io_class *driver_class;	/* NULL: no entry is writable */

void iokit_glue_set_driver_class(const struct io_class *cls)
{
	driver_class = cls;
}

static struct io_service *svc_of(iokit_service_t *s)
{
	return io_cast(s, &IOService_class);
}

static int glue_io_err(int e)
{
	switch (e) {
	case IO_OK:		return IOKIT_OK;
	case IO_ENOMEM:		return IOKIT_ENOMEM;
	case IO_EINVAL:		return IOKIT_EINVAL;
	case IO_ENOENT:		return IOKIT_ENOENT;
	case IO_EBUSY:		return IOKIT_EBUSY;
	case IO_ESTATE:		return IOKIT_EBUSY;
	case IO_ERANGE:		return IOKIT_ERANGE;
	case IO_ENODEV:		return IOKIT_ENODEV;
	default:		return IOKIT_EFAIL;
	}
}

static bool is_module_driver(const struct io_service *svc)
{
	return driver_class && io_instance_of(svc, driver_class);
}

/* The driver's own entry, or a nub (not a driver) it is the provider of. */
static bool writable(const struct io_service *svc)
{
	if (is_module_driver(svc))
		return true;
	return !svc->personality && svc->provider && is_module_driver(svc->provider);
}

const char *iokit_service_name(iokit_service_t *s)
{
	struct io_service *svc = svc_of(s);

	return svc ? svc->name : NULL;
}

const char *iokit_service_location(iokit_service_t *s)
{
	struct io_service *svc = svc_of(s);

	return svc ? svc->location : NULL;
}

iokit_service_t *iokit_service_provider(iokit_service_t *s)
{
	struct io_service *svc = svc_of(s);

	return svc ? (iokit_service_t *)svc->provider : NULL;
}

int iokit_service_get_number(iokit_service_t *s, const char *key, uint64_t *value)
{
	struct io_service *svc = svc_of(s);

	if (!svc || !key || !value)
		return IOKIT_EINVAL;
	return io_dict_get_number(svc->props, key, value) ? IOKIT_OK : IOKIT_ENOENT;
}

int iokit_service_get_string(iokit_service_t *s, const char *key, char *buf, size_t size)
{
	struct io_service *svc = svc_of(s);
	const char *v;
	size_t n;

	if (!svc || !key || !buf || !size)
		return IOKIT_EINVAL;
	buf[0] = 0;
	if (!(v = io_dict_get_string(svc->props, key)))
		return IOKIT_ENOENT;
	n = strlen(v);
	if (n >= size)
		return IOKIT_ERANGE;
	memcpy(buf, v, n + 1);
	return IOKIT_OK;
}

/* The checks before a property write: entry, key, ownership. */
static int check_set(struct io_service *svc, const char *key)
{
	if (!svc || !key || !*key || strlen(key) >= IO_NAME_MAX)
		return IOKIT_EINVAL;
	if (!writable(svc) || (key[0] == 'I' && key[1] == 'O'))
		return IOKIT_EPERM;
	return IOKIT_OK;
}

int iokit_service_set_number(iokit_service_t *s, const char *key, uint64_t value)
{
	struct io_service *svc = svc_of(s);
	int e = check_set(svc, key);

	return e ? e : glue_io_err(io_dict_set_number(svc->props, key, value));
}

int iokit_service_set_string(iokit_service_t *s, const char *key, const char *value)
{
	struct io_service *svc = svc_of(s);
	int e = check_set(svc, key);

	if (!e && !value)
		e = IOKIT_EINVAL;
	return e ? e : glue_io_err(io_dict_set_string(svc->props, key, value));
}

int iokit_nub_create(iokit_service_t *self, const char *name, const char *location,
		     iokit_service_t **out)
{
	struct io_service *drv = svc_of(self), *nub;
	int e;

	if (out)
		*out = NULL;
	if (!drv || !out || !io_name_valid(name, false) ||
	    (location && !io_name_valid(location, true)))
		return IOKIT_EINVAL;
	if (!is_module_driver(drv))
		return IOKIT_EPERM;
	if (!drv->reg || drv->terminating)
		return IOKIT_EBUSY;
	if (!(nub = io_service_create(&IOService_class, name, location)))
		return IOKIT_ENOMEM;
	e = io_service_attach(drv, nub);
	io_release(nub);		/* the provider's reference keeps it */
	if (e)
		return glue_io_err(e);
	*out = (iokit_service_t *)nub;
	return IOKIT_OK;
}

int iokit_nub_publish(iokit_service_t *nub)
{
	struct io_service *svc = svc_of(nub);

	if (!svc)
		return IOKIT_EINVAL;
	if (is_module_driver(svc) || !writable(svc))
		return IOKIT_EPERM;
	return glue_io_err(io_service_register(svc));
}

void iokit_service_logf(iokit_service_t *s, const char *fmt, ...)
{
	struct io_service *svc = svc_of(s);
	char line[256];
	size_t n;
	va_list ap;

	if (!svc || io_service_path(svc, line, sizeof(line) - 2))
		snfmt(line, sizeof(line) - 2, "%s", svc ? svc->name : "(no entry)");
	n = strlen(line);
	line[n++] = ':';
	line[n++] = ' ';
	va_start(ap, fmt);
	vsnfmt(line + n, sizeof(line) - n, fmt ? fmt : "(null)", ap);
	va_end(ap);
	iokit_log(line);
}
