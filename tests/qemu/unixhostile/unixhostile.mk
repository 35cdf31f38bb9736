# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/unixhostile/unixhostile.mk - hostile processes against unixd
# under QEMU (run.py, hostile.comp): a system-call fuzzer beside a worker
# whose answers are checked, crafted bad executables, a fork bomb and memory
# hogs; unixd must survive each and give its memory back.  The test programs
# are Linux programs built with musl-gcc -static (mk/deps.sh musl) into a
# root file system of their own, with the bad executables mkelves.py makes.
#   make unixhostile-test   -> $(B)/logs/unixhostile.log
#   (UNIXHOSTILE_SEED=n: the fuzzer's seed, by default 718430821 so that
#    `make test` is repeatable; UNIXHOSTILE_SEED=clock: one from the clock,
#    to explore; UNIXHOSTILE_CALLS=n: its calls; UNIXHOSTILE_ONLY=name: one
#    program)
UNIXHOSTILE_SEED ?= 718430821
UH_DIR := tests/qemu/unixhostile
UH_OUT := $(B)/unixhostile
UH_PROGS := hinit initsig fuzz execbad forkbomb memhog
UH_BINS := $(patsubst %,$(UH_OUT)/tree/hostile/bin/%,$(UH_PROGS))
UH_COMMON := $(UH_DIR)/common.c $(UH_DIR)/worker.c
UH_CFLAGS := -static -O2 -g -std=c11 -Wall -Wextra -Werror -fno-pie -no-pie

$(UH_OUT)/tree/hostile/bin/%: $(UH_DIR)/%.c $(UH_COMMON) $(UH_DIR)/hostile.h
	@mkdir -p $(dir $@)
	@bash mk/deps.sh musl
	@echo "  MUSLCC  $@"
	@musl-gcc $(UH_CFLAGS) -o $@ $< $(UH_COMMON)

$(UH_OUT)/tree/hostile/bin/initexit: $(UH_DIR)/initexit.sh
	@mkdir -p $(dir $@)
	@install -m 755 $< $@

$(UH_OUT)/elf.stamp: $(UH_DIR)/mkelves.py
	@echo "  GEN     $(UH_OUT)/tree/hostile/elf"
	@$(PYTHON) $(UH_DIR)/mkelves.py $(UH_OUT)/tree/hostile/elf
	@touch $@

$(UH_OUT)/hostile.cpio: tools/mkrootfs $(UH_BINS) $(UH_OUT)/tree/hostile/bin/initexit $(UH_OUT)/elf.stamp \
		$(shell find servers/unix/rootfs -type f 2>/dev/null)
	@bash mk/deps.sh linuxbench
	@echo "  ROOTFS  $@"
	@$(PYTHON) tools/mkrootfs --out $@ --tree $(UH_OUT)/tree

unixhostile-test: deps kernel $(B)/bin/composer.elf $(B)/bin/unixd.elf $(UH_OUT)/hostile.cpio
	@mkdir -p $(B)/logs
	@rm -f $(B)/logs/unixhostile.log
	@$(PYTHON) $(UH_DIR)/run.py --kernel $(B)/kernel/darbat.bin --build $(B) \
		--log $(B)/logs/unixhostile.log \
		$(if $(filter-out clock,$(UNIXHOSTILE_SEED)),--seed $(UNIXHOSTILE_SEED)) \
		$(if $(UNIXHOSTILE_CALLS),--calls $(UNIXHOSTILE_CALLS)) \
		$(if $(UNIXHOSTILE_ONLY),--only $(UNIXHOSTILE_ONLY)) || true
	@$(call suite_done,unixhostile,$(UH_DIR)/run.py)
	@$(call suite_counts,unixhostile)

EXTRA_TESTS += unixhostile-test
.PHONY: unixhostile-test

# The LINUX column of the bad executables' expectations, checked on Debian's
# Linux 6.1 itself (linux.py; not part of `make test`: its subject is Linux).
#   make unixhostile-linux-test   -> $(B)/logs/unixhostile-linux.log
unixhostile-linux-test: $(UH_OUT)/hostile.cpio
	@mkdir -p $(B)/logs
	@bash mk/deps.sh linuxbench
	@$(PYTHON) $(UH_DIR)/linux.py --build $(B) --log $(B)/logs/unixhostile-linux.log || true
	@$(call suite_done,unixhostile-linux,$(UH_DIR)/linux.py)
	@$(call suite_counts,unixhostile-linux)
.PHONY: unixhostile-linux-test
