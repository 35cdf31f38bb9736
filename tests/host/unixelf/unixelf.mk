# SPDX-License-Identifier: BSD-2-Clause
# tests/host/unixelf/unixelf.mk - the UNIX server's execve pieces
# (servers/unix/exec_elf.c: ELF plans and `#!` lines; servers/unix/exec_stack.c:
# the initial stack) and their tests.
#   make unixelf-test   crafted and fuzzed files, stack layouts, real static
#                       binaries and the host kernel's own stack -> $(B)/logs/unixelf.log
#
# The sources are built twice: for the host with the sanitizers (the test
# program tests/host/unixelf/unit.c) and once freestanding with
# $(USER_CFLAGS), as unixd will link them; tests/host/unixelf/run.sh checks
# that build needs nothing beyond lib/'s memcmp/memcpy/memset/strlen.

UNIXELF_SRC := servers/unix/exec_elf.c servers/unix/exec_stack.c
UNIXELF_HDR := servers/unix/exec_elf.h servers/unix/exec_stack.h lib/elf64.h lib/dstring.h
UNIXELF_UNIT := $(B)/tests/unixelf/unit
UNIXELF_USER_OBJ := $(B)/unixelf/unixelf-user.o

$(UNIXELF_UNIT): tests/host/unixelf/unit.c $(UNIXELF_SRC) $(UNIXELF_HDR)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer -Iservers/unix -Ilib -o $@ tests/host/unixelf/unit.c $(UNIXELF_SRC)

# the pattern rule in the Makefile builds each object with $(USER_CFLAGS)
$(UNIXELF_USER_OBJ): $(patsubst %,$(B)/%.o,$(UNIXELF_SRC))
	@mkdir -p $(dir $@)
	@$(LD) -r -o $@ $^

unixelf-test: $(UNIXELF_UNIT) $(UNIXELF_USER_OBJ)
	@mkdir -p $(B)/logs
	@bash tests/host/unixelf/run.sh $(UNIXELF_UNIT) $(UNIXELF_USER_OBJ) $(B)/unixelf > $(B)/logs/unixelf.log 2>&1 || true
	@$(call suite_done,unixelf,tests/host/unixelf/run.sh)
	@$(call suite_counts,unixelf)

EXTRA_TESTS += unixelf-test
.PHONY: unixelf-test
