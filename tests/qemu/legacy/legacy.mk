# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/legacy/legacy.mk - the legacy platform drivers and the
# character-stream client interface (interfaces/cstream.idl) under QEMU:
# run.py boots twice - the root task legtest (legtest/) alone on the real
# (QEMU) devices, and iokitd with the client component serclient
# (serclient/, echo.comp): UART echo on COM2 through a unix socket, keys
# typed with the QEMU monitor, the RTC against a fixed -rtc base.
#   make legacy-qemu-test   -> $(B)/logs/legacy.log
#                           (LEGACY_ONLY="--only root|iokitd": one boot)
LEGACY_DRV := servers/iokit/drivers
# ---- the hardware test root task -------------------------------------------------------
USER_PROGS += legtest
legtest_DIR := tests/qemu/legacy/legtest
legtest_EXTRA_OBJS := $(patsubst %,$(B)/%.o,$(filter-out $(LEGACY_DRV)/uart16550.c \
		$(LEGACY_DRV)/ps2kbd.c $(LEGACY_DRV)/cmosrtc.c,\
		$(wildcard $(LEGACY_DRV)/uart16550*.c $(LEGACY_DRV)/ps2kbd*.c \
		$(LEGACY_DRV)/cmosrtc*.c $(LEGACY_DRV)/charstream*.c))) \
	$(patsubst %,$(B)/%.o,$(wildcard servers/iokit/workloop/*.c)) $(B)/gen/cstream.c.o
$(patsubst %,$(B)/%.o,$(wildcard tests/qemu/legacy/legtest/*.c)): USER_CFLAGS += -Iservers -Isdk/include

legacy-qemu-test: deps kernel $(B)/bin/legtest.elf
	@mkdir -p $(B)/logs
	@$(PYTHON) tests/qemu/legacy/run.py --kernel $(B)/kernel/darbat.bin \
		--legtest $(B)/bin/legtest.elf --composer $(B)/bin/composer.elf \
		--iokitd $(B)/bin/iokitd.elf --serclient $(B)/bin/serclient.elf \
		--logdir $(B)/logs $(LEGACY_ONLY) || true
	@$(call suite_counts,legacy)

EXTRA_TESTS += legacy-qemu-test
.PHONY: legacy-qemu-test

# ---- serclient: a client component of the interface (the composed test) -------------
USER_PROGS += serclient
serclient_DIR := tests/qemu/legacy/serclient
serclient_EXTRA_OBJS := $(B)/gen/cstream.c.o
legacy-qemu-test: $(B)/bin/composer.elf $(B)/bin/iokitd.elf $(B)/bin/serclient.elf
