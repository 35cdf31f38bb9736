# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/unix/unix.mk - the differential UNIX tests on Darbat
# (tests/unix/README.md): the programs and scripts of tests/unix/, whose
# output on Debian's Linux 6.1 is recorded in tests/unix/expected/, run by
# tests/unix/runner/urun as process 1 of unixd alone (unixtest.comp); the
# serial log is compared test by test (tools/unix-compare).
#   make unix-test   -> $(B)/logs/unix.log (TEST lines), $(B)/logs/unix-darbat.serial (the run)

include tests/unix/unix.mk

UNIX_TREE := $(B)/unix/root
UNIX_SH := $(sort $(wildcard tests/unix/sh/*.sh))
# tests/unix/pending: the tests that do not pass yet, with why
UNIX_PENDING := $(shell sed -n 's/^\([a-z0-9_]*\) .*/\1/p' tests/unix/pending)
# UNIX_ONLY="a b": run only those (a debugging aid; the archive is remade)
UNIX_RUN := $(or $(UNIX_ONLY),$(filter-out $(UNIX_PENDING),$(patsubst tests/unix/expected/%.out,%,$(wildcard tests/unix/expected/*.out))))
# the list the runner takes, rewritten only when it changes (a run with
# UNIX_ONLY and the next without remake the archive)
UNIX_LIST := $(B)/unix/list
$(UNIX_LIST): FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' $(UNIX_RUN) > $@.new
	@cmp -s $@.new $@ && rm -f $@.new || mv $@.new $@
.PHONY: FORCE
FORCE:

$(B)/bin/rootfs-unixtest.cpio: $(UNIX_BINS) $(UNIX_SH) tools/mkrootfs tools/elfdeps \
		$(wildcard tests/unix/root/etc/*) tests/unix/pending $(UNIX_LIST)
	@bash mk/deps.sh glibcprogs
	@rm -rf $(UNIX_TREE)
	@mkdir -p $(UNIX_TREE)/t $(UNIX_TREE)/bin
	@cp $(addprefix $(B)/unix/progs/,$(UNIX_PROGS)) $(UNIX_SH) $(UNIX_TREE)/t/
	@cp $(B)/unix/urun $(UNIX_TREE)/bin/urun
	@cp $(UNIX_LIST) $(UNIX_TREE)/t/list
	@echo "  ROOTFS  $@"
	@$(PYTHON) tools/mkrootfs --flat-bin --debian --tree tests/unix/root --tree $(UNIX_TREE) --out $@

# The tests' disk (/dev/vda: vda1 ext2, vda2 raw), the one tools/linux-record
# gives Linux; each run writes a fresh copy.
$(B)/unix/disk.img: tools/mkdisk $(shell find tests/unix/root -type f)
	@bash mk/deps.sh disktools ext2
	@mkdir -p $(dir $@)
	@echo "  MKDISK  $@"
	@$(PYTHON) tools/mkdisk --out $@ --unix-test-disk

# After the run, the host's e2fsck checks the ext2 of partition 1 (at 1 MiB:
# tools/mkdisk) the tests wrote through unixd (the ext2_ tests mount it):
# TEST unix/ext2_e2fsck_clean passes iff e2fsck -fn finds nothing to fix.
UNIX_E2FSCK := $(or $(shell PATH=$$PATH:/usr/sbin:/sbin command -v e2fsck),e2fsck)
UNIX_DISK_P1 := 1048576

unix-test: deps kernel $(B)/bin/composer.elf $(B)/bin/unixd.elf $(B)/bin/iokitd.elf \
		$(B)/bin/rootfs-unixtest.cpio $(B)/unix/disk.img
	@mkdir -p $(B)/logs
	@cp $(B)/unix/disk.img $(B)/unix/disk-run.img
	@$(QEMU_RUN) --disk $(B)/unix/disk-run.img --module $(B)/bin/composer.elf --module tests/qemu/unix/unixtest.comp \
		--module $(B)/bin/iokitd.elf --module $(B)/bin/unixd.elf --module $(B)/bin/rootfs-unixtest.cpio \
		--extra-qemu "-device virtio-rng-pci,disable-legacy=on" \
		--timeout 900 --log $(B)/logs/unix-darbat.serial --expect-done unix >/dev/null 2>&1 || true
	@$(PYTHON) tools/unix-compare --expected tests/unix/expected --log $(B)/logs/unix-darbat.serial \
		--only $(UNIX_RUN) > $(B)/logs/unix.log 2>&1 || true
	@sed -n 's/^\([a-z0-9_]*\)  *\(.*\)/NOTE unix\/\1 pending: \2/p' tests/unix/pending >> $(B)/logs/unix.log
	@$(PYTHON) tools/syscalls-doc --check >> $(B)/logs/unix.log 2>&1 && \
		echo "TEST unix/syscalls_doc_current PASS" >> $(B)/logs/unix.log || \
		echo "TEST unix/syscalls_doc_current FAIL docs/SYSCALLS.md is out of date" >> $(B)/logs/unix.log
	@$(UNIX_E2FSCK) -fn '$(B)/unix/disk-run.img?offset=$(UNIX_DISK_P1)' > $(B)/logs/unix-e2fsck.log 2>&1 && \
		echo "TEST unix/ext2_e2fsck_clean PASS" >> $(B)/logs/unix.log || \
		echo "TEST unix/ext2_e2fsck_clean FAIL e2fsck -fn of vda1 after the run: $(B)/logs/unix-e2fsck.log" >> $(B)/logs/unix.log
	@grep -q 'SUITE unix DONE' $(B)/logs/unix-darbat.serial && echo "DONE unix" >> $(B)/logs/unix.log || true
	@$(call suite_done,unix,tests/qemu/unix/unix.mk)
	@$(call suite_counts,unix)

EXTRA_TESTS += unix-test
.PHONY: unix-test

# The default system's shell on COM2 driven like a person at the terminal
# (line discipline, job control, the console on COM1, unixd killed and
# restarted, poweroff): tests/qemu/unix/shell.py, with a disk made as `make
# run` makes its own, anew when the root tree changed (a copy of it each run).
$(B)/unix/shell-disk.img: $(B)/bin/rootfs.cpio tools/mkdisk
	@bash mk/deps.sh disktools ext2
	@mkdir -p $(dir $@)
	@echo "  MKDISK  $@"
	@$(PYTHON) tools/mkdisk --out $@ --cpio $< --part2 4

unixshell-test: deps system $(B)/bin/rootfs.cpio $(B)/unix/shell-disk.img
	@mkdir -p $(B)/logs
	@timeout 600 $(PYTHON) tests/qemu/unix/shell.py $(B)/kernel/darbat.bin $(B)/bin \
		compositions/default.comp $(B)/logs/unixshell.log $(B)/unix/shell-disk.img || true
	@$(call suite_done,unixshell,tests/qemu/unix/shell.py)
	@$(call suite_counts,unixshell)

EXTRA_TESTS += unixshell-test
.PHONY: unixshell-test
