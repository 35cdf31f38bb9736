# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/blk/blk.mk - the block client interface under QEMU: MBR
# (sfdisk) and GPT (sgdisk) images on a virtio-blk disk, iokitd and the
# client component blkclient (this folder's .c files), the image checked
# byte for byte afterwards (run.sh); and the block benchmarks.
#   make blk-qemu-test   -> $(B)/logs/blk.log
USER_PROGS += blkclient
blkclient_DIR := tests/qemu/blk
blkclient_EXTRA_OBJS = $(B)/gen/block.c.o $(B)/gen/ioreg.c.o

blk-qemu-test: deps kernel $(B)/bin/composer.elf $(B)/bin/iokitd.elf $(B)/bin/blkclient.elf
	@bash mk/deps.sh disktools
	@mkdir -p $(B)/logs
	@bash tests/qemu/blk/run.sh $(B)/kernel/darbat.bin $(B) > $(B)/logs/blk.log 2>&1 || true
	@$(call suite_done,blk,tests/qemu/blk/run.sh)
	@$(call suite_counts,blk)

EXTRA_TESTS += blk-qemu-test
.PHONY: blk-qemu-test

#   make blk-bench       BENCH blk_seq_read: 32 MiB read sequentially in 1 MiB
#                        requests through the block interface from a 64 MiB raw
#                        virtio-blk disk, under -icount with the kernel's
#                        spinning idle loop (idlepoll) and idle time
#                        subtracted (in `make bench`; docs/PERFORMANCE.md)
blk-bench: deps kernel $(B)/bin/composer.elf $(B)/bin/iokitd.elf $(B)/bin/blkclient.elf
	@mkdir -p $(B)/logs $(B)/blk
	@rm -f $(B)/blk/bench.img && truncate -s 64M $(B)/blk/bench.img
	@$(QEMU_RUN) --bench --append idlepoll \
		--module $(B)/bin/composer.elf --module tests/qemu/blk/bench.comp \
		--module $(B)/bin/iokitd.elf --module $(B)/bin/blkclient.elf \
		--extra-qemu "-drive file=$(B)/blk/bench.img,if=none,id=d0,format=raw -device virtio-blk-pci,drive=d0,disable-legacy=on" \
		--timeout 600 --log $(B)/logs/blkbench.log --stop-on "blkclient: done" || true
	@rm -f $(B)/blk/bench.img
	@grep '^BENCH' $(B)/logs/blkbench.log || echo "blk-bench: no BENCH line (see $(B)/logs/blkbench.log)"

EXTRA_BENCH += blk-bench
.PHONY: blk-bench

#   make iokit-restart-bench   BENCH iokit_restart_to_serving: a fault injected
#                        into the virtio-blk driver of an instance restarted at
#                        once (back-off 0), to the first good read from the new
#                        instance, 20 times under -icount with idlepoll (in
#                        `make bench`; docs/PERFORMANCE.md)
iokit-restart-bench: deps kernel $(B)/bin/composer.elf $(B)/bin/iokitd.elf $(B)/bin/blkclient.elf
	@mkdir -p $(B)/logs $(B)/blk
	@$(PYTHON) tests/qemu/blk/img.py ident $(B)/blk/restart-bench.img R 16
	@$(QEMU_RUN) --bench --append idlepoll \
		--module $(B)/bin/composer.elf --module tests/qemu/blk/restartbench.comp \
		--module $(B)/bin/iokitd.elf --module $(B)/bin/blkclient.elf \
		--extra-qemu "-drive file=$(B)/blk/restart-bench.img,if=none,id=d0,format=raw -device virtio-blk-pci,drive=d0,disable-legacy=on" \
		--timeout 600 --log $(B)/logs/restartbench.log --stop-on "blkclient: done" || true
	@rm -f $(B)/blk/restart-bench.img
	@grep '^BENCH' $(B)/logs/restartbench.log || echo "iokit-restart-bench: no BENCH line (see $(B)/logs/restartbench.log)"
EXTRA_BENCH += iokit-restart-bench
.PHONY: iokit-restart-bench
