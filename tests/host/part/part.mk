# SPDX-License-Identifier: BSD-2-Clause
# tests/host/part/part.mk - MBR and GPT partition-table parsing (servers/iokit/storage), the
# partition-scheme layer of the storage stack, and its tests (docs/IOKIT.md,
# "Partition schemes").
#   make part-test     crafted tables + sfdisk/sgdisk images -> $(B)/logs/part.log
#
# The parser is built twice: for the host with the sanitizers (the test
# program tests/host/part/unit.c) and once freestanding with $(USER_CFLAGS), as
# the storage drivers will link it; tests/host/part/run.sh checks that build needs
# nothing beyond lib/'s memcmp/memcpy/memset.

PART_SRC := $(wildcard servers/iokit/storage/*.c)
PART_HDR := $(wildcard servers/iokit/storage/*.h)
PART_UNIT := $(B)/tests/part/unit
PART_USER_OBJ := $(B)/part/partition-user.o

$(PART_UNIT): tests/host/part/unit.c $(PART_SRC) $(PART_HDR)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
		-Iservers/iokit/storage -Ilib -o $@ tests/host/part/unit.c $(PART_SRC)

# the pattern rule in the Makefile builds each object with $(USER_CFLAGS)
$(PART_USER_OBJ): $(patsubst %,$(B)/%.o,$(PART_SRC))
	@mkdir -p $(dir $@)
	@$(LD) -r -o $@ $^

part-test: $(PART_UNIT) $(PART_USER_OBJ)
	@bash mk/deps.sh disktools
	@mkdir -p $(B)/logs
	@bash tests/host/part/run.sh $(PART_UNIT) $(PART_USER_OBJ) $(B)/part > $(B)/logs/part.log 2>&1 || true
	@$(call suite_done,part,tests/host/part/run.sh)
	@$(call suite_counts,part)

EXTRA_TESTS += part-test
.PHONY: part-test
