# SPDX-License-Identifier: BSD-2-Clause
# tools/compcheck/compcheck.mk - the composition checker (host tool, built
# from lib/comp, the parser the composer links too; docs/COMPOSITION.md).
#   make compcheck                      build $(B)/tools/compcheck
#   $(B)/tools/compcheck --dot FILE     graph of a composition
#   $(B)/tools/compcheck --bin $(B)/bin --ram 256M FILE
#                                       check it for the machine `make run` boots
# Its tests are tests/host/comp/.

COMPCHECK := $(B)/tools/compcheck
COMP_LIB_SRC := $(wildcard lib/comp/*.c) lib/fmt.c lib/num.c
COMP_LIB_DEP := $(COMP_LIB_SRC) $(wildcard lib/comp/*.h) lib/fmt.h lib/num.h lib/dstring.h

$(COMPCHECK): tools/compcheck/compcheck.c $(COMP_LIB_DEP)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O2 -g -Ilib -o $@ tools/compcheck/compcheck.c $(COMP_LIB_SRC)

compcheck: $(COMPCHECK)
.PHONY: compcheck
