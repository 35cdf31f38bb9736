# SPDX-License-Identifier: BSD-2-Clause
# tests/host/unixext2/unixext2.mk - ext2, the buffer cache and the page cache
# of unixd (servers/unix/fs: ext2_*.c, bcache.c, pcache.c) on the host, with
# images made and checked by the host's e2fsprogs (docs/UNIX.md, "ext2 and
# the caches").
#   make unixext2-test   workloads + e2fsck, mke2fs -d trees, crafted images
#                        -> $(B)/logs/unixext2.log
# The test program is built with the sanitizers from the VFS and ext2 sources
# and tests/host/unixext2/*.c; run.sh drives it.

UNIXEXT2_BIN := $(B)/tests/unixext2/ext2t
UNIXEXT2_SRC := $(wildcard tests/host/unixext2/*.c) $(wildcard servers/unix/fs/*.c)

$(UNIXEXT2_BIN): $(UNIXEXT2_SRC) tests/host/unixext2/ext2t.h $(wildcard servers/unix/fs/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer -Iservers/unix/fs -Ilib -o $@ $(UNIXEXT2_SRC)

unixext2-test: $(UNIXEXT2_BIN)
	@bash mk/deps.sh ext2 || echo "unixext2-test: no e2fsprogs: the suite fails"
	@mkdir -p $(B)/logs
	@bash tests/host/unixext2/run.sh $(UNIXEXT2_BIN) $(B)/unixext2 \
		> $(B)/logs/unixext2.log 2>&1 || true
	@$(call suite_done,unixext2,tests/host/unixext2/run.sh)
	@$(call suite_counts,unixext2)

EXTRA_TESTS += unixext2-test
.PHONY: unixext2-test
