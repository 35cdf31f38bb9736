# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/glue/glue.mk - the driver framework's glue library
# (servers/iokit/glue; docs/IOKIT.md, "Glue library"): its test root task
# gluetest (this folder), booted alone.
#   make glue-test        -> $(B)/logs/gluetest.log (TEST glue/... lines)
# A program linking $(GLUE_OBJ) links the framework core too (the
# module-driver functions of glue/service.c are built on it).
USER_PROGS += gluetest
gluetest_DIR := tests/qemu/glue
gluetest_EXTRA_OBJS = $(GLUE_OBJ) $(IOKIT_CORE_OBJ)
$(patsubst %,$(B)/%.o,$(wildcard tests/qemu/glue/*.c)): USER_CFLAGS += -Iservers -Isdk/include

# Every function name glue.h (and the SDK header it includes) declares,
# as GLUE_NAME(f) lines: the test compares the ABI table against them.
$(B)/gen/glue_names.h: servers/iokit/glue/glue.h sdk/include/iokit/glue.h
	@mkdir -p $(dir $@)
	@sed -n -E -e '/^typedef/d' -e '/^#/d' \
		-e 's/^[a-z_][a-z0-9_ *]*[ *]([a-z_][a-z0-9_]*)\(.*/GLUE_NAME(\1)/p' $^ > $@
$(patsubst %,$(B)/%.o,$(wildcard tests/qemu/glue/*.c)): $(B)/gen/glue_names.h

glue-test: deps kernel $(B)/bin/gluetest.elf
	@mkdir -p $(B)/logs
	@$(QEMU_RUN) --module "$(B)/bin/gluetest.elf" \
		--timeout 120 --log $(B)/logs/gluetest.log --expect-done glue || true

EXTRA_TESTS += glue-test
.PHONY: glue-test
