# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/rng/rng.mk - the virtio-rng driver and unixd's random numbers
# under QEMU (run.py, compositions rng.comp, norng.comp, stall.comp here):
# the stream rng0 read by the client component rngtest, unixd seeded from
# it, unixd's fallback without it, and a device that stops answering.
#   make rng-test       -> $(B)/logs/rng.log
USER_PROGS += rngtest
rngtest_DIR := tests/qemu/rng/rngtest
rngtest_EXTRA_OBJS := $(B)/gen/cstream.c.o

rng-test: deps kernel $(B)/bin/composer.elf $(B)/bin/iokitd.elf $(B)/bin/rngtest.elf \
		$(B)/bin/unixd.elf $(B)/bin/rootfs.cpio
	@mkdir -p $(B)/logs
	@rm -f $(B)/logs/rng.log
	@$(PYTHON) tests/qemu/rng/run.py --kernel $(B)/kernel/darbat.bin --build $(B) \
		--log $(B)/logs/rng.log || true
	@$(call suite_done,rng,tests/qemu/rng/run.py)
	@$(call suite_counts,rng)

EXTRA_TESTS += rng-test
.PHONY: rng-test
