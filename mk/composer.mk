# mk/composer.mk - the composer root task (user/composer): it links the
# composition parser (lib/comp) built for user level, and the code idlc
# generates from its protocol (user/composer/compproto.idl), whose client
# half every program's runtime links too.
USER_PROGS += composer
IDL_DIRS += user/composer
COMPOSER_OBJ := $(patsubst %,$(B)/%.o,$(wildcard user/composer/*.c))
composer_EXTRA_OBJS = $(B)/ulib/comp/comp.c.o
ULIB_OBJ += $(B)/gen/compproto.c.o
$(COMPOSER_OBJ) $(patsubst %,$(B)/%.o,$(ULIB_SRC)): USER_CFLAGS += -I$(B)/gen
$(COMPOSER_OBJ) $(patsubst %,$(B)/%.o,$(ULIB_SRC)): | $(B)/gen/compproto.h

# The test component and its service (user/comptest/echo.idl).
USER_PROGS += comptest
IDL_DIRS += user/comptest
COMPTEST_OBJ := $(patsubst %,$(B)/%.o,$(wildcard user/comptest/*.c))
comptest_EXTRA_OBJS = $(B)/gen/echo.c.o
$(COMPTEST_OBJ): USER_CFLAGS += -I$(B)/gen
$(COMPTEST_OBJ): | $(B)/gen/echo.h

# tools/composer-test boots the composer with tests/composer/*.comp.
composer-test: deps kernel $(B)/user/composer.elf $(B)/user/comptest.elf $(B)/user/hello.elf \
		$(B)/user/iokitd.elf
	@mkdir -p $(B)/logs
	@$(PYTHON) tools/composer-test $(B)/kernel/darbat.bin $(B)/user/composer.elf \
		$(B)/user/comptest.elf $(B)/logs
EXTRA_TESTS += composer-test

# BENCH component_restart / component_start, under -icount (make bench).
composer-bench: deps kernel $(B)/user/composer.elf $(B)/user/comptest.elf
	@mkdir -p $(B)/logs
	@$(PYTHON) tools/qemu-run --kernel $(B)/kernel/darbat.bin --module $(B)/user/composer.elf \
		--module tests/composer/bench.comp --module $(B)/user/comptest.elf --bench \
		--timeout 300 --log $(B)/logs/compbench.log --expect-done compbench; \
		grep '^BENCH' $(B)/logs/compbench.log
EXTRA_BENCH += composer-bench
