# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/ktest/ktest.mk - the kernel API test suite: the root task ktest
# (this folder), one QEMU boot per suite so that a crash in one does not
# hide the others; some suites run again with the IPC fast path switched
# off (docs/KERNEL-API.md), and some on QEMU's "max" CPU model, where the
# kernel saves FPU state with XSAVE and has AVX (the default model has
# neither: FXSAVE).
#   make qemu-test        -> $(B)/logs/ktest-SUITE.log, ktest-SUITE-nofast.log,
#                            ktest-SUITE-xsave.log
#   make fuzz-long        -> $(B)/logs/ktest-fuzz-long.log (over 10 million calls)
USER_PROGS += ktest
ktest_DIR := tests/qemu/ktest

KTEST_NOFAST_SUITES := smoke ipc reply foreign signal time taskmap quotasize
KTEST_XSAVE_SUITES := signal fuzz
# with the kernel's invariant checks on (kcheck, kernel/check.c)
KTEST_KCHECK_SUITES := fuzz
KTEST_SUITES := smoke ipc cap mem thread irq sched quota args fuzz signal reply foreign time taskmap quotasize
# QEMU's "edu" PCI device: a source of message-signalled interrupts (irq suite)
KTEST_QEMU := -device edu

qemu-test: deps kernel $(B)/bin/ktest.elf
	@mkdir -p $(B)/logs
	@for s in $(KTEST_SUITES); do \
		case " $(KTEST_KCHECK_SUITES) " in *" $$s "*) a=kcheck;; *) a=;; esac; \
		$(QEMU_RUN) --module "$(B)/bin/ktest.elf suite=$$s" --timeout $(QEMU_TIMEOUT) \
			--extra-qemu "$(KTEST_QEMU)" $${a:+--append $$a} \
			--log $(B)/logs/ktest-$$s.log --expect-done $$s || true; done
	@for s in $(KTEST_NOFAST_SUITES); do \
		$(QEMU_RUN) --module "$(B)/bin/ktest.elf suite=$$s variant=nofastpath" --append nofastpath \
			--timeout $(QEMU_TIMEOUT) --log $(B)/logs/ktest-$$s-nofast.log --expect-done $$s || true; done
	@for s in $(KTEST_XSAVE_SUITES); do \
		case " $(KTEST_KCHECK_SUITES) " in *" $$s "*) a=kcheck;; *) a=;; esac; \
		$(QEMU_RUN) --module "$(B)/bin/ktest.elf suite=$$s variant=xsave" --extra-qemu "-cpu max" \
			$${a:+--append $$a} \
			--timeout $(QEMU_TIMEOUT) --log $(B)/logs/ktest-$$s-xsave.log --expect-done $$s || true; done

# The long fuzz run (not part of make test): FUZZ_LONG_ROUNDS fresh seeds of
# FUZZ_LONG_CALLS calls each (fuzz/fresh), then the fixed seeds, all with the
# invariant checks on; the framework's leak check ends each test.
FUZZ_LONG_CALLS ?= 2500000
FUZZ_LONG_ROUNDS ?= 4
FUZZ_LONG_TIMEOUT ?= 7200
fuzz-long: deps kernel $(B)/bin/ktest.elf
	@mkdir -p $(B)/logs
	$(QEMU_RUN) --module "$(B)/bin/ktest.elf suite=fuzz calls=$(FUZZ_LONG_CALLS) rounds=$(FUZZ_LONG_ROUNDS)" \
		--append kcheck --timeout $(FUZZ_LONG_TIMEOUT) --log $(B)/logs/ktest-fuzz-long.log --expect-done fuzz
.PHONY: qemu-test fuzz-long
