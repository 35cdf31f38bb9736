# mk/rt.mk - the component runtime library's test suite: the root task
# user/rttest (linked with user/lib like every user program), booted alone.
#   make rt-test        run it -> $(B)/logs/rttest.log (TEST rt/... lines)
USER_PROGS += rttest

rt-test: deps kernel $(B)/user/rttest.elf
	@mkdir -p $(B)/logs
	@$(PYTHON) tools/qemu-run --kernel $(B)/kernel/darbat.bin --module "$(B)/user/rttest.elf" \
		--timeout 120 --log $(B)/logs/rttest.log --expect-done rt || true

EXTRA_TESTS += rt-test
.PHONY: rt-test
