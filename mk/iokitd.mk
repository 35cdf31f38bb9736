# mk/iokitd.mk - the driver framework server iokitd (user/iokit/server,
# docs/IOKIT.md "The framework server"): the framework core, work loops,
# glue library, module loader, partition parser, the built-in drivers
# (user/iokit/drivers/*.c: every file there is linked in) and the server
# itself, as one component binary; its registry client interface
# (user/iokit/server/ioreg.idl); the test client component ioregtest; and
# the QEMU tests (tools/iokit-test, compositions in tests/iokit-server/).
#   make iokitd-test       QEMU tests -> $(B)/logs/iokitd.log
#   make iokitd-host-test  configuration-space helpers on the host -> $(B)/logs/iokitd-host.log
#
# iokitd is linked with its own script (user/iokit/server/iokitd.ld): the
# runtime's plus one read-write-execute segment, the arena modules are
# linked into, since a component's heap is not executable.  So it has its
# own link rule instead of a USER_PROGS entry (whose rule names the
# runtime's script); `all` and `user` build it all the same.  The storage
# objects are named by wildcard: mk/part.mk is read after this file.
# Other fragments may add to IOKITD_OBJ (duplicates are dropped).
# Interfaces of the server and the drivers: generated code linked in.
# (mk/idl.mk set its vpath before this file was read, hence our own.)
IDL_DIRS += user/iokit/server
vpath %.idl user/iokit/server user/iokit/drivers
IOKITD_IDL := $(patsubst %.idl,%,$(notdir $(wildcard user/iokit/server/*.idl user/iokit/drivers/*.idl)))
IOKITD_GEN_H := $(patsubst %,$(B)/gen/%.h,$(IOKITD_IDL))
IOKITD_SRC := $(wildcard user/iokit/server/*.c) $(wildcard user/iokit/drivers/*.c)
IOKITD_OWN_OBJ := $(patsubst %,$(B)/%.o,$(IOKITD_SRC))
IOKITD_OBJ := $(IOKITD_OWN_OBJ) \
	$(patsubst %,$(B)/%.o,$(IOKIT_CORE_SRC)) \
	$(patsubst %,$(B)/%.o,$(wildcard user/iokit/workloop/*.c)) \
	$(GLUE_OBJ) \
	$(patsubst %,$(B)/%.o,$(wildcard user/iokit/kmod/*.c)) \
	$(patsubst %,$(B)/%.o,$(wildcard user/iokit/storage/*.c)) \
	$(patsubst %,$(B)/gen/%.c.o,$(IOKITD_IDL))
$(IOKITD_OWN_OBJ): USER_CFLAGS += -I$(B)/gen
$(IOKITD_OWN_OBJ): | $(IOKITD_GEN_H) $(B)/gen/compproto.h
-include $(IOKITD_OWN_OBJ:.o=.d)        # header dependencies (-MMD)

$(B)/user/iokitd.elf: $(IOKITD_OBJ) $(ULIB_OBJ) user/iokit/server/iokitd.ld
	@echo "  LD      $@"
	@$(LD) -nostdlib -static -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments \
		-T user/iokit/server/iokitd.ld -o $@ $(sort $(IOKITD_OBJ)) $(ULIB_OBJ)
all user: $(B)/user/iokitd.elf

# ioregtest: a client of the registry interface (tests/iokit-server/ioregtest.c)
USER_PROGS += ioregtest
IOREGTEST_OBJ := $(B)/tests/iokit-server/ioregtest.c.o
ioregtest_EXTRA_OBJS = $(IOREGTEST_OBJ) $(B)/gen/ioreg.c.o
$(IOREGTEST_OBJ): tests/iokit-server/ioregtest.c | $(B)/gen/ioreg.h $(B)/gen/compproto.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(USER_CFLAGS) -I$(B)/gen -MMD -MP -c $< -o $@
-include $(IOREGTEST_OBJ:.o=.d)

# Modules for the tests: the SDK's example and tests/iokit-server/mods/*.c,
# built with the SDK flags into $(B)/iokitd/mods/*.kmod, and a file that is
# no module (an executable under a module's name).
IOKITD_MODS := $(B)/iokitd/mods/exampledrv.kmod $(B)/iokitd/mods/notmod.kmod \
	$(patsubst tests/iokit-server/mods/%.c,$(B)/iokitd/mods/%.kmod,$(wildcard tests/iokit-server/mods/*.c))
$(B)/iokitd/mods/notmod.kmod: $(B)/user/hello.elf
	@mkdir -p $(dir $@)
	@cp $< $@
$(B)/iokitd/mods/exampledrv.kmod: sdk/example/exampledrv.c $(wildcard sdk/include/iokit/*.h)
	@mkdir -p $(dir $@)
	@$(CC) $(KMOD_SDK_CFLAGS) -Werror -Isdk/include -c $< -o $@.o && $(LD) -r -o $@ $@.o
$(B)/iokitd/mods/%.kmod: tests/iokit-server/mods/%.c $(wildcard sdk/include/iokit/*.h)
	@mkdir -p $(dir $@)
	@$(CC) $(KMOD_SDK_CFLAGS) -Werror -Isdk/include -c $< -o $@.o && $(LD) -r -o $@ $@.o

iokitd-test: deps kernel $(B)/user/composer.elf $(B)/user/iokitd.elf $(B)/user/ioregtest.elf \
		$(IOKITD_MODS)
	@mkdir -p $(B)/logs
	@rm -f $(B)/logs/iokitd.log
	@$(PYTHON) tools/iokit-test --kernel $(B)/kernel/darbat.bin --build $(B) \
		--log $(B)/logs/iokitd.log || true
	@grep -q '^DONE iokitd$$' $(B)/logs/iokitd.log 2>/dev/null && : > $(B)/logs/iokitd.status || \
		echo "tools/iokit-test did not finish" > $(B)/logs/iokitd.status
	@echo "  iokitd: $$(grep -c '^TEST .* PASS' $(B)/logs/iokitd.log) passed," \
		"$$(grep -c '^TEST .* FAIL' $(B)/logs/iokitd.log) failed"

# Host tests of the configuration-space helpers on a simulated function
# (tests/iokit-server/test_pci_cfg.c, with the sanitizers).
$(B)/tests/iokit-server/test_pci_cfg: tests/iokit-server/test_pci_cfg.c user/iokit/server/pci_cfg.c \
		user/iokit/server/iokitd.h user/iokit/server/compsvc.h tests/host/harness.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -DHOST_TEST \
		-Itests/host -Iinclude -Ilib -Ikernel/include -Iuser -o $@ $< user/iokit/server/pci_cfg.c \
		tests/host/harness.c

iokitd-host-test: $(B)/tests/iokit-server/test_pci_cfg
	@mkdir -p $(B)/logs
	@$< > $(B)/logs/iokitd-host.log 2>&1; \
		if [ $$? -ne 0 ] && ! grep -q '^TEST .* FAIL' $(B)/logs/iokitd-host.log; then \
		echo "test_pci_cfg crashed" > $(B)/logs/iokitd-host.status; \
		else : > $(B)/logs/iokitd-host.status; fi
	@echo "  iokitd-host: $$(grep -c '^TEST .* PASS' $(B)/logs/iokitd-host.log) passed," \
		"$$(grep -c '^TEST .* FAIL' $(B)/logs/iokitd-host.log) failed"

EXTRA_TESTS += iokitd-host-test iokitd-test
.PHONY: iokitd-test iokitd-host-test
