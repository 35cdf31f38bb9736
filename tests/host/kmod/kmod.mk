# SPDX-License-Identifier: BSD-2-Clause
# tests/host/kmod/kmod.mk - the loader of binary driver modules (servers/iokit/kmod), module
# drivers (servers/iokit/server/moddrv.c) and the driver SDK (sdk/): host
# tests, the loader built freestanding, and an example driver built out of
# tree with the SDK and driven on a host registry (tests/host/kmod/run.sh ->
# $(B)/logs/kmod.log).  docs/IOKIT.md, "Binary driver modules".
#   make kmod-test          run them alone
include sdk/flags.mk

KMOD_HOST_CFLAGS := $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-DHOST_TEST -Itests/host -Iinclude -Ilib -Ikernel/include -Ikernel/arch/x86_64/include

kmod-test:
	@mkdir -p $(B)/logs
	@CC="$(CC)" USER_CFLAGS="$(USER_CFLAGS)" KMOD_CFLAGS="$(KMOD_SDK_CFLAGS)" \
		HOST_CFLAGS="$(KMOD_HOST_CFLAGS)" sh tests/host/kmod/run.sh $(abspath $(B))/kmod \
		> $(B)/logs/kmod.log 2>&1 || true
	@$(call suite_done,kmod,tests/host/kmod/run.sh)
	@$(call suite_counts,kmod)

EXTRA_TESTS += kmod-test
.PHONY: kmod-test
