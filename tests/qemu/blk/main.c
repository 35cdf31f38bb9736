/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * blkclient - a component that uses a driver framework instance's block
 * interface (block.idl; docs/IOKIT.md "Storage drivers and block clients").
 * Arguments (composition `args`):
 *   mode=test    run the tests of tests.c, printing TEST blk/<name> lines
 *   mode=bench   the blk_seq_read benchmark (bench.c)
 *   mode=restart the instance killed and restarted under the client (restart.c)
 *   mode=ioerr   a device error reported to the client (ioerr.c)
 *   mode=steady|inject|restartbench   two instances, a fault injected into
 *                one, and the restart benchmark (instances.c)
 *   disk=NAME    the whole disk's BSD name (default disk0)
 *   parts=I:N,.. test mode: the partitions expected (index, blocks)
 *   wpart=I wlba=L seed=S   test mode: where the pattern is written
 *   irq=msix|intx  test mode: the interrupt-type the driver must report
 * Routes: `disk` (a service granting the whole disk), optionally `part`
 * (granting one partition) and `reg` (registry queries).
 * Ends with "blkclient: done".
 */
#include <stdarg.h>
#include "blkclient.h"

void blkc_test(const char *name, bool ok, const char *fmt, ...)
{
	char why[128];
	va_list ap;
	va_start(ap, fmt);
	vsnfmt(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (ok)
		uprintf("TEST blk/%s PASS\n", name);
	else
		uprintf("TEST blk/%s FAIL %s\n", name, why);
}

unsigned long blkc_arg_num(const char *key, unsigned long dflt)
{
	char buf[24];
	return urt_arg(key, buf, sizeof(buf)) ? strtoul(buf, NULL, 0) : dflt;
}

int main(const struct dbt_bootinfo *bi)
{
	struct blkc c = { 0 };
	char mode[16];
	(void)bi;
	if (!urt_env) {
		uprintf("blkclient: must be started by the composer\n");
		return 1;
	}
	c.disk = urt_service("disk");
	c.part = urt_service("part");
	c.reg = urt_service("reg");
	if (!urt_arg("disk", c.diskname, sizeof(c.diskname)))
		strlcpy(c.diskname, "disk0", sizeof(c.diskname));
	if (!urt_arg("mode", mode, sizeof(mode)))
		mode[0] = 0;
	if (!strcmp(mode, "bench"))
		blkc_bench(&c);
	else if (!strcmp(mode, "restart"))
		blkc_restart(&c);
	else if (!strcmp(mode, "ioerr"))
		blkc_ioerr(&c);
	else if (!strcmp(mode, "steady") || !strcmp(mode, "inject") || !strcmp(mode, "restartbench"))
		blkc_instances(&c, mode);
	else
		blkc_run_tests(&c);
	uprintf("blkclient: done\n");
	return 0;
}
