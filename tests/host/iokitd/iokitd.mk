# SPDX-License-Identifier: BSD-2-Clause
# tests/host/iokitd/iokitd.mk - host tests of the framework server's
# configuration-space helpers on a simulated PCI function (with the sanitizers).
#   make iokitd-host-test  -> $(B)/logs/iokitd-host.log
# (IOKIT_HOST_CFLAGS: tests/host/iokit/iokit.mk)

$(B)/tests/iokitd/test_pci_cfg: tests/host/iokitd/test_pci_cfg.c servers/iokit/server/pci_cfg.c \
		servers/iokit/driver.h servers/iokit/server/compsvc.h tests/host/harness.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(IOKIT_HOST_CFLAGS) -o $@ $< servers/iokit/server/pci_cfg.c tests/host/harness.c

iokitd-host-test: $(B)/tests/iokitd/test_pci_cfg
	@mkdir -p $(B)/logs
	@$< > $(B)/logs/iokitd-host.log 2>&1; \
		if [ $$? -ne 0 ] && ! grep -q '^TEST .* FAIL' $(B)/logs/iokitd-host.log; then \
		echo "test_pci_cfg crashed" > $(B)/logs/iokitd-host.status; \
		else : > $(B)/logs/iokitd-host.status; fi
	@$(call suite_counts,iokitd-host)

EXTRA_TESTS += iokitd-host-test
.PHONY: iokitd-host-test
