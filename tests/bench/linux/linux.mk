# SPDX-License-Identifier: BSD-2-Clause
# tests/bench/linux/linux.mk - the Linux baseline for BENCH blk_seq_read: Debian's
# kernel reading the same QEMU virtio disk with O_DIRECT, in instructions
# per MiB (docs/PERFORMANCE.md, "Block reads: Linux baseline").
#   make linux-bench   -> BENCH linux_blk_seq_read{,_4k} lines,
#                         serial log $(B)/logs/linuxbench.log
# tools/linux-bench builds the measurement program (tests/bench/linux/) with
# the host gcc, the initramfs and the disk image under $(B)/linuxbench/.
# A benchmark, not a test: in EXTRA_BENCH only.
linux-bench: deps
	@bash mk/deps.sh linuxbench
	@mkdir -p $(B)/logs
	@$(PYTHON) tools/linux-bench --work $(B)/linuxbench --log $(B)/logs/linuxbench.log

EXTRA_BENCH += linux-bench
.PHONY: linux-bench
