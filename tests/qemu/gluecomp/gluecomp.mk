# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/gluecomp/gluecomp.mk - the glue's tests that need the composer
# (DMA buffers): the component gluecomp (this folder) in gluecomp.comp.
#   make glue-comp-test   -> $(B)/logs/gluecomp.log (TEST glue-comp/... lines)
USER_PROGS += gluecomp
gluecomp_DIR := tests/qemu/gluecomp
gluecomp_EXTRA_OBJS = $(GLUE_OBJ) $(IOKIT_CORE_OBJ)
$(patsubst %,$(B)/%.o,$(wildcard tests/qemu/gluecomp/*.c)): USER_CFLAGS += -Iservers -Isdk/include

glue-comp-test: deps kernel $(B)/bin/composer.elf $(B)/bin/gluecomp.elf
	@mkdir -p $(B)/logs
	@$(QEMU_RUN) --module $(B)/bin/composer.elf \
		--module tests/qemu/gluecomp/gluecomp.comp --module $(B)/bin/gluecomp.elf \
		--timeout 120 --log $(B)/logs/gluecomp.log --expect-done gluecomp || true

EXTRA_TESTS += glue-comp-test
.PHONY: glue-comp-test
