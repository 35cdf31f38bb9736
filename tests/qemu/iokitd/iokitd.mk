# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/iokitd/iokitd.mk - the framework server's QEMU scenarios
# (run.py, compositions basic.comp and instances.comp here): PCI nubs
# against QEMU's own devices, modules, console commands, registry queries
# from the client component ioregtest, several instances.
#   make iokitd-test       -> $(B)/logs/iokitd.log
USER_PROGS += ioregtest
ioregtest_DIR := tests/qemu/iokitd
ioregtest_EXTRA_OBJS = $(B)/gen/ioreg.c.o

# Modules for the tests: the SDK's example and mods/*.c here, built with the
# SDK flags into $(B)/iokitd/mods/*.kmod, and a file that is no module (an
# executable under a module's name).
include sdk/flags.mk
IOKITD_MODS := $(B)/iokitd/mods/exampledrv.kmod $(B)/iokitd/mods/notmod.kmod \
	$(patsubst tests/qemu/iokitd/mods/%.c,$(B)/iokitd/mods/%.kmod,$(wildcard tests/qemu/iokitd/mods/*.c))
$(B)/iokitd/mods/notmod.kmod: $(B)/bin/hello.elf
	@mkdir -p $(dir $@)
	@cp $< $@
$(B)/iokitd/mods/exampledrv.kmod: sdk/example/exampledrv.c $(wildcard sdk/include/iokit/*.h)
	@mkdir -p $(dir $@)
	@$(CC) $(KMOD_SDK_CFLAGS) -Werror -Isdk/include -c $< -o $@.o && $(LD) -r -o $@ $@.o
$(B)/iokitd/mods/%.kmod: tests/qemu/iokitd/mods/%.c $(wildcard sdk/include/iokit/*.h)
	@mkdir -p $(dir $@)
	@$(CC) $(KMOD_SDK_CFLAGS) -Werror -Isdk/include -c $< -o $@.o && $(LD) -r -o $@ $@.o

iokitd-test: deps kernel $(B)/bin/composer.elf $(B)/bin/iokitd.elf $(B)/bin/ioregtest.elf \
		$(IOKITD_MODS)
	@mkdir -p $(B)/logs
	@rm -f $(B)/logs/iokitd.log
	@$(PYTHON) tests/qemu/iokitd/run.py --kernel $(B)/kernel/darbat.bin --build $(B) \
		--log $(B)/logs/iokitd.log || true
	@$(call suite_done,iokitd,tests/qemu/iokitd/run.py)
	@$(call suite_counts,iokitd)

EXTRA_TESTS += iokitd-test
.PHONY: iokitd-test
