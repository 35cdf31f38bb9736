/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kmodload.c - load one module file on the host with the host ABI 1.2
 * (host_abi.c), print its manifest, call module_start, register its
 * drivers (server/moddrv.c) in a registry with one platform nub,
 * "example@e0" (io-base 0xe0, io-count 4), print the drivers that
 * started and their properties, unregister, call module_stop and unload.
 * Used by tests/host/kmod/run.sh for the module built out of tree with the SDK.
 *   kmodload FILE      exit 0 and the lines above, or the first error and exit 1
 */
#include <stdio.h>
#include <stdlib.h>
#include "host_abi.h"
#include "iokit/server/moddrv.h"

static unsigned char *read_file(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	*size = (size_t)ftell(fp);
	fseek(fp, 0, SEEK_SET);
	unsigned char *data = aligned_alloc(16, (*size + 15) & ~(size_t)15);
	if (data && fread(data, 1, *size, fp) != *size) {
		free(data);
		data = NULL;
	}
	fclose(fp);
	return data;
}

/* Every string and number property of the drivers under nub, not IO*. */
static void print_drivers(struct io_service *nub)
{
	io_service_foreach_client(d, nub) {
		printf("driver %s on %s@%s state %d", d->name, nub->name, nub->location, d->state);
		for (size_t i = 0; i < io_dict_count(d->props); i++) {
			const char *k = io_dict_key_at(d->props, i);
			void *v = io_dict_value_at(d->props, i);
			if (k[0] == 'I' && k[1] == 'O')
				continue;
			if (io_instance_of(v, &IONumber_class))
				printf(" %s=%llu", k, (unsigned long long)io_number_value(v));
			else if (io_instance_of(v, &IOString_class))
				printf(" %s=%s", k, io_string_cstr(v));
		}
		printf("\n");
	}
}

static int drive(struct kmod *m)
{
	struct io_registry *reg = io_registry_create();
	struct io_catalog *cat = io_catalog_create(reg);
	struct io_service *plat = io_service_create(&IOService_class, "platform", NULL);
	struct io_service *nub = io_service_create(&IOPlatformDevice_class, "example", "e0");
	int r;

	if (!reg || !cat || !plat || !nub)
		return printf("out of memory\n"), 1;
	io_service_attach(io_registry_root(reg), plat);
	io_dict_set_number(nub->props, "io-base", 0xe0);
	io_dict_set_number(nub->props, "io-count", 4);
	io_service_attach(plat, nub);
	io_service_register(nub);
	r = moddrv_register(cat, m);
	printf("registered %d personalities %zu\n", r, io_catalog_count(cat));
	if (r)
		printf("%s\n", moddrv_error());
	print_drivers(nub);
	r = moddrv_unregister(cat, m);
	printf("unregistered %d use_count %u personalities %zu\n", r, m->use_count,
	       io_catalog_count(cat));
	io_release(nub);
	io_release(plat);
	io_catalog_destroy(cat);
	io_registry_destroy(reg);
	return 0;
}

int main(int argc, char **argv)
{
	struct kmod_loader loader;
	struct kmod *m;
	size_t size = 0;
	if (argc != 2) {
		fprintf(stderr, "usage: kmodload FILE\n");
		return 2;
	}
	unsigned char *data = read_file(argv[1], &size);
	if (!data) {
		fprintf(stderr, "kmodload: cannot read %s\n", argv[1]);
		return 1;
	}
	host_log_echo = 1;
	kmod_loader_init(&loader, &host_abi, &host_mem);
	if (kmod_load(&loader, argv[1], data, size, &m)) {
		printf("%s\n", loader.error);
		free(data);
		return 1;
	}
	printf("loaded %s %s abi %u.%u personalities %u\n", m->manifest->name, m->manifest->version,
	       m->manifest->abi_major, m->manifest->abi_minor, m->npersonalities);
	printf("start %d\n", m->start ? m->start() : 0);
	int rc = drive(m);
	if (m->stop)
		m->stop();
	rc |= kmod_unload(&loader, m) != KMOD_OK || host_mem_outstanding != 0;
	printf("unloaded%s\n", rc ? " with errors" : "");
	free(data);
	return rc;
}
