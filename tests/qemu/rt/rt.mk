# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/rt/rt.mk - the component runtime's test suite: the root task
# rttest (this folder, linked with the runtime like every program), booted alone.
#   make rt-test        run it -> $(B)/logs/rttest.log (TEST rt/... lines)
USER_PROGS += rttest
rttest_DIR := tests/qemu/rt

rt-test: deps kernel $(B)/bin/rttest.elf
	@mkdir -p $(B)/logs
	@$(QEMU_RUN) --module "$(B)/bin/rttest.elf" \
		--timeout 120 --log $(B)/logs/rttest.log --expect-done rt || true

EXTRA_TESTS += rt-test
.PHONY: rt-test
