/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_iokit_registry.c - the registry tree: attach/detach, paths,
 * look-up, iteration and publish/terminate notifications.
 */
#include "iokit_test.h"

static struct io_service *add(struct io_service *prov, const char *name, const char *loc)
{
	struct io_service *s = io_service_create(&IOService_class, name, loc);
	if (io_service_attach(prov, s)) {
		io_release(s);
		return NULL;
	}
	io_release(s);          /* the provider's reference keeps it */
	return s;
}

/* root -> pci@0 -> { pci8086,2922@1f,2 -> disk@0 , pci1af4,1001@3 } ; serial@3f8 */
static struct io_registry *sample(void)
{
	struct io_registry *reg = io_registry_create();
	struct io_service *pci = add(io_registry_root(reg), "pci", "0");
	struct io_service *ahci = add(pci, "pci8086,2922", "1f,2");
	add(ahci, "disk", "0");
	add(pci, "pci1af4,1001", "3");
	add(io_registry_root(reg), "serial", "3f8");
	return reg;
}

HTEST(attach_detach_refcounts)
{
	long live = iok_mem_live();
	struct io_registry *reg = io_registry_create();
	struct io_service *s = io_service_create(&IOService_class, "dev", NULL);
	CHECK(s->state == IO_SVC_CREATED);
	CHECK(io_service_attach(io_registry_root(reg), s) == IO_OK);
	CHECK(io_refcount(s) == 2 && s->state == IO_SVC_ATTACHED && s->id > 1);
	CHECK(io_service_provider(s) == io_registry_root(reg));
	CHECK(io_service_detach(s) == IO_OK);
	CHECK(io_refcount(s) == 1 && s->state == IO_SVC_TERMINATED);
	CHECK(io_service_first_client(io_registry_root(reg)) == NULL);
	io_release(s);
	io_registry_destroy(reg);
	CHECK(iok_mem_live() == live);
}

HTEST(attach_rejects_bad_requests)
{
	struct io_registry *reg = io_registry_create();
	struct io_service *root = io_registry_root(reg);
	struct io_service *a = io_service_create(&IOService_class, "a", NULL);
	struct io_service *loose = io_service_create(&IOService_class, "loose", NULL);
	struct io_service *b = io_service_create(&IOService_class, "b", NULL);
	struct io_number *n = io_number_create(1);
	CHECK(io_service_attach(root, a) == IO_OK);
	CHECK(io_service_attach(root, a) == IO_EBUSY);
	CHECK(io_service_attach(a, a) == IO_EINVAL);
	CHECK(io_service_attach(loose, b) == IO_ESTATE);        /* provider not in a registry */
	CHECK(io_service_attach(root, (void *)n) == IO_EINVAL);
	CHECK(io_service_detach(loose) == IO_ESTATE);
	CHECK(io_service_attach(a, b) == IO_OK);
	CHECK(io_service_detach(a) == IO_EBUSY);                /* has a client */
	CHECK(io_service_detach(b) == IO_OK);
	CHECK(io_service_attach(a, b) == IO_ESTATE);            /* no re-attach */
	io_release(n);
	io_release(loose);
	io_release(a);
	io_release(b);
	io_registry_destroy(reg);
}

HTEST(names_validated)
{
	struct io_service *s = io_service_create(&IOService_class, "ok", NULL);
	CHECK(io_service_create(&IOService_class, "a/b", NULL) == NULL);
	CHECK(io_service_create(&IOService_class, "a@b", NULL) == NULL);
	CHECK(io_service_create(&IOService_class, "", NULL) == NULL);
	CHECK(io_service_create(&IOService_class, "a", "1/2") == NULL);
	CHECK(io_service_set_name(s, "x@") == IO_EINVAL && !strcmp(s->name, "ok"));
	char longname[IO_NAME_MAX + 1];
	memset(longname, 'x', IO_NAME_MAX);
	longname[IO_NAME_MAX] = 0;
	CHECK(io_service_set_name(s, longname) == IO_EINVAL);
	longname[IO_NAME_MAX - 1] = 0;
	CHECK(io_service_set_name(s, longname) == IO_OK);
	io_release(s);
}

HTEST(path_of_entry)
{
	struct io_registry *reg = sample();
	char buf[128];
	struct io_service *disk = io_registry_find_name(reg, "disk");
	CHECK(disk && io_service_path(disk, buf, sizeof(buf)) == IO_OK);
	CHECK(!strcmp(buf, "/pci@0/pci8086,2922@1f,2/disk@0"));
	CHECK(io_service_path(io_registry_root(reg), buf, sizeof(buf)) == IO_OK && !strcmp(buf, "/"));
	CHECK(io_service_path(disk, buf, 10) == IO_ERANGE);
	CHECK(io_service_path(disk, buf, 31) == IO_ERANGE);     /* exactly one short */
	CHECK(io_service_path(disk, buf, 32) == IO_OK);
	struct io_service *loose = io_service_create(&IOService_class, "l", NULL);
	CHECK(io_service_path(loose, buf, sizeof(buf)) == IO_ESTATE);
	io_release(loose);
	io_registry_destroy(reg);
}

