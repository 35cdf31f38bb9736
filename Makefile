# SPDX-License-Identifier: BSD-2-Clause
# Darbat - top-level build.  `make run` boots the default system in QEMU;
# `make test` runs every test and ends with one "N passed, N failed" line.
# CC=clang builds everything with clang instead of gcc.

CC      ?= gcc
LD      := ld
OBJCOPY := objcopy
PYTHON  := python3
B       ?= build
QEMU_TIMEOUT ?= 300

ifeq ($(origin CC),default)
CC := gcc
endif

WARN    := -Wall -Wextra -Werror -std=c11
TARGET_CFLAGS := $(WARN) -O2 -g -ffreestanding -fno-builtin -nostdlib -fno-pic -fno-pie \
	-fno-stack-protector -fno-omit-frame-pointer -m64 -mno-red-zone -fno-asynchronous-unwind-tables \
	-Iinclude -Ilib -Ilib/arch/x86_64
KERNEL_CFLAGS := $(TARGET_CFLAGS) -mcmodel=kernel -mgeneral-regs-only \
	-Ikernel/include -Ikernel/arch/x86_64/include
# Plain `make` builds everything `make run` and the tests need.
.DEFAULT_GOAL := all

# ---- kernel ----------------------------------------------------------------
KERNEL_SRC := $(wildcard kernel/*.c kernel/lib/*.c kernel/arch/x86_64/*.c) $(wildcard lib/*.c)
KERNEL_ASM := $(wildcard kernel/arch/x86_64/*.S)
KERNEL_OBJ := $(patsubst %,$(B)/%.o,$(KERNEL_SRC) $(KERNEL_ASM))

$(B)/kernel/%.c.o: kernel/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

# The IPC fast path is a leaf on the hot path: no frame pointer there.
$(B)/kernel/arch/x86_64/fastpath.c.o: KERNEL_CFLAGS += -fomit-frame-pointer

# shared lib/ sources: built once for the kernel (k-) and once for user programs (u-)
$(B)/lib/%.c.o: lib/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/ulib/%.c.o: lib/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(B)/kernel/%.S.o: kernel/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

# Offsets of C structures the entry code reads, generated from their
# definitions (kernel/arch/x86_64/asm/offsets.c says how).
ASM_OFFSETS := $(B)/kernel/asm-offsets.h
$(ASM_OFFSETS): kernel/arch/x86_64/asm/offsets.c
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@$(CC) $(KERNEL_CFLAGS) -MMD -MP -MT $@ -MF $@.d -S $< -o $@.s
	@sed -n 's/^.*@@ASM_DEFINE \([A-Za-z_0-9]*\) \$$\{0,1\}\(-\{0,1\}[0-9]*\).*/#define \1 \2/p' \
		$@.s > $@.tmp && mv $@.tmp $@
$(B)/kernel/arch/x86_64/entry.S.o: $(ASM_OFFSETS)
$(B)/kernel/arch/x86_64/entry.S.o: KERNEL_CFLAGS += -I$(B)/kernel

$(B)/kernel/darbat.elf: $(KERNEL_OBJ) kernel/arch/x86_64/kernel.ld
	@echo "  LD      $@"
	@$(LD) -n -nostdlib -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments -T kernel/arch/x86_64/kernel.ld -o $@ $(KERNEL_OBJ)

# The flat image both QEMU -kernel and GRUB load through the multiboot header.
$(B)/kernel/darbat.bin: $(B)/kernel/darbat.elf
	@$(OBJCOPY) -O binary $< $@

kernel: $(B)/kernel/darbat.bin

# ---- user programs -------------------------------------------------------------
# Every program on the target (servers, apps, test and benchmark programs)
# is built the same way: each .c in its folder, linked with the component
# runtime (runtime/runtime.mk) into $(B)/bin/NAME.elf.  A fragment declares
# one with two lines (docs/TOUR.md, "Your first component"):
#   USER_PROGS += NAME
#   NAME_DIR := path/to/its/folder
# and may add NAME_EXTRA_OBJS (more objects to link).
# Each function and object in its own section, so that the link drops what a
# program does not use (generated protocol code, runtime parts): smaller
# images, fewer pages to fault in at every start.
USER_CFLAGS := $(TARGET_CFLAGS) -mgeneral-regs-only -ffunction-sections -fdata-sections \
	-Iruntime/include -Iinterfaces -I$(B)/gen
USER_LDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack --gc-sections

# interfaces/*.idl: the protocols between components; every user object may
# include their generated headers (tools/idlc/idlc.mk has the rules).
IFACE_IDL := $(wildcard interfaces/*.idl)
IFACE_H := $(patsubst interfaces/%.idl,$(B)/gen/%.h,$(IFACE_IDL))

$(B)/%.c.o: %.c | $(IFACE_H)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(B)/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(USER_CFLAGS) -c $< -o $@

define user_prog
$(1)_OBJ := $(patsubst %,$(B)/%.o,$(wildcard $($(1)_DIR)/*.c))
$(B)/bin/$(1).elf: $$($(1)_OBJ) $$($(1)_EXTRA_OBJS) $$(RUNTIME_OBJ) runtime/user.ld
	@mkdir -p $$(dir $$@)
	@echo "  LD      $$@"
	@$(LD) $(USER_LDFLAGS) -T runtime/user.ld -o $$@ \
		$$($(1)_OBJ) $$($(1)_EXTRA_OBJS) $$(RUNTIME_OBJ)
endef
USER_PROGS :=

# Helpers for a test step's recipe (a whole recipe line each):
#   $(call suite_done,NAME,RUNNER)  $(B)/logs/NAME.status is empty when the
#                   log holds its "DONE NAME" line, else says RUNNER did not finish
#   $(call suite_counts,NAME)       "  NAME: N passed, N failed" from $(B)/logs/NAME.log
suite_done = grep -q '^DONE $(1)$$' $(B)/logs/$(1).log 2>/dev/null && : > $(B)/logs/$(1).status || \
	echo "$(2) did not finish" > $(B)/logs/$(1).status
suite_counts = echo "  $(1): $$(grep -c '^TEST .* PASS' $(B)/logs/$(1).log) passed," \
	"$$(grep -c '^TEST .* FAIL' $(B)/logs/$(1).log) failed"

# Each part of the tree adds itself in a fragment next to its code: programs
# (USER_PROGS), host tools, and test or benchmark steps (EXTRA_TESTS,
# EXTRA_BENCH: targets that write $(B)/logs/*.log with TEST / BENCH lines).
# Read in this order: build tools, the runtime, servers, apps, then tests.
EXTRA_TESTS :=
EXTRA_BENCH :=
MK_FRAGMENTS := $(sort $(wildcard tools/*/*.mk)) runtime/runtime.mk \
	$(sort $(wildcard servers/*/*.mk)) $(sort $(wildcard apps/*/*.mk)) \
	$(sort $(wildcard tests/host/*/*.mk)) $(sort $(wildcard tests/qemu/*/*.mk)) \
	$(sort $(wildcard tests/bench/*/*.mk))
include $(MK_FRAGMENTS)

$(foreach p,$(USER_PROGS),$(eval $(call user_prog,$(p))))

user: $(patsubst %,$(B)/bin/%.elf,$(USER_PROGS))

all: kernel user $(B)/tools/compcheck

deps:
	@bash mk/deps.sh

QEMU_RUN := $(PYTHON) tools/qemu-run --kernel $(B)/kernel/darbat.bin

# mk/deps.sh all: every host tool of every suite, installed once, first
# (waiting for another apt-get's locks); make test stops if it fails.
# tests/expected-counts: how many tests each log must hold (see its header).
test:
	@CC="$(CC)" bash mk/deps.sh all
	@rm -rf $(B)/logs
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory host-test
	@$(MAKE) --no-print-directory qemu-test
	@$(MAKE) --no-print-directory extra-test
	@$(PYTHON) tools/summarize --expected tests/expected-counts $(B)/logs/*.log

extra-test: $(EXTRA_TESTS)

bench: deps kernel-bench
	@$(MAKE) --no-print-directory extra-bench

extra-bench: $(EXTRA_BENCH)

# The default system: the composer (root task), the composition, and the
# binaries the composition names (compcheck --modules).
COMPOSITION ?= compositions/default.comp
SYSTEM_MODULES = $(B)/bin/composer.elf $(COMPOSITION) \
	$(patsubst %,$(B)/bin/%,$(shell $(B)/tools/compcheck --modules $(COMPOSITION) 2>/dev/null))

# (make expands a whole recipe before its first line runs: the module list
# is asked for quietly, so that the checker's errors are printed once.  The
# first check runs before the binaries are built, so without --bin; --order
# prints its errors but no warnings.  The last one has the machine: the
# binaries and files in $(B)/bin, the RAM `make run` boots with.)
RUN_RAM := 256M
system: kernel $(B)/bin/composer.elf $(B)/tools/compcheck
	@$(B)/tools/compcheck --ram $(RUN_RAM) --order $(COMPOSITION) >/dev/null
	@$(MAKE) --no-print-directory $(patsubst %,$(B)/bin/%,$(shell $(B)/tools/compcheck --modules $(COMPOSITION) 2>/dev/null))
	@$(B)/tools/compcheck --bin $(B)/bin --ram $(RUN_RAM) $(COMPOSITION)

# The devices the default composition grants besides the machine's own: the
# modern virtio entropy device (PCI 1af4:1044), unixd's random numbers, and
# the disk (PCI 1af4:1042): the image DISK, made from the root tree
# (tools/mkdisk: GPT, partition 1 ext2) when there is no file there yet, and
# kept between runs like a real machine's disk.  The default lives in run/,
# outside $(B), so that `make clean` keeps it; `rm run/disk.img` starts over.
DISK ?= run/disk.img
RUN_DEVICES = -device virtio-rng-pci,disable-legacy=on \
	-drive file=$(DISK),if=none,id=disk0,format=raw -device virtio-blk-pci,drive=disk0,disable-legacy=on

disk-image: $(B)/bin/rootfs.cpio
	@if [ ! -e "$(DISK)" ]; then \
		bash mk/deps.sh disktools ext2 && \
		echo "  MKDISK  $(DISK) (from $(B)/bin/rootfs.cpio)" && \
		$(PYTHON) tools/mkdisk --out "$(DISK)" --cpio $(B)/bin/rootfs.cpio; \
	fi

# COM2, the UNIX terminal, is this terminal (Ctrl-A X quits QEMU, Ctrl-A C
# its monitor); COM1 - the kernel's log, the kernel debugger, the management
# console - is the socket $(B)/run/console.sock (`make console` attaches to
# it) and is logged to $(B)/run/com1.log.
run: deps system disk-image
	@mkdir -p $(B)/run
	@rm -f $(B)/run/console.sock
	@echo "make run: this terminal is the UNIX console (COM2); 'make console' in another"
	@echo "terminal reaches the management console and kernel log (COM1); Ctrl-A X quits"
	@echo "make run: the disk is $(DISK)"
	qemu-system-x86_64 -machine q35 -m $(RUN_RAM) -display none -no-reboot \
		-chardev socket,id=com1,path=$(B)/run/console.sock,server=on,wait=off,logfile=$(B)/run/com1.log \
		-serial chardev:com1 -serial mon:stdio \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 $(RUN_DEVICES) \
		-kernel $(B)/kernel/darbat.bin -initrd "$(shell echo $(SYSTEM_MODULES) | tr ' ' ',')"

# The management console of a running `make run` (COM1), in this terminal.
console:
	@$(PYTHON) tools/console $(B)/run/console.sock

iso: system
	@bash mk/deps.sh iso
	bash tools/mkiso.sh $(B)/darbat.iso $(B)/kernel/darbat.bin $(SYSTEM_MODULES)

# The architecture picture of docs/TOUR.md and the default system's
# component graph, drawn with graphviz into $(B)/docs/.
docs: $(B)/tools/compcheck
	@bash mk/deps.sh graphviz
	@mkdir -p $(B)/docs
	@dot -Tsvg docs/architecture.dot -o $(B)/docs/architecture.svg
	@$(B)/tools/compcheck --dot compositions/default.comp | dot -Tsvg -o $(B)/docs/default-comp.svg
	@echo "  $(B)/docs/architecture.svg $(B)/docs/default-comp.svg"

help:
	@echo "make              build the kernel, every program and the host tools (into $(B)/)"
	@echo "make run          boot the default system in QEMU (COMPOSITION=file: another; Ctrl-A X quits)"
	@echo "                  with the disk run/disk.img (DISK=path: another), made when absent"
	@echo "make test         build and run every test; ends with 'N passed, N failed'"
	@echo "make bench        benchmarks under QEMU -icount (instruction counts; docs/PERFORMANCE.md)"
	@echo "make iso          a bootable GRUB ISO of the default system"
	@echo "make docs         draw the architecture and the default system's graph (graphviz)"
	@echo "make host-test    kernel host unit tests only; qemu-test: the kernel API suites only"
	@echo "make NAME-test    one suite: $(EXTRA_TESTS)"
	@echo "make clean        remove $(B)/"
	@echo "Variables: CC=clang (build with clang), B=dir (build directory), QEMU_TIMEOUT=s"

clean:
	rm -rf $(B)

.SECONDARY:
.PHONY: disk-image system all kernel user extra-test extra-bench test bench run console iso clean deps docs help
-include $(shell find $(B) -name '*.d' 2>/dev/null)
