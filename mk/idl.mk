# mk/idl.mk - the interface compiler (tools/idlc), code generated from
# interface files, and its tests and benchmark (docs/IDL.md).
#   make $(B)/tools/idlc        build the compiler (host)
#   make idl-test               golden and broken-file tests + the QEMU round trip
#   make idl-bench              BENCH rpc_rtt_stub_0w (also part of `make bench`)
#
# Interface files: <dir>/<name>.idl -> $(B)/gen/<name>.h and $(B)/gen/<name>.c
# for every <dir> in IDL_DIRS.  A program uses them by adding the objects to
# <prog>_EXTRA_OBJS and -I$(B)/gen to its objects' flags (see idltest below).

IDLC := $(B)/tools/idlc
IDLC_SRC := $(wildcard tools/idlc/*.c)
IDL_DIRS += user/idltest
vpath %.idl $(IDL_DIRS)

$(IDLC): $(IDLC_SRC) tools/idlc/idlc.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O2 -g -o $@ $(IDLC_SRC)

$(B)/gen/%.h $(B)/gen/%.c: %.idl $(IDLC)
	@mkdir -p $(dir $@)
	@echo "  IDLC    $<"
	@$(IDLC) -h $(B)/gen/$*.h -c $(B)/gen/$*.c $<

$(B)/gen/%.c.o: $(B)/gen/%.c
	@echo "  CC      $<"
	@$(CC) $(USER_CFLAGS) -I$(B)/gen -MMD -c $< -o $@

# ---- the round-trip test and benchmark root task ------------------------------------
IDLTEST_GEN := $(patsubst user/idltest/%.idl,$(B)/gen/%,$(wildcard user/idltest/*.idl))
IDLTEST_OBJ := $(patsubst %,$(B)/%.o,$(wildcard user/idltest/*.c))
idltest_EXTRA_OBJS := $(addsuffix .c.o,$(IDLTEST_GEN))
$(IDLTEST_OBJ): USER_CFLAGS += -I$(B)/gen
$(IDLTEST_OBJ): | $(addsuffix .h,$(IDLTEST_GEN))
USER_PROGS += idltest

IDL_QEMU := $(PYTHON) tools/qemu-run --kernel $(B)/kernel/darbat.bin

idl-host-test: $(IDLC)
	@mkdir -p $(B)/logs
	@CC="$(CC)" CFLAGS="$(USER_CFLAGS)" sh tests/idl/run.sh $(IDLC) $(B)/idl-out \
		> $(B)/logs/idl.log 2>&1 || true
	@grep -q '^DONE idl$$' $(B)/logs/idl.log && : > $(B)/logs/idl.status || \
		echo "tests/idl/run.sh did not finish" > $(B)/logs/idl.status
	@echo "  idl: $$(grep -c '^TEST .* PASS' $(B)/logs/idl.log) passed," \
		"$$(grep -c '^TEST .* FAIL' $(B)/logs/idl.log) failed"

idl-qemu-test: deps kernel $(B)/user/idltest.elf
	@mkdir -p $(B)/logs
	@$(IDL_QEMU) --module "$(B)/user/idltest.elf" --timeout 120 \
		--log $(B)/logs/idltest.log --expect-done idl || true

idl-test: idl-host-test idl-qemu-test

idl-bench: deps kernel $(B)/user/idltest.elf
	@mkdir -p $(B)/logs
	@$(IDL_QEMU) --module "$(B)/user/idltest.elf mode=bench" --timeout 300 --bench \
		--log $(B)/logs/idlbench.log --expect-done idlbench; \
		grep '^BENCH' $(B)/logs/idlbench.log

EXTRA_TESTS += idl-host-test idl-qemu-test
EXTRA_BENCH += idl-bench
.PHONY: idl-host-test idl-qemu-test idl-test idl-bench