HTEST(path_lookup)
{
	struct io_registry *reg = sample();
	struct io_service *ahci = io_registry_lookup(reg, "/pci@0/pci8086,2922@1f,2");
	CHECK(ahci && !strcmp(ahci->location, "1f,2"));
	CHECK(io_registry_lookup(reg, "/") == io_registry_root(reg));
	CHECK(io_registry_lookup(reg, "/pci/pci1af4,1001") != NULL);    /* any location */
	CHECK(io_registry_lookup(reg, "/pci@1") == NULL);               /* wrong location */
	CHECK(io_registry_lookup(reg, "/pci@0/pci8086,2922@1f,2/disk@0") ==
	      io_registry_find_name(reg, "disk"));
	CHECK(io_service_lookup(ahci, "disk") == io_registry_find_name(reg, "disk"));
	CHECK(io_service_lookup(io_registry_root(reg), "serial@3f8") != NULL);
	CHECK(io_registry_lookup(reg, "/nothing") == NULL);
	io_registry_destroy(reg);
}

HTEST(path_lookup_malformed)
{
	struct io_registry *reg = sample();
	const char *bad[] = { "", "pci@0", "//pci", "/pci@0/", "/pci//x", "/@0", "/pci@0@1",
			      "/pci@0/pci8086,2922@1f,2/disk@0/", NULL };
	for (int i = 0; bad[i]; i++)
		CHECK(io_registry_lookup(reg, bad[i]) == NULL);
	CHECK(io_registry_lookup(reg, NULL) == NULL && io_registry_lookup(NULL, "/") == NULL);
	CHECK(io_service_lookup(io_registry_root(reg), "/pci") == NULL);
	char big[300];
	memset(big, 'a', sizeof(big));
	big[0] = '/';
	big[sizeof(big) - 1] = 0;
	CHECK(io_registry_lookup(reg, big) == NULL);
	io_registry_destroy(reg);
}

struct walk { char names[256]; unsigned depths[16]; int n, stop_at; };

static int walk_visit(struct io_service *s, unsigned depth, void *ctx)
{
	struct walk *w = ctx;
	strcat(w->names, s->name);
	strcat(w->names, " ");
	w->depths[w->n++] = depth;
	return w->n == w->stop_at ? 42 : 0;
}

HTEST(iteration_preorder_with_depth)
{
	struct io_registry *reg = sample();
	struct walk w = { .stop_at = -1 };
	CHECK(io_registry_iterate(io_registry_root(reg), walk_visit, &w) == 0);
	CHECK(!strcmp(w.names, "root pci pci8086,2922 disk pci1af4,1001 serial "));
	CHECK(w.n == 6 && w.depths[3] == 3 && w.depths[4] == 2 && w.depths[5] == 1);
	io_registry_destroy(reg);
}

HTEST(iteration_stops_early)
{
	struct io_registry *reg = sample();
	struct walk w = { .stop_at = 3 };
	CHECK(io_registry_iterate(io_registry_lookup(reg, "/"), walk_visit, &w) == 42);
	CHECK(w.n == 3);
	CHECK(io_registry_iterate(NULL, walk_visit, &w) == IO_EINVAL);
	io_registry_destroy(reg);
}

HTEST(find_by_name)
{
	struct io_registry *reg = sample();
	CHECK(io_registry_find_name(reg, "serial") == io_registry_lookup(reg, "/serial@3f8"));
	CHECK(io_registry_find_name(reg, "zzz") == NULL);
	CHECK(io_service_find_client(io_registry_root(reg), "pci", "0") != NULL);
	CHECK(io_service_find_client(io_registry_root(reg), "pci", "") == NULL);
	io_registry_destroy(reg);
}

static void note(struct io_service *s, enum io_notify_kind k, void *ctx)
{
	(void)ctx;
	ev(k == IO_NOTIFY_PUBLISH ? "pub" : "term", s->name);
}

static const struct io_class Serial_class = {
	.name = "Serial", .super = &IOService_class, .size = sizeof(struct io_service),
};

HTEST(publish_filter_by_class)
{
	struct io_registry *reg = io_registry_create();
	evlog[0] = 0;
	CHECK(io_registry_add_notifier(reg, IO_NOTIFY_PUBLISH, &Serial_class, NULL, note, NULL));
	struct io_service *a = add(io_registry_root(reg), "plain", NULL);
	struct io_service *b = io_service_create(&Serial_class, "uart", "0");
	io_service_attach(io_registry_root(reg), b);
	CHECK(io_service_register(a) == IO_OK && io_service_register(b) == IO_OK);
	CHECK(!strcmp(evlog, "pub:uart "));
	io_release(b);
	io_registry_destroy(reg);
}

