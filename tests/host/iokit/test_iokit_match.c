/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_iokit_match.c - personalities, matching (scores, categories, name,
 * property and PCI matches), start failure fallback, stacking, and
 * bottom-up termination with everything freed.
 */
#include "iokit_test.h"

static const struct io_class PCINub_class = {
	.name = "PCIDevice", .super = &IOService_class, .size = sizeof(struct io_service),
};

static const struct tdrv_methods ok_a = TDRV_METHODS("A", IO_OK, 0, IO_OK, 0);
static const struct tdrv_methods ok_b = TDRV_METHODS("B", IO_OK, 0, IO_OK, 0);
static const struct tdrv_methods ok_c = TDRV_METHODS("C", IO_OK, 0, IO_OK, 0);
static const struct tdrv_methods boost_b = TDRV_METHODS("B", IO_OK, 100, IO_OK, 0);
static const struct tdrv_methods noprobe_a = TDRV_METHODS("A", IO_ENODEV, 0, IO_OK, 0);
static const struct tdrv_methods fail_a = { { tdrv_probe, tdrv_start, tdrv_stop },
					    "A", IO_OK, 0, IO_ENODEV, 0, 2 };
static const struct tdrv_methods bus_m = TDRV_METHODS("bus", IO_OK, 0, IO_OK, 2);
static const struct tdrv_methods leaf_m = TDRV_METHODS("leaf", IO_OK, 0, IO_OK, 0);
TDRV_CLASS(DrvA, "DrvA", &ok_a);
TDRV_CLASS(DrvB, "DrvB", &ok_b);
TDRV_CLASS(DrvC, "DrvC", &ok_c);
TDRV_CLASS(BoostB, "BoostB", &boost_b);
TDRV_CLASS(NoProbeA, "NoProbeA", &noprobe_a);
TDRV_CLASS(FailA, "FailA", &fail_a);
TDRV_CLASS(BusDrv, "BusDrv", &bus_m);
TDRV_CLASS(LeafDrv, "LeafDrv", &leaf_m);

struct fixture {
	struct io_registry *reg;
	struct io_catalog *cat;
	long live;
};

static struct fixture setup(void)
{
	struct fixture f = { .live = iok_mem_live() };
	f.reg = io_registry_create();
	f.cat = io_catalog_create(f.reg);
	evlog[0] = 0;
	return f;
}

/* Tears down and reports whether everything was freed. */
static bool teardown(struct fixture *f)
{
	io_catalog_destroy(f->cat);
	io_registry_destroy(f->reg);
	return iok_mem_live() == f->live;
}

static struct io_service *nub(struct fixture *f, const struct io_class *cls, const char *name,
			      uint32_t vendor, uint32_t device, uint32_t class_code)
{
	struct io_service *n = io_service_create(cls, name, "0");
	if (vendor || device || class_code) {
		io_dict_set_number(n->props, "vendor-id", vendor);
		io_dict_set_number(n->props, "device-id", device);
		io_dict_set_number(n->props, "class-code", class_code);
	}
	io_service_attach(io_registry_root(f->reg), n);
	io_release(n);
	return n;
}

static int add(struct fixture *f, const char *name, const struct io_class *drv, int score,
	       const char *category)
{
	struct io_personality_desc d = { .name = name, .driver_class = drv, .score = score,
					 .category = category };
	return io_catalog_add(f->cat, &d);
}

/* The started client drivers of n, by class name: "DrvA DrvB ". */
static const char *started(const struct io_service *n)
{
	static char buf[256];
	buf[0] = 0;
	io_service_foreach_client(c, n)
		if (c->state == IO_SVC_STARTED) {
			strcat(buf, c->name);
			strcat(buf, " ");
		}
	return buf;
}

static int count_clients(const struct io_service *n)
{
	int k = 0;
	io_service_foreach_client(c, n)
		k++;
	return k;
}

