/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_moddrv.c - host tests of module drivers (servers/iokit/server/moddrv.c)
 * with the real loader, core and glue service functions: the match-string
 * translation (table-driven, exact errors), the modules of
 * tests/host/kmod/modules/ (drv12: two drivers, one on the other's nub; badops:
 * every refused init; hello: ABI 1.0) registered in a host registry,
 * matched, started, stopped and unregistered, with use counts and the
 * core's allocation count back to where they started.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "util.h"
#include "host_abi.h"
#include "iokit/server/moddrv.h"
#include "iokit/core/mem.h"

#ifndef KMOD_MODULE_DIR
#error "build with -DKMOD_MODULE_DIR=\"...\""
#endif

/* ---- the match string ------------------------------------------------------- */

static const struct match_case {
	const char *match;
	int rc;
	const char *want;       /* names|props|pci, or the error */
} match_cases[] = {
	{ "name=widget", IO_OK, "widget||" },
	{ "  name=a   compatible=b,c  ", IO_OK, "a b,c||" },
	{ "io-base=0x300 kind=\"7\" label=com1", IO_OK, "|io-base=#768 kind=7 label=com1|" },
	{ "irq=12 big=18446744073709551615", IO_OK, "|irq=#12 big=#18446744073709551615|" },
	{ "over=18446744073709551616", IO_OK, "|over=18446744073709551616|" },
	{ "vendor=0x1af4 device-id=0x1001&0xfff0 class=0x010000&0xff0000", IO_OK,
	  "||v=1af4/ffffffff d=1001/fff0 c=10000/ff0000" },
	{ "", IO_OK, "||" },
	{ "name", IO_EINVAL, "'name' is not key=value" },
	{ "=x", IO_EINVAL, "empty key in '=x'" },
	{ "name=", IO_EINVAL, "no value for 'name'" },
	{ "vendor=0x1af4 vendor-id=1", IO_EINVAL, "duplicate key 'vendor-id'" },
	{ "a=1 a=2", IO_EINVAL, "duplicate key 'a'" },
	{ "vendor=0xZZ", IO_EINVAL, "bad number '0xZZ' for 'vendor'" },
	{ "device=1&", IO_EINVAL, "bad number '1&' for 'device'" },
	{ "class=0x100000000", IO_EINVAL, "'0x100000000' for 'class' out of range" },
	{ "class=1&0", IO_EINVAL, "'1&0' for 'class' out of range" },
	{ "k=\"open", IO_EINVAL, "unbalanced quote in '\"open'" },
	{ "n=1 n=2 n=3 name=a name=b name=c name=d name=e name=f name=g name=h name=i",
	  IO_EINVAL, "duplicate key 'n'" },
	{ "name=a name=b name=c name=d name=e name=f name=g name=h name=i",
	  IO_EINVAL, "more than 8 names" },
	{ "name=0123456789012345678901234567890123456789012345678901234567890123",
	  IO_EINVAL, "name '0123456789012345678901234567890123456789012345678901234567890123' too long" },
	{ "0123456789012345678901234567890123456789012345678901234567890123=1",
	  IO_EINVAL, "key '0123456789012345678901234567890123456789012345678901234567890123' too long" },
};

/* "names|key=value ...|pci" for a parsed personality: numbers as #n. */
static void describe(const struct io_personality_desc *d, char *out, size_t len)
{
	size_t n = 0;
	for (int i = 0; i < IO_NAME_MATCH_MAX && d->name_match[i]; i++)
		n += snprintf(out + n, len - n, "%s%s", i ? " " : "", d->name_match[i]);
	n += snprintf(out + n, len - n, "|");
	for (size_t i = 0; d->property_match && i < io_dict_count(d->property_match); i++) {
		const char *k = io_dict_key_at(d->property_match, i);
		void *v = io_dict_value_at(d->property_match, i);
		if (io_instance_of(v, &IONumber_class))
			n += snprintf(out + n, len - n, "%s%s=#%llu", i ? " " : "", k,
				      (unsigned long long)io_number_value(v));
		else
			n += snprintf(out + n, len - n, "%s%s=%s", i ? " " : "", k, io_string_cstr(v));
	}
	n += snprintf(out + n, len - n, "|");
	const struct { const char *tag; struct io_mask_match m; } pci[] = {
		{ "v", d->pci_vendor }, { "d", d->pci_device }, { "c", d->pci_class },
	};
	for (size_t i = 0, first = 1; i < ARRAY_SIZE(pci); i++)
		if (pci[i].m.mask) {
			n += snprintf(out + n, len - n, "%s%s=%x/%x", first ? "" : " ", pci[i].tag,
				      pci[i].m.value, pci[i].m.mask);
			first = 0;
		}
}

