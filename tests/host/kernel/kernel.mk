# SPDX-License-Identifier: BSD-2-Clause
# tests/host/kernel/kernel.mk - host unit tests of the kernel's pure data
# structures (capability spaces, the mapping database, kernel memory, ELF
# checks, regions), each built with the sanitizers from the kernel sources
# its "// uses:" line names, on a fake arch layer (fake_arch.c).
#   make host-test        -> $(B)/logs/host-test_NAME.log
HOST_CFLAGS := $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-DHOST_TEST -Itests/host -Itests/host/kernel -Iinclude -Ilib -Ikernel/include \
	-Ikernel/arch/x86_64/include
HOST_TESTS := $(patsubst tests/host/kernel/%.c,%,$(wildcard tests/host/kernel/test_*.c))

$(B)/host/%: tests/host/kernel/%.c $(wildcard tests/host/*.[ch] tests/host/kernel/*.[ch]) \
		$(wildcard kernel/*.c kernel/lib/*.c kernel/include/*.h lib/*.[ch])
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(HOST_CFLAGS) -o $@ $< tests/host/harness.c $(shell sed -n 's/^\/\/ uses: //p' $<)

host-test: $(patsubst %,$(B)/host/%,$(HOST_TESTS))
	@mkdir -p $(B)/logs
	@for t in $(HOST_TESTS); do $(B)/host/$$t > $(B)/logs/host-$$t.log 2>&1; \
		if [ $$? -ne 0 ] && ! grep -q "^TEST .* FAIL" $(B)/logs/host-$$t.log; then \
		echo "crashed" > $(B)/logs/host-$$t.status; else : > $(B)/logs/host-$$t.status; fi; done
.PHONY: host-test