HTEST(provider_class_must_fit)
{
	struct fixture f = setup();
	struct io_personality_desc d = { .name = "a", .driver_class = &DrvA,
					 .provider_class = &PCINub_class };
	CHECK(io_catalog_add(f.cat, &d) == IO_OK);
	struct io_service *plain = nub(&f, &IOService_class, "plain", 0, 0, 0);
	struct io_service *pci = nub(&f, &PCINub_class, "pcidev", 0, 0, 0);
	CHECK(io_service_register(plain) == IO_OK && !*started(plain));
	CHECK(io_service_register(pci) == IO_OK && !strcmp(started(pci), "DrvA "));
	CHECK(teardown(&f));
}

HTEST(name_match_and_compatible)
{
	struct fixture f = setup();
	struct io_personality_desc d = { .name = "a", .driver_class = &DrvA,
					 .name_match = { "uart16550", "ns8250" } };
	io_catalog_add(f.cat, &d);
	struct io_service *a = nub(&f, &IOService_class, "ns8250", 0, 0, 0);
	struct io_service *b = nub(&f, &IOService_class, "serial", 0, 0, 0);
	struct io_service *c = nub(&f, &IOService_class, "com", 0, 0, 0);
	struct io_service *e = nub(&f, &IOService_class, "other", 0, 0, 0);
	io_dict_set_string(b->props, "compatible", "uart16550");
	struct io_array *arr = io_array_create();
	struct io_string *s1 = io_string_create("foo"), *s2 = io_string_create("ns8250");
	io_array_append(arr, s1);
	io_array_append(arr, s2);
	io_service_set_property(c, "compatible", arr);
	io_dict_set_string(e->props, "compatible", "uart");
	io_release(arr), io_release(s1), io_release(s2);
	io_service_register(a), io_service_register(b), io_service_register(c), io_service_register(e);
	CHECK(*started(a) && *started(b) && *started(c));
	CHECK(!*started(e));
	CHECK(teardown(&f));
}

HTEST(property_match)
{
	struct fixture f = setup();
	struct io_dict *want = io_dict_create();
	io_dict_set_string(want, "type", "disk");
	io_dict_set_number(want, "removable", 0);
	struct io_personality_desc d = { .name = "a", .driver_class = &DrvA, .property_match = want };
	io_catalog_add(f.cat, &d);
	io_dict_set_number(want, "removable", 1);       /* the catalog kept a copy */
	struct io_service *yes = nub(&f, &IOService_class, "yes", 0, 0, 0);
	struct io_service *no = nub(&f, &IOService_class, "no", 0, 0, 0);
	io_dict_set_string(yes->props, "type", "disk");
	io_dict_set_number(yes->props, "removable", 0);
	io_dict_set_number(yes->props, "extra", 5);
	io_dict_set_string(no->props, "type", "disk");
	io_service_register(yes), io_service_register(no);
	CHECK(*started(yes) && !*started(no));
	io_release(want);
	CHECK(teardown(&f));
}

HTEST(pci_match_with_masks)
{
	struct fixture f = setup();
	struct io_personality_desc exact = { .name = "ahci", .driver_class = &DrvA,
		.pci_vendor = { 0x8086, 0xffff }, .pci_device = { 0x2922, 0xffff } };
	struct io_personality_desc by_class = { .name = "storage", .driver_class = &DrvB,
		.pci_class = { 0x010000, 0xff0000 }, .category = "class" };
	struct io_personality_desc any_intel = { .name = "intel", .driver_class = &DrvC,
		.pci_vendor = { 0x8086, 0xffff }, .pci_device = { 0x2900, 0xff00 },
		.category = "intel" };
	io_catalog_add(f.cat, &exact), io_catalog_add(f.cat, &by_class);
	io_catalog_add(f.cat, &any_intel);
	struct io_service *ahci = nub(&f, &PCINub_class, "ahci", 0x8086, 0x2922, 0x010601);
	struct io_service *virtio = nub(&f, &PCINub_class, "virtio", 0x1af4, 0x1001, 0x010000);
	struct io_service *net = nub(&f, &PCINub_class, "net", 0x8086, 0x10d3, 0x020000);
	struct io_service *bare = nub(&f, &PCINub_class, "bare", 0, 0, 0);
	io_service_register(ahci), io_service_register(virtio);
	io_service_register(net), io_service_register(bare);
	CHECK(!strcmp(started(ahci), "DrvA DrvB DrvC "));
	CHECK(!strcmp(started(virtio), "DrvB "));
	CHECK(!strcmp(started(net), ""));
	CHECK(!strcmp(started(bare), ""));      /* properties missing: no PCI match */
	CHECK(teardown(&f));
}

