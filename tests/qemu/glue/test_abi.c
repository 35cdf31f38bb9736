/* SPDX-License-Identifier: BSD-2-Clause */
/* The exported ABI table against every function glue.h declares
 * ($(B)/gen/glue_names.h is extracted from the headers by mk/glue.mk). */
#include "gluetest.h"

static const struct kmod_symbol declared[] = {
#define GLUE_NAME(f) { #f, (uintptr_t)&f },
#include "glue_names.h"
#undef GLUE_NAME
};

#define NDECLARED ARRAY_SIZE(declared)

const char *glue_abi_table(void)
{
	const struct kmod_abi *abi = &iokit_glue_abi;

	CHECK(abi->major == IOKIT_ABI_MAJOR);
	CHECK(abi->minor >= IOKIT_ABI_MINOR);
	/* the extraction found both headers' functions */
	CHECK(NDECLARED >= 60);
	for (size_t i = 0; i < NDECLARED; i++) {
		size_t hits = 0;
		for (size_t j = 0; j < abi->nsyms; j++) {
			if (strcmp(abi->syms[j].name, declared[i].name))
				continue;
			hits++;
			if (abi->syms[j].addr != declared[i].addr) {
				uprintf("gluetest: %s has the wrong address\n", declared[i].name);
				return "an ABI entry has the wrong address";
			}
		}
		if (hits != 1) {
			uprintf("gluetest: %s in the table %zu times\n", declared[i].name, hits);
			return "a declared function is missing from the ABI table or duplicated";
		}
	}
	CHECK(abi->nsyms == NDECLARED);
	return NULL;
}