HTEST(match_string_table)
{
	long live = iok_mem_live();
	for (size_t i = 0; i < ARRAY_SIZE(match_cases); i++) {
		const struct match_case *c = &match_cases[i];
		struct io_personality_desc d = { 0 };
		struct moddrv_names names;
		char err[96], got[256];
		int rc = moddrv_match_parse(c->match, &d, &names, err, sizeof(err));
		if (rc == IO_OK)
			describe(&d, got, sizeof(got));
		else
			snprintf(got, sizeof(got), "%s", err);
		io_release((struct io_dict *)d.property_match);
		if (rc != c->rc || strcmp(got, c->want))
			fprintf(stderr, "match '%s': want %d '%s'\n got %d '%s'\n", c->match, c->rc,
				c->want, rc, got);
		CHECK(rc == c->rc && !strcmp(got, c->want));
		CHECK(rc == IO_OK || !d.property_match);
	}
	CHECK(iok_mem_live() == live);
}

/* The translation in use: the personality matches exactly the nubs it says. */
HTEST(match_string_matches_nubs)
{
	struct io_personality_desc d = { 0 };
	struct moddrv_names names;
	char err[96];
	CHECK(moddrv_match_parse("compatible=darbat,w irq=4 vendor=0x1af4 class=0x010000&0xff0000",
				 &d, &names, err, sizeof(err)) == IO_OK);
	d.name = "p";
	d.driver_class = &IOService_class;
	struct io_catalog *cat;
	struct io_registry *reg = io_registry_create();
	CHECK(reg && (cat = io_catalog_create(reg)));
	CHECK(io_catalog_add(cat, &d) == IO_OK);
	io_release((struct io_dict *)d.property_match);
	struct io_service *yes = io_service_create(&IOService_class, "darbat,w", NULL);
	struct io_service *no = io_service_create(&IOService_class, "darbat,w", NULL);
	io_dict_set_number(yes->props, "irq", 4);
	io_dict_set_number(yes->props, "vendor-id", 0x1af4);
	io_dict_set_number(yes->props, "class-code", 0x010601);
	io_dict_set_number(no->props, "irq", 4);
	io_dict_set_number(no->props, "vendor-id", 0x1af4);
	io_dict_set_number(no->props, "class-code", 0x020000);
	io_service_attach(io_registry_root(reg), yes);
	io_service_attach(io_registry_root(reg), no);
	io_service_register(yes);
	io_service_register(no);
	CHECK(io_service_first_client(yes) && !io_service_first_client(no));
	io_release(yes);
	io_release(no);
	io_catalog_destroy(cat);
	io_registry_destroy(reg);
}

/* ---- modules ------------------------------------------------------------------ */

static struct kmod_loader loader;
static struct io_registry *reg;
static struct io_catalog *cat;
static struct io_service *platform;
static unsigned char *files[8];
static unsigned nfiles;

static struct kmod *load(const char *name)
{
	char path[512];
	struct kmod *m = NULL;
	snprintf(path, sizeof(path), "%s/%s.o", KMOD_MODULE_DIR, name);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	size_t size = (size_t)ftell(fp);
	fseek(fp, 0, SEEK_SET);
	unsigned char *data = aligned_alloc(16, (size + 15) & ~(size_t)15);
	if (fread(data, 1, size, fp) == size && nfiles < 8 &&
	    kmod_load(&loader, name, data, size, &m) != KMOD_OK)
		fprintf(stderr, "%s\n", loader.error);
	fclose(fp);
	files[nfiles++] = data;
	return m;
}

static long live_at_start;