HTEST(highest_score_wins_category)
{
	struct fixture f = setup();
	add(&f, "a", &DrvA, 100, NULL);
	add(&f, "b", &DrvB, 300, NULL);
	add(&f, "c", &DrvC, 200, NULL);
	struct io_service *n = nub(&f, &IOService_class, "dev", 0, 0, 0);
	io_service_register(n);
	CHECK(!strcmp(started(n), "DrvB "));
	CHECK(!strcmp(evlog, "probe:A probe:B probe:C start:B free:C free:A "));
	CHECK(count_clients(n) == 1);   /* losers detached and freed */
	CHECK(teardown(&f));
}

HTEST(equal_scores_keep_catalog_order)
{
	struct fixture f = setup();
	add(&f, "c", &DrvC, 5, NULL);
	add(&f, "a", &DrvA, 5, NULL);
	struct io_service *n = nub(&f, &IOService_class, "dev", 0, 0, 0);
	io_service_register(n);
	CHECK(!strcmp(started(n), "DrvC "));
	CHECK(teardown(&f));
}

HTEST(probe_changes_score)
{
	struct fixture f = setup();
	add(&f, "a", &DrvA, 150, NULL);
	add(&f, "b", &BoostB, 100, NULL);      /* probe adds 100 */
	struct io_service *n = nub(&f, &IOService_class, "dev", 0, 0, 0);
	io_service_register(n);
	CHECK(!strcmp(started(n), "BoostB "));
	uint64_t score = 0;
	CHECK(io_dict_get_number(io_service_first_client(n)->props, "IOProbeScore", &score) &&
	      score == 200);
	CHECK(teardown(&f));
}

HTEST(probe_failure_excludes)
{
	struct fixture f = setup();
	add(&f, "a", &NoProbeA, 900, NULL);
	add(&f, "b", &DrvB, 1, NULL);
	struct io_service *n = nub(&f, &IOService_class, "dev", 0, 0, 0);
	io_service_register(n);
	CHECK(!strcmp(started(n), "DrvB "));
	CHECK(!strcmp(evlog, "probe:A free:A probe:B start:B "));
	CHECK(teardown(&f));
}

HTEST(one_driver_per_category)
{
	struct fixture f = setup();
	add(&f, "a", &DrvA, 10, "storage");
	add(&f, "b", &DrvB, 20, "storage");
	add(&f, "c", &DrvC, 1, "debug");
	struct io_service *n = nub(&f, &IOService_class, "dev", 0, 0, 0);
	CHECK(io_service_register(n) == IO_OK);
	CHECK(!strcmp(started(n), "DrvB DrvC "));
	CHECK(io_match_service(f.cat, n) == 0);         /* matching again starts nothing */
	CHECK(!strcmp(started(n), "DrvB DrvC "));
	CHECK(teardown(&f));
}

HTEST(start_failure_falls_back)
{
	struct fixture f = setup();
	add(&f, "a", &FailA, 100, NULL);       /* best, but start fails after making 2 nubs */
	add(&f, "b", &DrvB, 50, NULL);
	struct io_service *n = nub(&f, &IOService_class, "dev", 0, 0, 0);
	io_service_register(n);
	CHECK(!strcmp(started(n), "DrvB "));
	CHECK(count_clients(n) == 1);
	CHECK(!strcmp(evlog, "probe:A probe:B start:A free:A start:B "));
	CHECK(io_registry_find_name(f.reg, "nub") == NULL);     /* its nubs went too */
	CHECK(teardown(&f));
}

