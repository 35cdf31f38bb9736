/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ioregtest.c - a client component of iokitd's registry interface
 * (interfaces/ioreg.idl), for tests/qemu/iokitd/run.py.  Its routes:
 *
 *   reg     a service rooted at "/" of the instance
 *   regpci  a service rooted at "/pci@0"
 *
 * It walks both, checks what each may see, and prints TEST iokitd/reg/...
 * lines, the tree it saw (REG lines: path, class, and selected properties,
 * which the harness compares with the instance's ioreg output), then
 * "ioregtest: done".  Arguments: expect=PATH names an entry that must
 * exist under "/" (several: expect=a;b).
 */
#include "urt.h"
#include "ioreg.h"

#define E_NOT_FOUND 0x200

static unsigned failures;

static void test(const char *name, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void test(const char *name, bool ok, const char *fmt, ...)
{
	char why[128];
	va_list ap;
	va_start(ap, fmt);
	vsnfmt(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (ok) {
		uprintf("TEST iokitd/reg/%s PASS\n", name);
	} else {
		uprintf("TEST iokitd/reg/%s FAIL %s\n", name, why);
		failures++;
	}
}

static dbt_word_t lookup(dbt_slot_t ep, const char *path, dbt_word_t *id, char *cls)
{
	dbt_word_t len = 0;
	dbt_word_t err = ioreg_lookup(ep, path, strlen(path), id, cls, &len);
	cls[err ? 0 : len] = 0;
	return err;
}

static dbt_word_t number_prop(dbt_slot_t ep, dbt_word_t id, const char *key, uint64_t *v)
{
	uint8_t buf[IOREG_PROPERTY_VALUE_MAX];
	dbt_word_t type = 0, len = 0;
	dbt_word_t err = ioreg_property(ep, id, key, strlen(key), &type, buf, &len);
	if (err)
		return err;
	if (type != 1 || len != 8)
		return 0x999;
	memcpy(v, buf, 8);
	return 0;
}

/* Print the subtree at id as REG lines: "REG <path> <class> vendor=.. device=..". */
static unsigned walk(dbt_slot_t ep, dbt_word_t id, const char *path, unsigned depth)
{
	char cls[IOREG_LOOKUP_CLASS_NAME_MAX + 1];
	dbt_word_t lid;
	unsigned n = 1;
	if (lookup(ep, path, &lid, cls) || lid != id) {
		test("walk_lookup", false, "%s: lookup of a child's path failed", path);
		return n;
	}
	uint64_t vendor = 0, device = 0, class_code = 0;
	if (!number_prop(ep, id, "vendor-id", &vendor) && !number_prop(ep, id, "device-id", &device) &&
	    !number_prop(ep, id, "class-code", &class_code))
		uprintf("REG %s %s vendor=%lx device=%lx class=%06lx\n", path, cls, vendor, device, class_code);
	else
		uprintf("REG %s %s\n", path, cls);
	for (dbt_word_t i = 0; depth < 8; i++) {
		char name[IOREG_CHILDREN_NAME_MAX + 1], child_path[256];
		dbt_word_t child = 0, len = 0;
		if (ioreg_children(ep, id, i, &child, name, &len))
			break;
		name[len] = 0;
		snfmt(child_path, sizeof(child_path), "%s%s%s", path, path[1] ? "/" : "", name);
		n += walk(ep, child, child_path, depth + 1);
	}
	return n;
}

static void check_root_service(dbt_slot_t reg)
{
	char cls[IOREG_LOOKUP_CLASS_NAME_MAX + 1];
	dbt_word_t root = 0, id = 0;
	dbt_word_t err = lookup(reg, "/", &root, cls);
	test("root_lookup", err == 0 && root != 0, "lookup /: error 0x%lx", err);
	err = lookup(reg, "/pci@0", &id, cls);
	test("bridge_class", err == 0 && !strcmp(cls, "IOPCIBridge"), "lookup /pci@0: 0x%lx %s", err, cls);
	err = lookup(reg, "/platform", &id, cls);
	test("platform_class", err == 0 && !strcmp(cls, "IOPlatformExpert"), "/platform: 0x%lx %s", err, cls);
	err = lookup(reg, "/nosuch@1", &id, cls);
	test("missing_path_not_found", err == E_NOT_FOUND, "/nosuch@1: 0x%lx", err);
	err = lookup(reg, "/pci@0//x", &id, cls);
	test("malformed_path_not_found", err == E_NOT_FOUND, "/pci@0//x: 0x%lx", err);
	err = lookup(reg, "pci@0", &id, cls);
	test("relative_path_not_found", err == E_NOT_FOUND, "pci@0: 0x%lx", err);
	char nul_path[4] = { '/', 0, 'x', 0 };
	dbt_word_t len;
	err = ioreg_lookup(reg, nul_path, 3, &id, cls, &len);
	test("nul_in_path_refused", err == E_NOT_FOUND, "0x%lx", err);
	uint64_t v;
	err = number_prop(reg, 0x7fffffff, "vendor-id", &v);
	test("unknown_id_not_found", err == E_NOT_FOUND, "0x%lx", err);
	err = number_prop(reg, root, "no-such-key", &v);
	test("unknown_key_not_found", err == E_NOT_FOUND, "0x%lx", err);
	char key[IOREG_KEY_AT_KEY_MAX];
	err = ioreg_key_at(reg, root, 1000, key, &len);
	test("key_index_past_end", err == E_NOT_FOUND, "0x%lx", err);
	unsigned n = walk(reg, root, "/", 0);
	test("walk_whole_tree", n >= 3, "%u entries", n);
}

/* The /pci@0 service: its "/" is the bridge; the root and the platform
 * are outside, also by id. */
static void check_pci_service(dbt_slot_t regpci, dbt_slot_t reg)
{
	char cls[IOREG_LOOKUP_CLASS_NAME_MAX + 1];
	dbt_word_t top = 0, id = 0, platform = 0, root = 0;
	dbt_word_t err = lookup(regpci, "/", &top, cls);
	test("sub_root_is_bridge", err == 0 && !strcmp(cls, "IOPCIBridge"), "0x%lx %s", err, cls);
	err = lookup(regpci, "/platform", &id, cls);
	test("sub_cannot_see_platform", err == E_NOT_FOUND, "0x%lx", err);
	lookup(reg, "/platform", &platform, cls);
	lookup(reg, "/", &root, cls);
	dbt_word_t child, len;
	char name[IOREG_CHILDREN_NAME_MAX];
	err = ioreg_children(regpci, platform, 0, &child, name, &len);
	test("sub_platform_id_hidden", err == E_NOT_FOUND, "children(platform): 0x%lx", err);
	err = ioreg_children(regpci, root, 0, &child, name, &len);
	test("sub_root_id_hidden", err == E_NOT_FOUND, "children(root): 0x%lx", err);
	uint8_t buf[IOREG_PROPERTY_VALUE_MAX];
	dbt_word_t type;
	err = ioreg_property(reg, platform, "model", 5, &type, buf, &len);
	test("platform_property_visible", err == 0 && type == 2, "property(platform): 0x%lx", err);
	err = ioreg_property(regpci, platform, "model", 5, &type, buf, &len);
	test("sub_platform_property_hidden", err == E_NOT_FOUND, "property(platform): 0x%lx", err);
	walk(regpci, top, "/", 0);
}

static void check_expected(dbt_slot_t reg)
{
	char list[128], *p = list;
	if (!urt_arg("expect", list, sizeof(list)))
		return;
	while (*p) {
		char *comma = strchr(p, ';');
		if (comma)
			*comma = 0;
		char cls[IOREG_LOOKUP_CLASS_NAME_MAX + 1], name[64];
		dbt_word_t id;
		dbt_word_t err = lookup(reg, p, &id, cls);
		snfmt(name, sizeof(name), "expect%s", p);
		for (char *q = name; *q; q++)
			if (*q == '/' || *q == '@' || *q == ',')
				*q = '_';
		test(name, err == 0, "%s: 0x%lx", p, err);
		if (!comma)
			break;
		p = comma + 1;
	}
}

int main(const struct dbt_bootinfo *bi)
{
	(void)bi;
	dbt_slot_t reg = urt_service("reg"), regpci = urt_service("regpci");
	test("routes", reg && regpci, "reg %lu regpci %lu", (dbt_word_t)reg, (dbt_word_t)regpci);
	if (reg)
		check_root_service(reg);
	if (reg && regpci)
		check_pci_service(regpci, reg);
	if (reg)
		check_expected(reg);
	uprintf("ioregtest: done (%u failures)\n", failures);
	return 0;
}
