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
	-Iinclude -Ilib
KERNEL_CFLAGS := $(TARGET_CFLAGS) -mcmodel=kernel -mgeneral-regs-only \
	-Ikernel/include -Ikernel/arch/x86_64/include
USER_CFLAGS := $(TARGET_CFLAGS) -Iuser/lib -mgeneral-regs-only

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
	@$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(B)/kernel/darbat.elf: $(KERNEL_OBJ) kernel/arch/x86_64/kernel.ld
	@echo "  LD      $@"
	@$(LD) -n -nostdlib -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments -T kernel/arch/x86_64/kernel.ld -o $@ $(KERNEL_OBJ)

# The flat image both QEMU -kernel and GRUB load through the multiboot header.
$(B)/kernel/darbat.bin: $(B)/kernel/darbat.elf
	@$(OBJCOPY) -O binary $< $@

kernel: $(B)/kernel/darbat.bin

# ---- user programs -------------------------------------------------------------
ULIB_SRC := $(wildcard user/lib/*.c)
ULIB_ASM := $(wildcard user/lib/*.S)
ULIB_OBJ := $(patsubst %,$(B)/%.o,$(ULIB_SRC) $(ULIB_ASM)) $(patsubst lib/%,$(B)/ulib/%.o,$(wildcard lib/*.c))

$(B)/user/%.c.o: user/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(B)/user/%.S.o: user/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(USER_CFLAGS) -c $< -o $@

# A user program is every .c in user/<name>/ linked with the runtime.
# $(1)_EXTRA_OBJS: more objects for program $(1) (set in mk/*.mk).
define user_prog
$(B)/user/$(1).elf: $(patsubst %,$(B)/%.o,$(wildcard user/$(1)/*.c)) $$($(1)_EXTRA_OBJS) $(ULIB_OBJ) user/lib/user.ld
	@echo "  LD      $$@"
	@$(LD) -nostdlib -static -z max-page-size=4096 -z noexecstack -T user/lib/user.ld -o $$@ \
		$(patsubst %,$(B)/%.o,$(wildcard user/$(1)/*.c)) $$($(1)_EXTRA_OBJS) $(ULIB_OBJ)
endef
USER_PROGS := ktest bench hello kdbtest

# Subsystems add themselves in mk/<name>.mk: more USER_PROGS, host tools, and
# test or benchmark steps (EXTRA_TESTS, EXTRA_BENCH: targets that write
# $(B)/logs/*.log with TEST / BENCH lines).
EXTRA_TESTS :=
EXTRA_BENCH :=
-include $(sort $(wildcard mk/*.mk))

$(foreach p,$(USER_PROGS),$(eval $(call user_prog,$(p))))

user: $(patsubst %,$(B)/user/%.elf,$(USER_PROGS))

all: kernel user

# ---- host unit tests ------------------------------------------------------------
HOST_CFLAGS := $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-DHOST_TEST -Itests/host -Iinclude -Ilib -Ikernel/include -Ikernel/arch/x86_64/include
HOST_TESTS := $(patsubst tests/host/%.c,%,$(filter-out tests/host/harness.c,$(wildcard tests/host/test_*.c)))

$(B)/host/%: tests/host/%.c $(wildcard tests/host/*.[ch]) $(wildcard kernel/*.c kernel/lib/*.c kernel/include/*.h lib/*.[ch])
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ $< tests/host/harness.c $(shell sed -n 's/^\/\/ uses: //p' $<)

host-test: $(patsubst %,$(B)/host/%,$(HOST_TESTS))
	@mkdir -p $(B)/logs
	@for t in $(HOST_TESTS); do $(B)/host/$$t > $(B)/logs/host-$$t.log 2>&1; \
		if [ $$? -ne 0 ] && ! grep -q "^TEST .* FAIL" $(B)/logs/host-$$t.log; then \
		echo "crashed" > $(B)/logs/host-$$t.status; else : > $(B)/logs/host-$$t.status; fi; done

# ---- QEMU runs ---------------------------------------------------------------------
deps:
	@bash mk/deps.sh

QEMU_RUN := $(PYTHON) tools/qemu-run --kernel $(B)/kernel/darbat.bin

# ktest suites: one QEMU boot each so a crash in one does not hide the others.
# suites run again with the IPC fast path switched off
KTEST_NOFAST_SUITES := smoke ipc
KTEST_SUITES := smoke ipc cap mem thread irq sched quota args fuzz
# QEMU's "edu" PCI device: a source of message-signalled interrupts (irq suite)
KTEST_QEMU := -device edu

qemu-test: deps kernel $(B)/user/ktest.elf $(B)/user/kdbtest.elf
	@mkdir -p $(B)/logs
	@$(PYTHON) tools/kdb-test $(B)/kernel/darbat.bin $(B)/user/kdbtest.elf $(B)/logs/kdb.log
	@for s in $(KTEST_SUITES); do \
		$(QEMU_RUN) --module "$(B)/user/ktest.elf suite=$$s" --timeout $(QEMU_TIMEOUT) \
			--extra-qemu "$(KTEST_QEMU)" \
			--log $(B)/logs/ktest-$$s.log --expect-done $$s || true; done
	@for s in $(KTEST_NOFAST_SUITES); do \
		$(QEMU_RUN) --module "$(B)/user/ktest.elf suite=$$s variant=nofastpath" --append nofastpath \
			--timeout $(QEMU_TIMEOUT) --log $(B)/logs/ktest-$$s-nofast.log --expect-done $$s || true; done

test: deps
	@rm -rf $(B)/logs
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory host-test
	@$(MAKE) --no-print-directory qemu-test
	@$(MAKE) --no-print-directory extra-test
	@$(PYTHON) tools/summarize $(B)/logs/*.log

extra-test: $(EXTRA_TESTS)

bench: deps kernel $(B)/user/bench.elf
	@mkdir -p $(B)/logs
	@$(QEMU_RUN) --module $(B)/user/bench.elf --timeout 600 --bench \
		--log $(B)/logs/bench.log --expect-done bench; grep '^BENCH' $(B)/logs/bench.log
	@$(MAKE) --no-print-directory extra-bench

extra-bench: $(EXTRA_BENCH)

# The default system: the composer (root task), the composition, and the
# binaries the composition names (compcheck --modules).
COMPOSITION ?= compositions/default.comp
SYSTEM_MODULES = $(B)/user/composer.elf $(COMPOSITION) \
	$(patsubst %,$(B)/user/%,$(shell $(B)/tools/compcheck --modules $(COMPOSITION) 2>/dev/null))

system: kernel $(B)/user/composer.elf $(B)/tools/compcheck
	@$(B)/tools/compcheck $(COMPOSITION)
	@$(MAKE) --no-print-directory $(patsubst %,$(B)/user/%,$(shell $(B)/tools/compcheck --modules $(COMPOSITION)))

run: deps system
	qemu-system-x86_64 -machine q35 -m 256M -nographic -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel $(B)/kernel/darbat.bin -initrd "$(shell echo $(SYSTEM_MODULES) | tr ' ' ',')"

iso: system
	@bash mk/deps.sh iso
	bash tools/mkiso.sh $(B)/darbat.iso $(B)/kernel/darbat.bin $(SYSTEM_MODULES)

clean:
	rm -rf $(B)

.PHONY: system all kernel user host-test qemu-test extra-test extra-bench test bench run iso clean deps
-include $(shell find $(B) -name '*.d' 2>/dev/null)
