# SPDX-License-Identifier: BSD-2-Clause
# tools/idlc/idlc.mk - the interface compiler (tools/idlc) and the code it
# generates (docs/IDL.md).
#   make $(B)/tools/idlc        build the compiler (host)
#
# Interface files: interfaces/<name>.idl (the protocols between components)
# and a test's own <dir>/<name>.idl -> $(B)/gen/<name>.h and $(B)/gen/<name>.c.
# Every user object may include the headers of interfaces/ (the Makefile
# orders them first); a program links a protocol's code by adding
# $(B)/gen/<name>.c.o to its NAME_EXTRA_OBJS.  A test with its own .idl adds
# its folder with `vpath %.idl <dir>` and orders its header before its objects.

IDLC := $(B)/tools/idlc
IDLC_SRC := $(wildcard tools/idlc/*.c)
vpath %.idl interfaces

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
	@$(CC) $(USER_CFLAGS) -MMD -c $< -o $@
