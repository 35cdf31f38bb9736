# SPDX-License-Identifier: BSD-2-Clause
# tests/host/comp/comp.mk - tests of composition descriptions: the parser's
# unit tests and compcheck on good and bad files (tests/host/comp/run.sh
# -> $(B)/logs/comp.log).
#   make comp-test                      run them alone

# unit tests of the parser, with the sanitizers
$(B)/tests/comp/unit: tests/host/comp/unit.c $(COMP_LIB_DEP)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -Ilib \
		-o $@ tests/host/comp/unit.c $(COMP_LIB_SRC)

# $(B)/ulib/comp/*.c.o: the parser built freestanding with the user flags,
# as the composer builds it (pattern rule in the Makefile).
COMP_ULIB_OBJ := $(patsubst lib/%,$(B)/ulib/%.o,$(wildcard lib/comp/*.c))
comp-test: $(COMPCHECK) $(B)/tests/comp/unit $(COMP_ULIB_OBJ)
	@bash mk/deps.sh graphviz
	@mkdir -p $(B)/logs
	@bash tests/host/comp/run.sh $(COMPCHECK) $(B)/tests/comp/unit "$(COMP_ULIB_OBJ)" \
		$(B)/comp > $(B)/logs/comp.log 2>&1 || true
	@$(call suite_done,comp,tests/host/comp/run.sh)
	@$(call suite_counts,comp)

EXTRA_TESTS += comp-test
.PHONY: comp-test
