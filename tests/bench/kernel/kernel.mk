# SPDX-License-Identifier: BSD-2-Clause
# tests/bench/kernel/kernel.mk - the kernel benchmarks: the root task bench
# (this folder) under QEMU with -icount shift=0, so rdtsc counts executed
# instructions (IPC round trips, page faults, kernel calls, foreign system
# calls; docs/PERFORMANCE.md).  The first step of `make bench`.
#   make kernel-bench     -> $(B)/logs/bench.log
USER_PROGS += bench
bench_DIR := tests/bench/kernel

kernel-bench: deps kernel $(B)/bin/bench.elf
	@mkdir -p $(B)/logs
	@$(QEMU_RUN) --module $(B)/bin/bench.elf --timeout 600 --bench \
		--log $(B)/logs/bench.log --expect-done bench; grep '^BENCH' $(B)/logs/bench.log
.PHONY: kernel-bench
