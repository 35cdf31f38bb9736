/*
 * kmodload.c - load one module file on the host with the host ABI v1.0
 * (host_abi.c), print its manifest, call module_start, every personality's
 * init and module_stop, then unload it.  Used by tests/kmod/run.sh for the
 * module built out of tree with the SDK.
 *   kmodload FILE      exit 0 and "loaded ..." lines, or the loader's error and exit 1
 */
#include <stdio.h>
#include <stdlib.h>
#include "host_abi.h"

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
	for (unsigned i = 0; i < m->npersonalities; i++)
		printf("personality %s on %s init %d\n", m->manifest->personalities[i].driver_class,
		       m->manifest->personalities[i].provider_class,
		       ((int (*)(void))m->personality_init[i])());
	if (m->stop)
		m->stop();
	int rc = kmod_unload(&loader, m) != KMOD_OK || host_mem_outstanding != 0;
	printf("unloaded%s\n", rc ? " with errors" : "");
	free(data);
	return rc;
}
