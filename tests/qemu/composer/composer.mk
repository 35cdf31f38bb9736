# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/composer/composer.mk - the composer's QEMU scenarios: run.py
# boots the composer with each composition here (and the shipped ones in
# compositions/), the test component comptest (this folder's .c files,
# serving echo.idl) and hello/iokitd, and checks the serial log.
#   make composer-test    -> $(B)/logs/composer.log
#   make composer-bench   BENCH component_restart / component_start (bench.comp)
USER_PROGS += comptest
comptest_DIR := tests/qemu/composer
comptest_EXTRA_OBJS = $(B)/gen/echo.c.o
vpath %.idl tests/qemu/composer
$(patsubst %,$(B)/%.o,$(wildcard tests/qemu/composer/*.c)): | $(B)/gen/echo.h

composer-test: deps kernel $(B)/bin/composer.elf $(B)/bin/comptest.elf $(B)/bin/hello.elf \
		$(B)/bin/iokitd.elf
	@mkdir -p $(B)/logs
	@$(PYTHON) tests/qemu/composer/run.py $(B)/kernel/darbat.bin $(B)/bin/composer.elf \
		$(B)/bin/comptest.elf $(B)/logs
EXTRA_TESTS += composer-test

composer-bench: deps kernel $(B)/bin/composer.elf $(B)/bin/comptest.elf
	@mkdir -p $(B)/logs
	@$(QEMU_RUN) --module $(B)/bin/composer.elf \
		--module tests/qemu/composer/bench.comp --module $(B)/bin/comptest.elf --bench \
		--timeout 300 --log $(B)/logs/compbench.log --expect-done compbench; \
		grep '^BENCH' $(B)/logs/compbench.log
EXTRA_BENCH += composer-bench
.PHONY: composer-test composer-bench
