# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/unixdisk/unixdisk.mk - the driver-kill test: the driver
# framework instance serving unixd's disk is killed many times at random
# points of unixd's I/O (the faulter component, this folder's faulter.c)
# while a process appends records with fsync (linux/diskwriter.c, musl-gcc
# -static); afterwards every acknowledged record is in the image and unixd
# still runs.  And the root on a disk: unixd mounts ext2 from /dev/vda1
# (root=vda1), a script writes there and powers off, twice (persist.comp,
# linux/persist.sh).  Both in run.sh.
#   make unixdisk-test   -> $(B)/logs/unixdisk.log
USER_PROGS += diskfaulter
diskfaulter_DIR := tests/qemu/unixdisk
diskfaulter_EXTRA_OBJS = $(B)/gen/block.c.o

UD_OUT := $(B)/unixdisk

$(UD_OUT)/diskwriter: tests/qemu/unixdisk/linux/diskwriter.c
	@mkdir -p $(dir $@)
	@bash mk/deps.sh musl
	@echo "  MUSLCC  $@"
	@musl-gcc -static -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -o $@ $<

$(B)/bin/rootfs-unixdisk.cpio: tools/mkrootfs $(UD_OUT)/diskwriter tests/qemu/unixdisk/linux/persist.sh \
		$(shell find servers/unix/rootfs -type f 2>/dev/null)
	@bash mk/deps.sh linuxbench
	@echo "  ROOTFS  $@"
	@$(PYTHON) tools/mkrootfs --out $@ --file $(UD_OUT)/diskwriter:bin/diskwriter \
		--file tests/qemu/unixdisk/linux/persist.sh:bin/persist.sh

unixdisk-test: deps kernel $(B)/bin/composer.elf $(B)/bin/unixd.elf $(B)/bin/iokitd.elf \
		$(B)/bin/diskfaulter.elf $(B)/bin/rootfs-unixdisk.cpio
	@bash mk/deps.sh disktools ext2
	@mkdir -p $(B)/logs
	@bash tests/qemu/unixdisk/run.sh $(B) > $(B)/logs/unixdisk.log 2>&1 || true
	@$(call suite_done,unixdisk,tests/qemu/unixdisk/run.sh)
	@$(call suite_counts,unixdisk)

EXTRA_TESTS += unixdisk-test
.PHONY: unixdisk-test
