# SPDX-License-Identifier: BSD-2-Clause
# tests/host/blk/blk.mk - host tests of virtio-blk and the storage stack
# (servers/iokit/drivers/virt*, storage*; docs/IOKIT.md "Storage drivers and
# block clients"), and of the virtio-rng driver's request and pool
# (virtio_rng_pool.c; docs/IOKIT.md "virtio-rng"); the QEMU tests are
# tests/qemu/blk/ and tests/qemu/rng/.
#   make blk-host-test   host tests: the virtqueue against a simulated device,
#                        the virtio PCI capabilities of a fake function, the
#                        storage stack on the framework core, the entropy
#                        driver's pool against a simulated (and a hostile)
#                        device -> $(B)/logs/blk-host.log
#
# Host tests are tests/host/blk/test_*.c, each linked with tests/host/harness.c,
# the framework core and the driver sources that need no server (the
# sanitizers on); tests/host/blk/stub/urt.h stands in for the runtime.

BLK_PURE_SRC := servers/iokit/drivers/virtqueue.c $(wildcard servers/iokit/drivers/storage*.c) \
	$(wildcard servers/iokit/storage/*.c)
# sources only one test links (it fakes what they call, or only it needs them)
BLK_EXTRA_test_virtio_pci := servers/iokit/drivers/virtio_pci.c
BLK_EXTRA_test_virtio_rng := servers/iokit/drivers/virtio_rng_pool.c
BLK_HOST_TESTS := $(patsubst tests/host/blk/%.c,%,$(wildcard tests/host/blk/test_*.c))

$(B)/tests/blk/%: tests/host/blk/%.c $(wildcard tests/host/blk/*.h tests/host/blk/stub/*.h) tests/host/blk/host_platform.c $(BLK_PURE_SRC) $(IOKIT_CORE_SRC) \
		servers/iokit/drivers/virtio_pci.c servers/iokit/drivers/virtio_rng_pool.c \
		$(wildcard servers/iokit/drivers/*.h) $(IOKIT_CORE_HDR) tests/host/harness.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(IOKIT_HOST_CFLAGS) -Itests/host/blk/stub -Iservers/iokit/storage -Iruntime/include -o $@ $< tests/host/harness.c tests/host/blk/host_platform.c \
		$(BLK_PURE_SRC) $(BLK_EXTRA_$*) $(IOKIT_CORE_SRC) lib/fmt.c

blk-host-test: $(patsubst %,$(B)/tests/blk/%,$(BLK_HOST_TESTS))
	@mkdir -p $(B)/logs $(B)/blk
	@: > $(B)/logs/blk-host.log; : > $(B)/logs/blk-host.status
	@for t in $(BLK_HOST_TESTS); do \
		$(B)/tests/blk/$$t >> $(B)/logs/blk-host.log 2>$(B)/blk/$$t.err; \
		if [ $$? -ne 0 ] && ! grep -q "^TEST host/$${t#test_}/.* FAIL" $(B)/logs/blk-host.log; then \
			echo "$$t crashed (see $(B)/blk/$$t.err)" >> $(B)/logs/blk-host.status; fi; \
	done
	@$(call suite_counts,blk-host)

EXTRA_TESTS += blk-host-test
.PHONY: blk-host-test