static void setup(void)
{
	live_at_start = iok_mem_live();
	kmod_loader_init(&loader, &host_abi, &host_mem);
	host_mem_outstanding = 0;
	reg = io_registry_create();
	cat = io_catalog_create(reg);
	platform = io_service_create(&IOService_class, "platform", NULL);
	io_service_attach(io_registry_root(reg), platform);
	io_release(platform);
	io_service_register(platform);
}

/* Everything gone: registry, catalog, every module unloadable, no leaks. */
static bool teardown(void)
{
	io_catalog_destroy(cat);
	io_registry_destroy(reg);
	bool ok = true;
	while (kmod_first(&loader) && ok)
		ok = kmod_unload(&loader, kmod_first(&loader)) == KMOD_OK;
	while (nfiles)
		free(files[--nfiles]);
	if (!ok || host_mem_outstanding || iok_mem_live() != live_at_start)
		fprintf(stderr, "teardown: unload %d, loader blocks %ld, core blocks %ld -> %ld\n",
			ok, host_mem_outstanding, live_at_start, iok_mem_live());
	return ok && !host_mem_outstanding && iok_mem_live() == live_at_start;
}

static struct io_service *platform_nub(const char *name, const char *loc, uint64_t base,
				       uint64_t irq)
{
	struct io_service *nub = io_service_create(&IOPlatformDevice_class, name, loc);
	io_dict_set_number(nub->props, "io-base", base);
	io_dict_set_number(nub->props, "interrupt", irq);
	io_service_attach(platform, nub);
	io_release(nub);
	return nub;
}

static int *var(struct kmod *m, const char *name)
{
	return (int *)kmod_lookup(m, name);
}