HTEST(all_starts_fail_leaves_nub_bare)
{
	struct fixture f = setup();
	add(&f, "a", &FailA, 100, NULL);
	struct io_service *n = nub(&f, &IOService_class, "dev", 0, 0, 0);
	CHECK(io_service_register(n) == IO_OK);
	CHECK(count_clients(n) == 0 && n->state == IO_SVC_ATTACHED);
	CHECK(teardown(&f));
}

HTEST(stacking_and_bottom_up_terminate)
{
	struct fixture f = setup();
	struct io_personality_desc bus = { .name = "bus", .driver_class = &BusDrv,
					   .name_match = { "host" } };
	struct io_personality_desc leaf = { .name = "leaf", .driver_class = &LeafDrv,
					    .name_match = { "nub" } };
	io_catalog_add(f.cat, &bus), io_catalog_add(f.cat, &leaf);
	struct io_service *host = nub(&f, &IOService_class, "host", 0, 0, 0);
	io_service_register(host);
	CHECK(!strcmp(evlog, "probe:bus start:bus probe:leaf start:leaf probe:leaf start:leaf "));
	struct io_service *n1 = io_registry_lookup(f.reg, "/host@0/BusDrv/nub@1");
	CHECK(n1 && !strcmp(started(n1), "LeafDrv "));
	evlog[0] = 0;
	CHECK(io_service_terminate(host) == IO_OK);
	CHECK(!strcmp(evlog, "stop:leaf free:leaf stop:leaf free:leaf stop:bus free:bus "));
	CHECK(teardown(&f));
}

static void on_term(struct io_service *s, enum io_notify_kind k, void *ctx)
{
	(void)k, (void)ctx;
	ev("term", s->name);
}

HTEST(terminate_notifies_before_stop)
{
	struct fixture f = setup();
	struct io_personality_desc bus = { .name = "bus", .driver_class = &BusDrv,
					   .name_match = { "host" } };
	io_catalog_add(f.cat, &bus);
	io_registry_add_notifier(f.reg, IO_NOTIFY_TERMINATE, NULL, NULL, on_term, NULL);
	struct io_service *host = nub(&f, &IOService_class, "host", 0, 0, 0);
	io_service_register(host);
	evlog[0] = 0;
	io_service_terminate(io_service_first_client(host));    /* the bus driver only */
	CHECK(!strcmp(evlog, "term:nub term:nub stop:bus free:bus "));
	CHECK(count_clients(host) == 0);
	CHECK(io_service_register(host) == IO_ESTATE);  /* already published */
	CHECK(io_catalog_rematch(f.cat) == 1);          /* and back */
	CHECK(!strcmp(started(host), "BusDrv "));
	CHECK(teardown(&f));
}

HTEST(rematch_after_catalog_add)
{
	struct fixture f = setup();
	struct io_service *n = nub(&f, &IOService_class, "dev", 0, 0, 0);
	io_service_register(n);
	CHECK(!*started(n));
	add(&f, "a", &DrvA, 1, NULL);
	CHECK(io_catalog_rematch(f.cat) == 1 && !strcmp(started(n), "DrvA "));
	add(&f, "b", &DrvB, 999, NULL);        /* same category, running A stays */
	CHECK(io_catalog_rematch(f.cat) == 0 && !strcmp(started(n), "DrvA "));
	CHECK(teardown(&f));
}

