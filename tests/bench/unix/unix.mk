# SPDX-License-Identifier: BSD-2-Clause
# tests/bench/unix/unix.mk - the UNIX personality's benchmarks, and the same
# measured on Debian's Linux 6.1 in the same QEMU (docs/PERFORMANCE.md,
# "UNIX system calls"):
#   make unix-bench          BENCH unix_getppid, unix_getppid_timer, unix_pipe_rtt,
#                            unix_pty_rtt: unixbench.c
#                            (musl-gcc -static) as process 1 of unixd
#                            (bench.comp); log $(B)/logs/unixbench.log
#   make unix-boot-bench     BENCH unix_boot_to_prompt: compositions/default.comp
#                            booted until the login shell first asks the
#                            terminal for input; log $(B)/logs/unixboot.log
#   make linux-unix-bench    BENCH linux_getppid, linux_getppid_timer, linux_pipe_rtt,
#                            linux_pty_rtt: the same
#                            binary on Linux (tools/linux-bench --unix);
#                            log $(B)/logs/linuxunix.log
# All three are in `make bench` (EXTRA_BENCH).
MUSL_CC ?= musl-gcc
UNIXBENCH := $(B)/unixbench/root/bin/unixbench

$(UNIXBENCH): tests/bench/unix/unixbench.c
	@bash mk/deps.sh musl
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	@$(MUSL_CC) -static -O2 -std=c11 -Wall -Wextra -Werror -o $@ $<

# The default root file system plus /bin/unixbench.
$(B)/bin/unixbench.cpio: $(UNIXBENCH) tools/mkrootfs $(shell find servers/unix/rootfs -type f 2>/dev/null)
	@bash mk/deps.sh linuxbench
	@echo "  ROOTFS  $@"
	@$(PYTHON) tools/mkrootfs --out $@ --tree $(B)/unixbench/root

unix-bench: deps kernel $(B)/bin/composer.elf $(B)/bin/unixd.elf $(B)/bin/unixbench.cpio
	@mkdir -p $(B)/logs
	@$(QEMU_RUN) --bench --module $(B)/bin/composer.elf --module tests/bench/unix/bench.comp \
		--module $(B)/bin/unixd.elf --module $(B)/bin/unixbench.cpio \
		--timeout 900 --log $(B)/logs/unixbench.log --expect-done unixbench || true
	@grep '^BENCH' $(B)/logs/unixbench.log || echo "unix-bench: no BENCH line (see $(B)/logs/unixbench.log)"

# The default system's modules (compcheck --modules), built as `make system` does,
# and a disk of its own, made anew each time (RUN_DEVICES names DISK; the
# default run/disk.img is the user's).
unix-boot-bench: DISK = $(B)/unixbench/disk.img
unix-boot-bench: deps kernel $(B)/bin/composer.elf $(B)/tools/compcheck
	@rm -f $(DISK)
	@$(MAKE) -s --no-print-directory DISK=$(DISK) disk-image
	@$(MAKE) -s --no-print-directory $(patsubst %,$(B)/bin/%,$(shell $(B)/tools/compcheck --modules compositions/default.comp 2>/dev/null))
	@bash tests/bench/unix/boot.sh $(B) "$(RUN_DEVICES)" | grep '^BENCH\|^boot.sh' || \
		echo "unix-boot-bench: no BENCH line (see $(B)/logs/unixboot.log)"

linux-unix-bench: deps $(UNIXBENCH)
	@bash mk/deps.sh linuxbench
	@mkdir -p $(B)/logs
	@$(PYTHON) tools/linux-bench --unix $(UNIXBENCH) --work $(B)/linuxunix \
		--log $(B)/logs/linuxunix.log

EXTRA_BENCH += unix-bench unix-boot-bench linux-unix-bench
.PHONY: unix-bench unix-boot-bench linux-unix-bench
