# SPDX-License-Identifier: BSD-2-Clause
# tests/host/iokit/iokit.mk - the driver framework's core (servers/iokit/core: object
# model, property values, registry, matching; docs/IOKIT.md) and its host
# unit tests (tests/host/iokit/test_*.c, each linked with tests/host/harness.c
# and the core sources, with the sanitizers).
#   make iokit-core-test     run them alone -> $(B)/logs/iokit-core.log
# IOKIT_HOST_CFLAGS are the flags of every host test of the framework.
# The runtime's headers come after every -I (-idirafter) so that a test's
# own stub urt.h (tests/host/blk/stub) wins; the core takes only the
# self-contained urt/list.h from there.
# The step also compiles each core source with the freestanding user flags
# ($(USER_CFLAGS)) so that the core stays target-clean; each compile is one
# TEST iokit-core/freestanding/<file> line.

IOKIT_CORE_TESTS := $(patsubst tests/host/iokit/%.c,%,$(wildcard tests/host/iokit/test_*.c))
IOKIT_HOST_CFLAGS := $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-DHOST_TEST -Itests/host -Iinclude -Ilib -Ikernel/include -Iservers -Iinterfaces -Isdk/include \
	-idirafter runtime/include

$(B)/tests/iokit/%: tests/host/iokit/%.c $(wildcard tests/host/iokit/*.h) $(IOKIT_CORE_SRC) \
		$(IOKIT_CORE_HDR) tests/host/harness.c tests/host/harness.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(IOKIT_HOST_CFLAGS) -o $@ $< tests/host/harness.c $(IOKIT_CORE_SRC)

iokit-core-test: $(patsubst %,$(B)/tests/iokit/%,$(IOKIT_CORE_TESTS))
	@mkdir -p $(B)/logs $(B)/iokit-core
	@: > $(B)/logs/iokit-core.log; : > $(B)/logs/iokit-core.status
	@for t in $(IOKIT_CORE_TESTS); do \
		$(B)/tests/iokit/$$t >> $(B)/logs/iokit-core.log 2>$(B)/iokit-core/$$t.err; \
		if [ $$? -ne 0 ] && ! grep -q "^TEST host/$${t#test_}/.* FAIL" $(B)/logs/iokit-core.log; then \
			echo "$$t crashed (see $(B)/iokit-core/$$t.err)" >> $(B)/logs/iokit-core.status; fi; \
	done
	@for f in $(IOKIT_CORE_SRC); do \
		if $(CC) $(USER_CFLAGS) -c $$f -o $(B)/iokit-core/$$(basename $$f).o \
			2>$(B)/iokit-core/$$(basename $$f).err; then \
			echo "TEST iokit-core/freestanding/$$(basename $$f) PASS"; \
		else echo "TEST iokit-core/freestanding/$$(basename $$f) FAIL see $(B)/iokit-core/$$(basename $$f).err"; \
		fi >> $(B)/logs/iokit-core.log; done
	@$(call suite_counts,iokit-core)

EXTRA_TESTS += iokit-core-test
.PHONY: iokit-core-test
