# SPDX-License-Identifier: BSD-2-Clause
# tests/host/unixfs/unixfs.mk - unixd's file system layer (servers/unix/fs: the
# VFS, ramfs, the cpio unpacker) and its tests (docs/DESIGN.md section 3.4).
#   make unixfs-test    unit tests + archives made by the host's cpio -> $(B)/logs/unixfs.log
#
# The sources are built twice: for the host with the sanitizers (the test
# program tests/host/unixfs/unit.c and its test_*.c) and once freestanding
# with $(USER_CFLAGS), as unixd will link them; tests/host/unixfs/run.sh
# checks that build needs nothing but lib/'s string routines and the seam of
# servers/unix/fs/fsalloc.h.

UNIXFS_SRC := $(wildcard servers/unix/fs/*.c)
UNIXFS_HDR := $(wildcard servers/unix/fs/*.h)
UNIXFS_TEST_SRC := $(wildcard tests/host/unixfs/*.c)
UNIXFS_UNIT := $(B)/tests/unixfs/unit
UNIXFS_USER_OBJ := $(B)/unixfs/unixfs-user.o

$(UNIXFS_UNIT): $(UNIXFS_TEST_SRC) tests/host/unixfs/unit.h $(UNIXFS_SRC) $(UNIXFS_HDR)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer \
		-Iservers/unix/fs -Ilib -o $@ $(UNIXFS_TEST_SRC) $(UNIXFS_SRC)

# the pattern rule in the Makefile builds each object with $(USER_CFLAGS)
$(UNIXFS_USER_OBJ): $(patsubst %,$(B)/%.o,$(UNIXFS_SRC))
	@mkdir -p $(dir $@)
	@$(LD) -r -o $@ $^

unixfs-test: $(UNIXFS_UNIT) $(UNIXFS_USER_OBJ)
	@bash mk/deps.sh linuxbench || echo "unixfs-test: no cpio or busybox: the archive tests fail"
	@mkdir -p $(B)/logs
	@bash tests/host/unixfs/run.sh $(UNIXFS_UNIT) $(UNIXFS_USER_OBJ) $(B)/unixfs \
		> $(B)/logs/unixfs.log 2>&1 || true
	@$(call suite_done,unixfs,tests/host/unixfs/run.sh)
	@$(call suite_counts,unixfs)

EXTRA_TESTS += unixfs-test
.PHONY: unixfs-test
