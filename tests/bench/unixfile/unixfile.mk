# SPDX-License-Identifier: BSD-2-Clause
# tests/bench/unixfile/unixfile.mk - reading a 64 MiB file from a cold cache
# through ext2, unixd and the driver framework, and the same file on the same
# disk image read by Debian's Linux 6.1 in the same QEMU (docs/PERFORMANCE.md,
# "Reading a file"):
#   make unix-file-bench    BENCH unix_file_read, unix_file_read_warm:
#                           filebench.c as process 1 of unixd, whose root is
#                           the disk's ext2 (filebench.comp); log $(B)/logs/unixfile.log
#   make linux-file-bench   BENCH linux_file_read, linux_file_read_warm: the same
#                           binary and image on Linux (tools/linux-bench
#                           --file-disk); log $(B)/logs/linuxfile.log
# Both are in `make bench` (EXTRA_BENCH).
FILEBENCH := $(B)/filebench/filebench
FILEBENCH_DISK := $(B)/filebench/disk.img

$(FILEBENCH): tests/bench/unixfile/filebench.c
	@bash mk/deps.sh musl
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	@$(MUSL_CC) -static -O2 -std=c11 -Wall -Wextra -Werror -o $@ $<

# partition 1: ext2 with /big (64 MiB) and /filebench; room for what unixd adds
$(FILEBENCH_DISK): $(FILEBENCH) tests/bench/unixfile/mkbig tools/mkdisk
	@bash mk/deps.sh disktools ext2
	@echo "  MKDISK  $@"
	@rm -rf $(B)/filebench/tree
	@$(PYTHON) tests/bench/unixfile/mkbig $(B)/filebench/tree $(FILEBENCH)
	@$(PYTHON) tools/mkdisk --out $@ --tree $(B)/filebench/tree --size 96

unix-file-bench: deps kernel $(B)/bin/composer.elf $(B)/bin/unixd.elf $(B)/bin/iokitd.elf \
		$(FILEBENCH_DISK)
	@mkdir -p $(B)/logs
	@cp $(FILEBENCH_DISK) $(B)/filebench/disk-run.img
	@$(QEMU_RUN) --bench --append idlepoll --disk $(B)/filebench/disk-run.img --module $(B)/bin/composer.elf \
		--module tests/bench/unixfile/filebench.comp --module $(B)/bin/iokitd.elf \
		--module $(B)/bin/unixd.elf \
		--timeout 900 --log $(B)/logs/unixfile.log --expect-done filebench || true
	@grep '^BENCH\|^filebench: FAIL\|^filebench: [0-9]' $(B)/logs/unixfile.log || \
		echo "unix-file-bench: no BENCH line (see $(B)/logs/unixfile.log)"

linux-file-bench: deps $(FILEBENCH_DISK)
	@bash mk/deps.sh linuxbench
	@mkdir -p $(B)/logs
	@$(PYTHON) tools/linux-bench --file-disk $(FILEBENCH_DISK) --work $(B)/linuxfile \
		--log $(B)/logs/linuxfile.log

EXTRA_BENCH += unix-file-bench linux-file-bench
.PHONY: unix-file-bench linux-file-bench
