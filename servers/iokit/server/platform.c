/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * platform.c - the platform expert: the entry "platform" under the root
 * (IOPlatformExpert) and one IOPlatformDevice nub under it per legacy PC
 * device the composition granted this instance (iokit/driver.h): a COM port,
 * the PS/2 controller or the CMOS RTC counts as granted when all of its
 * I/O ports lie in the instance's `ioport` grants; its IRQ line is
 * attached when the instance holds that `irq` too.  The argument
 * `platform=NAME[,NAME...]` adds resource-less nubs with those names (for
 * drivers that match by name, such as the SDK's example module).
 *
 * Entry point: iokitd_platform_publish (registry lock held).
 */
#include "server.h"

const struct io_class IOPlatformExpert_class = {
	.name = "IOPlatformExpert", .super = &IOService_class,
	.size = sizeof(struct io_service),
};

const struct io_class IOPlatformDevice_class = {
	.name = "IOPlatformDevice", .super = &IOService_class,
	.size = sizeof(struct iokit_platform_device),
};

/* The well-known PC devices: the port range the nub reports, the ports
 * that must be granted for it (the PS/2 controller uses 0x60 and 0x64
 * only), and its IRQ line. */
struct legacy_dev {
	const char *name;
	uint16_t base, count;
	uint16_t need_count;            /* ports from base that must be granted */
	uint16_t need2;                 /* one more port that must be granted (0: none) */
	int irq;
};

static const struct legacy_dev legacy[] = {
	{ "serial", 0x3f8, 8, 8, 0, 4 },
	{ "serial", 0x2f8, 8, 8, 0, 3 },
	{ "serial", 0x3e8, 8, 8, 0, 4 },
	{ "serial", 0x2e8, 8, 8, 0, 3 },
	{ "ps2", 0x60, 5, 1, 0x64, 1 },
	{ "rtc", 0x70, 2, 2, 0, 8 },
};

/* Whether ports first..first+count-1 all lie in one granted range. */
static bool ports_granted(unsigned first, unsigned count)
{
	for (dbt_word_t i = 0; i < urt_env->nentries; i++) {
		const struct dbt_env_entry *e = &urt_env->entry[i];
		if (e->kind != DBT_ENV_IOPORTS || strchr(e->name, '/'))
			continue;       /* "BB:DD.F/barN": a PCI function's, not the platform's */
		if (first >= e->addr && first + count <= e->addr + e->size)
			return true;
	}
	return false;
}

static const struct dbt_env_entry *irq_granted(int line)
{
	for (dbt_word_t i = 0; i < urt_env->nentries; i++) {
		const struct dbt_env_entry *e = &urt_env->entry[i];
		if (e->kind == DBT_ENV_IRQ && !strchr(e->name, '/') && e->addr == (dbt_word_t)line)
			return e;
	}
	return NULL;
}

static struct iokit_platform_device *nub_create(const char *name, const char *loc)
{
	struct iokit_platform_device *d = (struct iokit_platform_device *)
		io_service_create(&IOPlatformDevice_class, name, loc);
	if (d)
		d->irq_line = -1;
	return d;
}

/* Attach, publish (matching runs) and drop the local reference. */
static bool nub_publish(struct io_service *parent, struct iokit_platform_device *d)
{
	int err = io_service_attach(parent, &d->svc);
	if (!err)
		err = io_service_register(&d->svc);
	if (err)
		uprintf("iokitd: %s: platform nub %s: cannot publish (%d)\n", iokitd_instance(),
		        d->svc.name, err);
	io_release(d);
	return !err;
}

static bool legacy_publish(struct io_service *pe, const struct legacy_dev *l)
{
	if (!ports_granted(l->base, l->need_count) ||
	    (l->need2 && !ports_granted(l->need2, 1)))
		return false;
	char loc[8];
	snfmt(loc, sizeof(loc), "%x", l->base);
	struct iokit_platform_device *d = nub_create(l->name, loc);
	if (!d)
		return false;
	d->io_base = l->base;
	d->io_count = l->count;
	io_dict_set_number(d->svc.props, "io-base", l->base);
	io_dict_set_number(d->svc.props, "io-count", l->count);
	const struct dbt_env_entry *irq = irq_granted(l->irq);
	if (irq) {
		d->irq_line = l->irq;
		d->irq = (dbt_slot_t)irq->slot;
		io_dict_set_number(d->svc.props, "interrupt", (uint64_t)l->irq);
	}
	return nub_publish(pe, d);
}

/* platform=a,b: nubs without resources, named a and b. */
static unsigned named_publish(struct io_service *pe)
{
	char arg[128], *p = arg;
	if (!urt_arg("platform", arg, sizeof(arg)))
		return 0;
	unsigned n = 0;
	while (*p) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = 0;
		struct iokit_platform_device *d = io_name_valid(p, false) ? nub_create(p, NULL) : NULL;
		if (!d)
			uprintf("iokitd: %s: platform=%s: bad nub name\n", iokitd_instance(), p);
		else if (nub_publish(pe, d))
			n++;
		if (!comma)
			break;
		p = comma + 1;
	}
	return n;
}

unsigned iokitd_platform_publish(struct io_registry *reg)
{
	struct io_service *pe = io_service_create(&IOPlatformExpert_class, "platform", NULL);
	if (!pe || io_service_attach(io_registry_root(reg), pe) || io_service_register(pe)) {
		uprintf("iokitd: %s: cannot create the platform expert\n", iokitd_instance());
		io_release(pe);
		return 0;
	}
	io_dict_set_string(pe->props, "model", "pc-q35");
	unsigned n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(legacy); i++)
		n += legacy_publish(pe, &legacy[i]);
	n += named_publish(pe);
	io_release(pe);         /* the root holds it */
	return n;
}