HTEST(catalog_rejects_bad_personality)
{
	struct fixture f = setup();
	static const struct io_class NotService = {
		.name = "X", .super = &IOObject_class, .size = sizeof(struct io_object) };
	struct io_number *num = io_number_create(1);
	struct io_personality_desc d = { .name = "a", .driver_class = &DrvA };
	CHECK(io_catalog_add(f.cat, NULL) == IO_EINVAL);
	d.driver_class = NULL;
	CHECK(io_catalog_add(f.cat, &d) == IO_EINVAL);
	d.driver_class = &NotService;
	CHECK(io_catalog_add(f.cat, &d) == IO_EINVAL);
	d.driver_class = &DrvA;
	d.provider_class = &IONumber_class;
	CHECK(io_catalog_add(f.cat, &d) == IO_EINVAL);
	d.provider_class = NULL;
	d.property_match = (void *)num;
	CHECK(io_catalog_add(f.cat, &d) == IO_EINVAL);
	d.property_match = NULL;
	d.name_match[0] = "";
	CHECK(io_catalog_add(f.cat, &d) == IO_EINVAL);
	d.name_match[0] = NULL;
	d.name = NULL;
	CHECK(io_catalog_add(f.cat, &d) == IO_EINVAL);
	CHECK(io_catalog_count(f.cat) == 0);
	io_release(num);
	CHECK(teardown(&f));
}

HTEST(remove_driver_personalities)
{
	struct fixture f = setup();
	add(&f, "a1", &DrvA, 1, "x");
	add(&f, "b", &DrvB, 1, "y");
	add(&f, "a2", &DrvA, 1, "z");
	struct io_service *n = nub(&f, &IOService_class, "dev", 0, 0, 0);
	io_service_register(n);
	CHECK(io_catalog_remove_driver(f.cat, &DrvA) == 2 && io_catalog_count(f.cat) == 1);
	CHECK(!strcmp(started(n), "DrvA DrvB DrvA "));  /* running drivers keep theirs */
	CHECK(!strcmp(io_service_first_client(n)->personality->name, "a1"));
	CHECK(teardown(&f));
}

HTEST(driver_gets_personality_properties)
{
	struct fixture f = setup();
	struct io_personality_desc d = { .name = "com.darbat.a", .driver_class = &DrvA,
					 .provider_class = &PCINub_class, .score = 7,
					 .category = "cat" };
	io_catalog_add(f.cat, &d);
	struct io_service *n = nub(&f, &PCINub_class, "dev", 0, 0, 0);
	io_service_register(n);
	struct io_dict *p = io_service_first_client(n)->props;
	uint64_t score;
	CHECK(!strcmp(io_dict_get_string(p, "IOClass"), "DrvA"));
	CHECK(!strcmp(io_dict_get_string(p, "IOProviderClass"), "PCIDevice"));
	CHECK(!strcmp(io_dict_get_string(p, "IOMatchCategory"), "cat"));
	CHECK(!strcmp(io_dict_get_string(p, "IOPersonality"), "com.darbat.a"));
	CHECK(io_dict_get_number(p, "IOProbeScore", &score) && score == 7);
	CHECK(teardown(&f));
}

HTEST(match_requires_published_nub)
{
	struct fixture f = setup();
	add(&f, "a", &DrvA, 1, NULL);
	struct io_service *n = nub(&f, &IOService_class, "dev", 0, 0, 0);
	CHECK(io_match_service(f.cat, n) == IO_ESTATE);
	CHECK(io_match_service(f.cat, NULL) == IO_EINVAL);
	CHECK(!*started(n));
	CHECK(teardown(&f));
}

HTEST(match_oom_is_clean)
{
	struct fixture f = setup();
	add(&f, "a", &DrvA, 1, NULL);
	add(&f, "b", &DrvB, 2, "b");
	struct io_service *n = nub(&f, &IOService_class, "dev", 0, 0, 0);
	n->published = true;
	for (long i = 1; i < 40; i++) {         /* every allocation of a match fails once */
		iok_mem_fail_countdown = i;
		io_match_service(f.cat, n);
		iok_mem_fail_countdown = 0;
		while (io_service_first_client(n))
			io_service_terminate(io_service_first_client(n));
	}
	CHECK(io_match_service(f.cat, n) == 2);
	CHECK(teardown(&f));
}
