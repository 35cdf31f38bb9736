# SPDX-License-Identifier: BSD-2-Clause
# tests/host/unixvma/unixvma.mk - unixd's map of memory areas (servers/unix/mm/vma.c:
# mmap, munmap, mprotect, mremap, brk and stack growth on a process's areas) and
# its tests.
#   make unixvma-test   -> $(B)/logs/unixvma.log
#
# The map is built twice: for the host with the sanitizers, linked with the test
# program tests/host/unixvma/unit.c (which defines the node allocator and the
# callbacks), and once freestanding with $(USER_CFLAGS), as unixd will link it.
# unixvma/freestanding checks that build needs nothing but lib/'s memcpy, memset
# and snfmt and the integrator's vma_alloc_node and vma_free_node.

UNIXVMA_SRC := servers/unix/mm/vma.c
UNIXVMA_HDR := servers/unix/mm/vma.h
UNIXVMA_UNIT := $(B)/tests/unixvma/unit
UNIXVMA_USER_OBJ := $(B)/unixvma/vma-user.o
UNIXVMA_NEEDS := memcpy|memset|snfmt|vma_alloc_node|vma_free_node

$(UNIXVMA_UNIT): tests/host/unixvma/unit.c $(UNIXVMA_SRC) $(UNIXVMA_HDR) lib/fmt.c lib/fmt.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
		-Iservers/unix/mm -Iinclude -Ilib -o $@ tests/host/unixvma/unit.c $(UNIXVMA_SRC) lib/fmt.c

# the pattern rule in the Makefile builds each object with $(USER_CFLAGS)
$(UNIXVMA_USER_OBJ): $(patsubst %,$(B)/%.o,$(UNIXVMA_SRC))
	@mkdir -p $(dir $@)
	@$(LD) -r -o $@ $^

unixvma-test: $(UNIXVMA_UNIT) $(UNIXVMA_USER_OBJ)
	@mkdir -p $(B)/logs
	@{ undef=$$(nm -u $(UNIXVMA_USER_OBJ) | awk '{ print $$NF }' | grep -Ev '^($(UNIXVMA_NEEDS))$$' | tr '\n' ' '); \
	  if [ -z "$$undef" ]; then echo "TEST unixvma/freestanding PASS"; \
	  else echo "TEST unixvma/freestanding FAIL undefined: $$undef"; fi; \
	  $(UNIXVMA_UNIT); } > $(B)/logs/unixvma.log 2>&1 || true
	@$(call suite_done,unixvma,$(UNIXVMA_UNIT))
	@$(call suite_counts,unixvma)

EXTRA_TESTS += unixvma-test
.PHONY: unixvma-test
