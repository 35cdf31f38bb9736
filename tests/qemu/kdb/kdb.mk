# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/kdb/kdb.mk - the kernel debugger on the serial console: run.py
# boots the root task kdbtest (this folder), types commands and checks
# what the debugger prints.
#   make kdb-test         -> $(B)/logs/kdb.log
USER_PROGS += kdbtest
kdbtest_DIR := tests/qemu/kdb

kdb-test: deps kernel $(B)/bin/kdbtest.elf
	@mkdir -p $(B)/logs
	@$(PYTHON) tests/qemu/kdb/run.py $(B)/kernel/darbat.bin $(B)/bin/kdbtest.elf $(B)/logs/kdb.log
EXTRA_TESTS += kdb-test
.PHONY: kdb-test
