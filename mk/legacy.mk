# mk/legacy.mk - the legacy platform drivers of the driver framework (16550
# UART, PS/2 keyboard, CMOS RTC: user/iokit/drivers/, docs/IOKIT.md
# "Platform drivers"), the character-stream client interface (cstream.idl)
# and their tests.
#   make legacy-host-test   device logic against simulated chips (host, sanitizers)
#                           -> $(B)/logs/legacy-host.log
#   make legacy-qemu-test   tests/legacy/run.py, two QEMU boots: the root task
#                           user/legtest alone on the real (QEMU) devices, and
#                           iokitd with the client component user/serclient
#                           (tests/legacy/echo.comp): UART echo on COM2 through a
#                           unix socket, keys typed with the QEMU monitor, the RTC
#                           against a fixed -rtc base -> $(B)/logs/legacy.log
#                           (LEGACY_ONLY="--only root|iokitd": one boot)
#   make legacy-test        both

LEGACY_DRV := user/iokit/drivers
LEGACY_HOST_SRC := $(LEGACY_DRV)/charstream_ring.c $(LEGACY_DRV)/uart16550_hw.c \
	$(LEGACY_DRV)/ps2kbd_hw.c $(LEGACY_DRV)/ps2kbd_dec.c $(LEGACY_DRV)/cmosrtc_hw.c
LEGACY_HOST_TESTS := $(patsubst tests/legacy/%.c,%,$(wildcard tests/legacy/test_*.c))
LEGACY_HOST_CFLAGS := $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-DHOST_TEST -Itests/host -Iinclude -Ilib -Ikernel/include -Iuser

$(B)/tests/legacy/%: tests/legacy/%.c $(wildcard $(LEGACY_DRV)/*.h) $(LEGACY_HOST_SRC) \
		tests/host/harness.c tests/host/harness.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(LEGACY_HOST_CFLAGS) -o $@ $< tests/host/harness.c $(LEGACY_HOST_SRC)

legacy-host-test: $(patsubst %,$(B)/tests/legacy/%,$(LEGACY_HOST_TESTS))
	@mkdir -p $(B)/logs
	@: > $(B)/logs/legacy-host.log; : > $(B)/logs/legacy-host.status
	@for t in $(LEGACY_HOST_TESTS); do \
		$(B)/tests/legacy/$$t >> $(B)/logs/legacy-host.log 2>$(B)/tests/legacy/$$t.err; \
		if [ $$? -ne 0 ] && ! grep -q "^TEST host/$${t#test_}/.* FAIL" $(B)/logs/legacy-host.log; then \
			echo "$$t crashed (see $(B)/tests/legacy/$$t.err)" >> $(B)/logs/legacy-host.status; fi; \
	done
	@echo "  legacy-host: $$(grep -c '^TEST .* PASS' $(B)/logs/legacy-host.log) passed," \
		"$$(grep -c '^TEST .* FAIL' $(B)/logs/legacy-host.log) failed"

EXTRA_TESTS += legacy-host-test
.PHONY: legacy-host-test

# ---- the drivers inside iokitd: the generated cstream code -----------------------------
IDL_DIRS += user/iokit/drivers
LEGACY_CS_OBJ := $(patsubst %,$(B)/%.o,$(wildcard $(LEGACY_DRV)/*.c))
$(LEGACY_CS_OBJ): USER_CFLAGS += -I$(B)/gen
$(LEGACY_CS_OBJ): | $(B)/gen/cstream.h
IOKITD_OBJ += $(B)/gen/cstream.c.o
$(B)/user/iokitd.elf: $(B)/gen/cstream.c.o

# ---- the hardware test root task -------------------------------------------------------
USER_PROGS += legtest
LEGTEST_OBJ := $(patsubst %,$(B)/%.o,$(wildcard user/legtest/*.c))
legtest_EXTRA_OBJS := $(patsubst %,$(B)/%.o,$(filter-out $(LEGACY_DRV)/uart16550.c \
		$(LEGACY_DRV)/ps2kbd.c $(LEGACY_DRV)/cmosrtc.c,\
		$(wildcard $(LEGACY_DRV)/uart16550*.c $(LEGACY_DRV)/ps2kbd*.c \
		$(LEGACY_DRV)/cmosrtc*.c $(LEGACY_DRV)/charstream*.c))) \
	$(patsubst %,$(B)/%.o,$(wildcard user/iokit/workloop/*.c)) $(B)/gen/cstream.c.o
$(LEGTEST_OBJ): USER_CFLAGS += -I$(B)/gen
$(LEGTEST_OBJ): | $(B)/gen/cstream.h

legacy-qemu-test: deps kernel $(B)/user/legtest.elf
	@mkdir -p $(B)/logs
	@$(PYTHON) tests/legacy/run.py --kernel $(B)/kernel/darbat.bin \
		--legtest $(B)/user/legtest.elf --composer $(B)/user/composer.elf \
		--iokitd $(B)/user/iokitd.elf --serclient $(B)/user/serclient.elf \
		--logdir $(B)/logs $(LEGACY_ONLY) || true
	@echo "  legacy: $$(grep -c '^TEST .* PASS' $(B)/logs/legacy.log) passed," \
		"$$(grep -c '^TEST .* FAIL' $(B)/logs/legacy.log) failed"

legacy-test: legacy-host-test legacy-qemu-test
EXTRA_TESTS += legacy-qemu-test
.PHONY: legacy-qemu-test legacy-test

# ---- serclient: a client component of the interface (the composed test) -------------
USER_PROGS += serclient
SERCLIENT_OBJ := $(patsubst %,$(B)/%.o,$(wildcard user/serclient/*.c))
serclient_EXTRA_OBJS := $(B)/gen/cstream.c.o
$(SERCLIENT_OBJ): USER_CFLAGS += -I$(B)/gen
$(SERCLIENT_OBJ): | $(B)/gen/cstream.h
legacy-qemu-test: $(B)/user/composer.elf $(B)/user/iokitd.elf $(B)/user/serclient.elf
