# mk/blk.mk - virtio-blk, the storage stack and the block client interface
# (user/iokit/drivers/virt*, storage*, block*; user/blkclient; docs/IOKIT.md
# "Storage drivers and block clients").
#   make blk-host-test   host tests: the virtqueue against a simulated device,
#                        the virtio PCI capabilities of a fake function, the
#                        storage stack on the framework core -> $(B)/logs/blk-host.log
#
# Host tests are tests/blk/test_*.c, each linked with tests/host/harness.c,
# the framework core and the driver sources that need no server (the
# sanitizers on); tests/blk/stub/urt.h stands in for the runtime.

BLK_PURE_SRC := user/iokit/drivers/virtqueue.c $(wildcard user/iokit/drivers/storage*.c) \
	$(wildcard user/iokit/storage/*.c)
# sources only one test links (it fakes what they call)
BLK_EXTRA_test_virtio_pci := user/iokit/drivers/virtio_pci.c
BLK_HOST_TESTS := $(patsubst tests/blk/%.c,%,$(wildcard tests/blk/test_*.c))

$(B)/tests/blk/%: tests/blk/%.c $(wildcard tests/blk/*.h tests/blk/stub/*.h) tests/blk/host_platform.c $(BLK_PURE_SRC) $(IOKIT_CORE_SRC) \
		user/iokit/drivers/virtio_pci.c $(wildcard user/iokit/drivers/*.h) $(IOKIT_CORE_HDR) tests/host/harness.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(IOKIT_HOST_CFLAGS) -Itests/blk/stub -Iuser/iokit/storage -o $@ $< tests/host/harness.c tests/blk/host_platform.c \
		$(BLK_PURE_SRC) $(BLK_EXTRA_$*) $(IOKIT_CORE_SRC) lib/fmt.c

blk-host-test: $(patsubst %,$(B)/tests/blk/%,$(BLK_HOST_TESTS))
	@mkdir -p $(B)/logs $(B)/blk
	@: > $(B)/logs/blk-host.log; : > $(B)/logs/blk-host.status
	@for t in $(BLK_HOST_TESTS); do \
		$(B)/tests/blk/$$t >> $(B)/logs/blk-host.log 2>$(B)/blk/$$t.err; \
		if [ $$? -ne 0 ] && ! grep -q "^TEST host/$${t#test_}/.* FAIL" $(B)/logs/blk-host.log; then \
			echo "$$t crashed (see $(B)/blk/$$t.err)" >> $(B)/logs/blk-host.status; fi; \
	done
	@echo "  blk-host: $$(grep -c '^TEST .* PASS' $(B)/logs/blk-host.log) passed," \
		"$$(grep -c '^TEST .* FAIL' $(B)/logs/blk-host.log) failed"

EXTRA_TESTS += blk-host-test
.PHONY: blk-host-test


# ---- the client component and the QEMU tests ---------------------------------------
USER_PROGS += blkclient
BLKCLIENT_OBJ := $(patsubst %,$(B)/%.o,$(wildcard user/blkclient/*.c))
blkclient_EXTRA_OBJS = $(B)/gen/block.c.o $(B)/gen/ioreg.c.o
$(BLKCLIENT_OBJ): USER_CFLAGS += -I$(B)/gen
$(BLKCLIENT_OBJ): | $(B)/gen/block.h $(B)/gen/ioreg.h

#   make blk-qemu-test   MBR (sfdisk) and GPT (sgdisk) images on a virtio-blk disk
#                        under QEMU, iokitd + blkclient, image checked byte for
#                        byte afterwards -> $(B)/logs/blk.log
blk-qemu-test: deps kernel $(B)/user/composer.elf $(B)/user/iokitd.elf $(B)/user/blkclient.elf
	@bash mk/deps.sh disktools || echo "mk/blk.mk: sfdisk/sgdisk missing" >&2
	@mkdir -p $(B)/logs
	@bash tests/blk/run.sh $(B)/kernel/darbat.bin $(B) > $(B)/logs/blk.log 2>&1 || true
	@grep -q '^DONE blk$$' $(B)/logs/blk.log && : > $(B)/logs/blk.status || \
		echo "tests/blk/run.sh did not finish" > $(B)/logs/blk.status
	@echo "  blk: $$(grep -c '^TEST .* PASS' $(B)/logs/blk.log) passed," \
		"$$(grep -c '^TEST .* FAIL' $(B)/logs/blk.log) failed"

EXTRA_TESTS += blk-qemu-test
.PHONY: blk-qemu-test

#   make blk-bench       BENCH blk_seq_read: 32 MiB read sequentially in 1 MiB
#                        requests through the block interface from a 64 MiB raw
#                        virtio-blk disk, under -icount with the kernel's
#                        spinning idle loop (idlepoll) and idle time
#                        subtracted (in `make bench`; docs/PERFORMANCE.md)
blk-bench: deps kernel $(B)/user/composer.elf $(B)/user/iokitd.elf $(B)/user/blkclient.elf
	@mkdir -p $(B)/logs $(B)/blk
	@rm -f $(B)/blk/bench.img && truncate -s 64M $(B)/blk/bench.img
	@$(PYTHON) tools/qemu-run --kernel $(B)/kernel/darbat.bin --bench --append idlepoll \
		--module $(B)/user/composer.elf --module tests/blk/bench.comp \
		--module $(B)/user/iokitd.elf --module $(B)/user/blkclient.elf \
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
iokit-restart-bench: deps kernel $(B)/user/composer.elf $(B)/user/iokitd.elf $(B)/user/blkclient.elf
	@mkdir -p $(B)/logs $(B)/blk
	@$(PYTHON) tests/blk/img.py ident $(B)/blk/restart-bench.img R 16
	@$(PYTHON) tools/qemu-run --kernel $(B)/kernel/darbat.bin --bench --append idlepoll \
		--module $(B)/user/composer.elf --module tests/blk/restartbench.comp \
		--module $(B)/user/iokitd.elf --module $(B)/user/blkclient.elf \
		--extra-qemu "-drive file=$(B)/blk/restart-bench.img,if=none,id=d0,format=raw -device virtio-blk-pci,drive=d0,disable-legacy=on" \
		--timeout 600 --log $(B)/logs/restartbench.log --stop-on "blkclient: done" || true
	@rm -f $(B)/blk/restart-bench.img
	@grep '^BENCH' $(B)/logs/restartbench.log || echo "iokit-restart-bench: no BENCH line (see $(B)/logs/restartbench.log)"
EXTRA_BENCH += iokit-restart-bench
.PHONY: iokit-restart-bench
