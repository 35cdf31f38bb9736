# mk/glue.mk - the driver framework's glue library (user/iokit/glue) and its
# test root task user/gluetest, booted alone (docs/IOKIT.md, "Glue library").
#   make glue-test      run it -> $(B)/logs/gluetest.log (TEST glue/... lines)
USER_PROGS += gluetest
GLUE_OBJ := $(patsubst %,$(B)/%.o,$(wildcard user/iokit/glue/*.c))
GLUETEST_OBJ := $(patsubst %,$(B)/%.o,$(wildcard user/gluetest/*.c))
gluetest_EXTRA_OBJS = $(GLUE_OBJ)

# Every function name glue.h (and the SDK header it includes) declares,
# as GLUE_NAME(f) lines: the test compares the ABI table against them.
$(B)/gen/glue_names.h: user/iokit/glue/glue.h sdk/include/iokit/glue.h
	@mkdir -p $(dir $@)
	@sed -n -E -e '/^typedef/d' -e '/^#/d' \
		-e 's/^[a-z_][a-z0-9_ *]*[ *]([a-z_][a-z0-9_]*)\(.*/GLUE_NAME(\1)/p' $^ > $@
$(GLUETEST_OBJ): USER_CFLAGS += -I$(B)/gen
$(GLUETEST_OBJ): $(B)/gen/glue_names.h

glue-test: deps kernel $(B)/user/gluetest.elf
	@mkdir -p $(B)/logs
	@$(PYTHON) tools/qemu-run --kernel $(B)/kernel/darbat.bin --module "$(B)/user/gluetest.elf" \
		--timeout 120 --log $(B)/logs/gluetest.log --expect-done glue || true

EXTRA_TESTS += glue-test
.PHONY: glue-test
