# SPDX-License-Identifier: BSD-2-Clause
# tests/host/legacy/legacy.mk - the legacy platform drivers' device logic
# (16550 UART, PS/2 keyboard, CMOS RTC: servers/iokit/drivers/) against
# simulated chips, on the host with the sanitizers (docs/IOKIT.md
# "Platform drivers"); the QEMU tests are tests/qemu/legacy/.
#   make legacy-host-test   -> $(B)/logs/legacy-host.log

LEGACY_DRV := servers/iokit/drivers
LEGACY_HOST_SRC := $(LEGACY_DRV)/charstream_ring.c $(LEGACY_DRV)/uart16550_hw.c \
	$(LEGACY_DRV)/ps2kbd_hw.c $(LEGACY_DRV)/ps2kbd_dec.c $(LEGACY_DRV)/cmosrtc_hw.c
LEGACY_HOST_TESTS := $(patsubst tests/host/legacy/%.c,%,$(wildcard tests/host/legacy/test_*.c))
LEGACY_HOST_CFLAGS := $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-DHOST_TEST -Itests/host -Iinclude -Ilib -Ikernel/include -Iservers -Iinterfaces -Isdk/include

$(B)/tests/legacy/%: tests/host/legacy/%.c $(wildcard $(LEGACY_DRV)/*.h) $(LEGACY_HOST_SRC) \
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
	@$(call suite_counts,legacy-host)

EXTRA_TESTS += legacy-host-test
.PHONY: legacy-host-test