HTEST(publish_filter_by_property)
{
	struct io_registry *reg = io_registry_create();
	struct io_dict *want = io_dict_create();
	io_dict_set_string(want, "type", "block");
	evlog[0] = 0;
	CHECK(io_registry_add_notifier(reg, IO_NOTIFY_PUBLISH, NULL, want, note, NULL));
	io_dict_set_string(want, "type", "changed");    /* the notifier kept a copy */
	struct io_service *a = add(io_registry_root(reg), "a", NULL);
	struct io_service *b = add(io_registry_root(reg), "b", NULL);
	io_dict_set_string(a->props, "type", "char");
	io_dict_set_string(b->props, "type", "block");
	io_dict_set_number(b->props, "other", 1);
	io_service_register(a);
	io_service_register(b);
	CHECK(!strcmp(evlog, "pub:b "));
	io_release(want);
	io_registry_destroy(reg);
}

HTEST(register_rules)
{
	struct io_registry *reg = io_registry_create();
	struct io_service *a = add(io_registry_root(reg), "a", NULL);
	struct io_service *loose = io_service_create(&IOService_class, "l", NULL);
	CHECK(io_service_register(a) == IO_OK);
	CHECK(io_service_register(a) == IO_ESTATE);
	CHECK(io_service_register(loose) == IO_ESTATE);
	CHECK(io_service_register(io_registry_root(reg)) == IO_ESTATE);
	CHECK(io_service_terminate(io_registry_root(reg)) == IO_ESTATE);
	CHECK(io_service_terminate(loose) == IO_ESTATE);
	io_release(loose);
	io_registry_destroy(reg);
}

HTEST(terminate_notifies_bottom_up)
{
	long live = iok_mem_live();
	struct io_registry *reg = sample();
	io_registry_add_notifier(reg, IO_NOTIFY_TERMINATE, NULL, NULL, note, NULL);
	const char *paths[] = { "/pci", "/pci/pci8086,2922", "/pci/pci8086,2922/disk",
				"/pci/pci1af4,1001", "/serial", NULL };
	for (int i = 0; paths[i]; i++)
		io_service_register(io_registry_lookup(reg, paths[i]));
	evlog[0] = 0;
	CHECK(io_service_terminate(io_registry_lookup(reg, "/pci")) == IO_OK);
	CHECK(!strcmp(evlog, "term:disk term:pci8086,2922 term:pci1af4,1001 term:pci "));
	CHECK(io_registry_lookup(reg, "/pci") == NULL);
	CHECK(io_registry_lookup(reg, "/serial") != NULL);
	io_registry_destroy(reg);
	CHECK(!strcmp(evlog, "term:disk term:pci8086,2922 term:pci1af4,1001 term:pci term:serial "));
	CHECK(iok_mem_live() == live);
}

static struct io_notifier *self_removing;

static void remove_self(struct io_service *s, enum io_notify_kind k, void *ctx)
{
	note(s, k, ctx);
	io_notifier_remove(self_removing);
}

HTEST(notifier_removed_from_its_callback)
{
	long live = iok_mem_live();
	struct io_registry *reg = io_registry_create();
	evlog[0] = 0;
	self_removing = io_registry_add_notifier(reg, IO_NOTIFY_PUBLISH, NULL, NULL, remove_self, NULL);
	struct io_notifier *other = io_registry_add_notifier(reg, IO_NOTIFY_PUBLISH, NULL, NULL,
							     note, NULL);
	io_service_register(add(io_registry_root(reg), "a", NULL));
	io_service_register(add(io_registry_root(reg), "b", NULL));
	CHECK(!strcmp(evlog, "pub:a pub:a pub:b "));
	io_notifier_remove(other);
	io_service_register(add(io_registry_root(reg), "c", NULL));
	CHECK(!strcmp(evlog, "pub:a pub:a pub:b "));
	CHECK(io_registry_add_notifier(reg, 7, NULL, NULL, note, NULL) == NULL);
	CHECK(io_registry_add_notifier(reg, IO_NOTIFY_PUBLISH, NULL, NULL, NULL, NULL) == NULL);
	io_registry_destroy(reg);
	CHECK(iok_mem_live() == live);
}

HTEST(destroy_frees_everything)
{
	long live = iok_mem_live();
	struct io_registry *reg = sample();
	struct io_service *kept = io_retain(io_registry_find_name(reg, "disk"));
	io_registry_destroy(reg);
	CHECK(kept->state == IO_SVC_TERMINATED && kept->provider == NULL);
	CHECK(iok_mem_live() == live + 2);      /* kept and its property table */
	io_release(kept);
	CHECK(iok_mem_live() == live);
}
