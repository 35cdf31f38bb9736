# mk/workloop.mk - driver work loops and event sources (user/iokit/workloop,
# docs/IOKIT.md "Work loops") and their test suite: the root task
# user/wltest, booted alone (it programs the RTC on IRQ 8 itself).
#   make workloop-test   run it -> $(B)/logs/wltest.log (TEST workloop/... lines)
USER_PROGS += wltest
wltest_EXTRA_OBJS := $(patsubst %,$(B)/%.o,$(wildcard user/iokit/workloop/*.c))

workloop-test: deps kernel $(B)/user/wltest.elf
	@mkdir -p $(B)/logs
	@$(PYTHON) tools/qemu-run --kernel $(B)/kernel/darbat.bin --module "$(B)/user/wltest.elf" \
		--timeout 120 --log $(B)/logs/wltest.log --expect-done workloop || true

EXTRA_TESTS += workloop-test
.PHONY: workloop-test
