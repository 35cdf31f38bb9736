# mk/glue.mk - the driver framework's glue library (user/iokit/glue), its
# test root task user/gluetest, booted alone, and its composer test
# user/gluecomp (DMA buffers) (docs/IOKIT.md, "Glue library").
#   make glue-test        -> $(B)/logs/gluetest.log (TEST glue/... lines)
#   make glue-comp-test   -> $(B)/logs/gluecomp.log (TEST glue-comp/... lines)
# A program linking $(GLUE_OBJ) links the framework core too (the
# module-driver functions of glue/service.c are built on it).
USER_PROGS += gluetest
GLUE_OBJ := $(patsubst %,$(B)/%.o,$(wildcard user/iokit/glue/*.c))
GLUETEST_OBJ := $(patsubst %,$(B)/%.o,$(wildcard user/gluetest/*.c))
# the module-driver functions (glue/service.c) are built on the core
gluetest_EXTRA_OBJS = $(GLUE_OBJ) $(patsubst %,$(B)/%.o,$(wildcard user/iokit/core/*.c))

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

# gluecomp: the glue's tests that need the composer (DMA buffers), as a
# component of tests/glue/gluecomp.comp -> $(B)/logs/gluecomp.log
#   make glue-comp-test
USER_PROGS += gluecomp
gluecomp_EXTRA_OBJS = $(GLUE_OBJ) $(patsubst %,$(B)/%.o,$(wildcard user/iokit/core/*.c))

glue-comp-test: deps kernel $(B)/user/composer.elf $(B)/user/gluecomp.elf
	@mkdir -p $(B)/logs
	@$(PYTHON) tools/qemu-run --kernel $(B)/kernel/darbat.bin --module $(B)/user/composer.elf \
		--module tests/glue/gluecomp.comp --module $(B)/user/gluecomp.elf \
		--timeout 120 --log $(B)/logs/gluecomp.log --expect-done gluecomp || true

EXTRA_TESTS += glue-comp-test
.PHONY: glue-comp-test