static struct io_service *client_named(struct io_service *s, const char *name)
{
	io_service_foreach_client(c, s)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

HTEST(driver_lifecycle)
{
	setup();
	struct kmod *m = load("drv12");
	CHECK(m);
	struct io_service *nub = platform_nub("widget", "300", 0x300, 5);
	CHECK(moddrv_register(cat, m) == IO_OK && !strcmp(moddrv_error(), ""));
	CHECK(io_catalog_count(cat) == 2 && m->use_count == 0);
	CHECK(io_service_register(nub) == IO_OK);
	struct io_service *drv = client_named(nub, "WidgetDriver");
	CHECK(drv && drv->state == IO_SVC_STARTED);
	CHECK(io_instance_of(drv, &IOModuleDriver_class));
	CHECK(!strcmp(io_class_name(drv), "WidgetDriver"));
	uint64_t v;
	CHECK(io_dict_get_number(drv->props, "widget-base", &v) && v == 0x301);
	CHECK(io_dict_get_number(drv->props, "IOProbeScore", &v) && v == 505);
	CHECK(!strcmp(io_dict_get_string(drv->props, "widget-state"), "running"));
	struct io_service *port = client_named(drv, "widget-port");
	CHECK(port && port->published && !strcmp(port->location, "300"));
	struct io_service *child = client_named(port, "WidgetChild");
	CHECK(child && child->state == IO_SVC_STARTED);
	CHECK(*var(m, "drv12_child_starts") == 1);
	CHECK(!strcmp((char *)kmod_lookup(m, "drv12_kind"), "7"));
	CHECK(moddrv_instances(m) == 2 && m->use_count == 2);
	CHECK(!strcmp(host_log_last, "/platform/widget@300/WidgetDriver: started at 300 base 0x300"));
	CHECK(kmod_unload(&loader, m) == KMOD_EBUSY);
	CHECK(moddrv_unregister(cat, m) == IO_OK);
	CHECK(!strcmp(host_log_last, "/platform/widget@300/WidgetDriver: stopped on widget"));
	CHECK(*var(m, "drv12_stops") == 1 && !io_service_first_client(nub));
	CHECK(moddrv_instances(m) == 0 && m->use_count == 0 && io_catalog_count(cat) == 0);
	CHECK(moddrv_unregister(cat, m) == IO_ENOENT);
	CHECK(!strcmp(moddrv_error(), "moddrv: drv12: not registered"));
	CHECK(teardown());
}

HTEST(registered_after_publish_rematches)
{
	setup();
	struct kmod *m = load("drv12");
	CHECK(m);
	struct io_service *nub = platform_nub("widget", "300", 0x300, 0);
	CHECK(io_service_register(nub) == IO_OK && !io_service_first_client(nub));
	CHECK(moddrv_register(cat, m) == IO_OK);
	CHECK(client_named(nub, "WidgetDriver") && moddrv_instances(m) == 2);
	CHECK(moddrv_register(cat, m) == IO_EBUSY);
	CHECK(!strcmp(moddrv_error(), "moddrv: drv12: already registered"));
	CHECK(moddrv_unregister(cat, m) == IO_OK && teardown());
}

HTEST(nubs_that_do_not_match)
{
	setup();
	struct kmod *m = load("drv12");
	CHECK(m && moddrv_register(cat, m) == IO_OK);
	struct io_service *other_base = platform_nub("widget", "200", 0x200, 0);
	struct io_service *plain = io_service_create(&IOService_class, "widget", "300");
	io_dict_set_number(plain->props, "io-base", 0x300);
	io_service_attach(platform, plain);
	io_release(plain);
	struct io_service *wrong_kind = io_service_create(&IOService_class, "widget-port", NULL);
	io_dict_set_number(wrong_kind->props, "kind", 7);      /* a number, not "7" */
	io_service_attach(platform, wrong_kind);
	io_release(wrong_kind);
	CHECK(!io_service_register(other_base) && !io_service_register(plain) &&
	      !io_service_register(wrong_kind));
	CHECK(!io_service_first_client(other_base) && !io_service_first_client(plain) &&
	      !io_service_first_client(wrong_kind));
	CHECK(moddrv_instances(m) == 0 && m->use_count == 0);
	CHECK(moddrv_unregister(cat, m) == IO_OK && teardown());
}

HTEST(probe_and_start_declining)
{
	setup();
	struct kmod *m = load("drv12");
	CHECK(m && moddrv_register(cat, m) == IO_OK);
	*var(m, "drv12_probe_result") = IOKIT_ENODEV;
	struct io_service *a = platform_nub("widget", "300", 0x300, 0);
	CHECK(io_service_register(a) == IO_OK && !io_service_first_client(a));
	*var(m, "drv12_probe_result") = IOKIT_OK;
	*var(m, "drv12_start_result") = IOKIT_EBUSY;
	struct io_service *b = platform_nub("widget", "300", 0x300, 0);
	CHECK(io_service_register(b) == IO_OK && !io_service_first_client(b));
	CHECK(!strcmp(host_log_last, "moddrv: drv12: WidgetDriver: start on widget failed: error 3"));
	CHECK(*var(m, "drv12_stops") == 0);
	CHECK(moddrv_instances(m) == 0 && m->use_count == 0);
	CHECK(moddrv_unregister(cat, m) == IO_OK && teardown());
}

/* A driver someone still holds keeps its module (and its class) alive. */
HTEST(instance_outliving_unregistration)
{
	setup();
	struct kmod *m = load("drv12");
	CHECK(m && moddrv_register(cat, m) == IO_OK);
	struct io_service *nub = platform_nub("widget", "300", 0x300, 0);
	CHECK(io_service_register(nub) == IO_OK);
	struct io_service *drv = io_retain(client_named(nub, "WidgetDriver"));
	CHECK(drv);
	CHECK(moddrv_unregister(cat, m) == IO_OK);
	CHECK(drv->state == IO_SVC_TERMINATED && m->use_count == 1);
	CHECK(kmod_unload(&loader, m) == KMOD_EBUSY);
	CHECK(!strcmp(io_class_name(drv), "WidgetDriver"));
	io_release(drv);
	CHECK(m->use_count == 0);
	CHECK(teardown());
}

HTEST(old_abi_modules)
{
	setup();
	struct kmod *hello = load("hello"), *lib = load("libdep");
	CHECK(hello && lib);
	CHECK(moddrv_register(cat, hello) == IO_EINVAL);
	CHECK(!strcmp(moddrv_error(),
		      "moddrv: hello: built against ABI 1.0: driver personalities need 1.2"));
	CHECK(io_catalog_count(cat) == 0);
	CHECK(moddrv_register(cat, lib) == IO_OK && io_catalog_count(cat) == 0);
	CHECK(moddrv_unregister(cat, lib) == IO_OK);
	CHECK(teardown());
}

HTEST(bad_ops_refused)
{
	static const char *const why[] = {
		"moddrv: badops: BadDriver: init returned 0x0000000000000000, not ops inside the module",
		"moddrv: badops: BadDriver: ops size 8 (want at least 32)",
		"moddrv: badops: BadDriver: init returned 0x0000000000001000, not ops inside the module",
		"moddrv: badops: BadDriver: ops.start outside the module",
	};
	setup();
	struct kmod *m = load("badops");
	CHECK(m);
	for (int mode = 0; mode < 4; mode++) {
		*var(m, "badops_mode") = mode;
		CHECK(moddrv_register(cat, m) == IO_EINVAL);
		if (strcmp(moddrv_error(), why[mode]))
			fprintf(stderr, "mode %d: '%s'\n", mode, moddrv_error());
		CHECK(!strcmp(moddrv_error(), why[mode]));
		CHECK(io_catalog_count(cat) == 0 && iok_mem_live() > 0);
	}
	*var(m, "badops_mode") = 4;
	CHECK(moddrv_register(cat, m) == IO_OK && io_catalog_count(cat) == 1);
	CHECK(moddrv_unregister(cat, m) == IO_OK && teardown());
}

/* A manifest the loader accepts but moddrv cannot translate. */
HTEST(bad_manifest_strings_refused)
{
	setup();
	struct kmod *m = load("drv12");
	CHECK(m);
	struct kmod_personality *p = (struct kmod_personality *)m->manifest->personalities;
	char saved[KMOD_MATCH_MAX];
	memcpy(saved, p[1].match, sizeof(saved));
	strcpy(p[1].match, "name=x vendor=0xZZ");
	CHECK(moddrv_register(cat, m) == IO_EINVAL);
	CHECK(!strcmp(moddrv_error(), "moddrv: drv12: WidgetChild: match 'name=x vendor=0xZZ': "
		      "bad number '0xZZ' for 'vendor'"));
	CHECK(io_catalog_count(cat) == 0);
	memcpy(p[1].match, saved, sizeof(saved));
	strcpy(p[0].provider_class, "IOUSBDevice");
	CHECK(moddrv_register(cat, m) == IO_EINVAL);
	CHECK(!strcmp(moddrv_error(), "moddrv: drv12: WidgetDriver: unknown provider class 'IOUSBDevice'"));
	strcpy(p[0].provider_class, "IOPlatformDevice");
	CHECK(moddrv_register(cat, m) == IO_OK && moddrv_unregister(cat, m) == IO_OK);
	CHECK(teardown());
}

/*
 * Out of memory at each allocation of a registration in turn, until one
 * succeeds: every failure must undo exactly what was done - no personality
 * left in the catalog, no record or parsed match string left allocated,
 * the module not registered.  One of them is the catalog refusing the
 * second personality after the first went in: the half-way case.
 */
HTEST(registration_unwinds_at_every_failure)
{
	setup();
	struct kmod *m = load("drv12");
	CHECK(m);
	char half_way_msg[MODDRV_ERROR_MAX];
	snprintf(half_way_msg, sizeof(half_way_msg),
		 "moddrv: drv12: WidgetChild: catalog refused the personality (%d)", IO_ENOMEM);
	/* once registered and unregistered, the catalog keeps its capacity:
	 * from here on it allocates only what a personality needs */
	CHECK(moddrv_register(cat, m) == IO_OK && moddrv_unregister(cat, m) == IO_OK);
	long live = iok_mem_live(), i;
	bool half_way = false;
	int r = IO_ENOMEM;
	for (i = 1; i < 1000 && r != IO_OK; i++) {
		iok_mem_fail_countdown = i;
		r = moddrv_register(cat, m);
		iok_mem_fail_countdown = 0;
		if (r == IO_OK)
			break;
		half_way |= !strcmp(moddrv_error(), half_way_msg);
		if (r != IO_ENOMEM || io_catalog_count(cat) || iok_mem_live() != live)
			fprintf(stderr, "allocation %ld: %d '%s', catalog %zu, blocks %ld -> %ld\n",
				i, r, moddrv_error(), io_catalog_count(cat), live, iok_mem_live());
		CHECK(r == IO_ENOMEM && io_catalog_count(cat) == 0 && iok_mem_live() == live);
		CHECK(m->use_count == 0 && moddrv_unregister(cat, m) == IO_ENOENT);
	}
	CHECK(r == IO_OK && i > 2 && half_way);
	CHECK(io_catalog_count(cat) == 2);
	CHECK(moddrv_unregister(cat, m) == IO_OK && teardown());
}

/* Two modules may not define the same driver class. */
HTEST(class_name_taken)
{
	setup();
	struct kmod *m = load("drv12");
	struct kmod_loader first = loader;
	kmod_loader_init(&loader, &host_abi, &host_mem);
	struct kmod *again = load("drv12");
	CHECK(m && again && m != again);
	CHECK(moddrv_register(cat, m) == IO_OK);
	CHECK(moddrv_register(cat, again) == IO_EBUSY);
	CHECK(!strcmp(moddrv_error(), "moddrv: drv12: driver class 'WidgetDriver' already registered"));
	CHECK(io_catalog_count(cat) == 2);
	CHECK(moddrv_unregister(cat, m) == IO_OK);
	CHECK(kmod_unload(&loader, again) == KMOD_OK);
	loader = first;
	CHECK(teardown());
}

/* What a module may write: its own entries, not the framework's keys or nubs. */
HTEST(service_functions_rules)
{
	setup();
	struct kmod *m = load("drv12");
	CHECK(m && moddrv_register(cat, m) == IO_OK);
	struct io_service *nub = platform_nub("widget", "300", 0x300, 0);
	CHECK(io_service_register(nub) == IO_OK);
	iokit_service_t *drv = (iokit_service_t *)client_named(nub, "WidgetDriver");
	iokit_service_t *n = (iokit_service_t *)nub, *port, *mine;
	char buf[8];
	uint64_t v;
	CHECK(drv);
	port = (iokit_service_t *)client_named((struct io_service *)drv, "widget-port");
	CHECK(iokit_service_set_string(n, "x", "y") == IOKIT_EPERM);
	CHECK(iokit_service_set_number(drv, "IOProbeScore", 1) == IOKIT_EPERM);
	CHECK(iokit_service_set_number(drv, "", 1) == IOKIT_EINVAL);
	CHECK(iokit_service_set_string(drv, "s", NULL) == IOKIT_EINVAL);
	CHECK(iokit_service_set_number(port, "speed", 9600) == IOKIT_OK);
	CHECK(iokit_service_get_number(port, "speed", &v) == IOKIT_OK && v == 9600);
	CHECK(iokit_service_get_number(drv, "widget-state", &v) == IOKIT_ENOENT);
	CHECK(iokit_service_get_string(drv, "widget-state", buf, 7) == IOKIT_ERANGE && !buf[0]);
	CHECK(iokit_service_get_string(drv, "widget-state", buf, 8) == IOKIT_OK &&
	      !strcmp(buf, "running"));
	CHECK(iokit_service_provider(drv) == n && !strcmp(iokit_service_location(n), "300"));
	CHECK(!iokit_service_name(NULL) && iokit_service_get_number(NULL, "k", &v) == IOKIT_EINVAL);
	CHECK(iokit_nub_create(n, "x", NULL, &mine) == IOKIT_EPERM && !mine);
	CHECK(iokit_nub_create(drv, "a/b", NULL, &mine) == IOKIT_EINVAL);
	CHECK(iokit_nub_create(drv, "extra", NULL, &mine) == IOKIT_OK && mine);
	CHECK(iokit_nub_publish(port) == IOKIT_EBUSY);          /* already published */
	CHECK(iokit_nub_publish(drv) == IOKIT_EPERM && iokit_nub_publish(n) == IOKIT_EPERM);
	CHECK(iokit_nub_publish(mine) == IOKIT_OK);
	iokit_service_logf(mine, "n=%d", 5);
	CHECK(!strcmp(host_log_last, "/platform/widget@300/WidgetDriver/extra: n=5"));
	CHECK(moddrv_unregister(cat, m) == IO_OK && teardown());
}
