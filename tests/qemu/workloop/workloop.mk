# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/workloop/workloop.mk - driver work loops and event sources (servers/iokit/workloop,
# docs/IOKIT.md "Work loops") and their test suite: the root task
# tests/qemu/workloop, booted alone (it programs the RTC on IRQ 8 itself).
#   make workloop-test   run it -> $(B)/logs/wltest.log (TEST workloop/... lines)
USER_PROGS += wltest
wltest_DIR := tests/qemu/workloop
wltest_EXTRA_OBJS = $(IOKIT_WORKLOOP_OBJ)
$(patsubst %,$(B)/%.o,$(wildcard tests/qemu/workloop/*.c)): USER_CFLAGS += -Iservers -Isdk/include

workloop-test: deps kernel $(B)/bin/wltest.elf
	@mkdir -p $(B)/logs
	@$(QEMU_RUN) --module "$(B)/bin/wltest.elf" \
		--timeout 120 --log $(B)/logs/wltest.log --expect-done workloop || true

EXTRA_TESTS += workloop-test
.PHONY: workloop-test
