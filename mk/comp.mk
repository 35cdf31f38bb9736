# mk/comp.mk - composition descriptions: the host checker tools/compcheck
# (built from lib/comp, the parser the composer links too), and the
# comp-test step of `make test` (tests/comp/run.sh -> $(B)/logs/comp.log).
#   make compcheck                      build $(B)/tools/compcheck
#   make comp-test                      run the composition tests alone
#   $(B)/tools/compcheck --dot FILE     graph of a composition

COMPCHECK := $(B)/tools/compcheck
COMP_LIB_SRC := lib/comp/comp.c lib/fmt.c
COMP_LIB_DEP := $(COMP_LIB_SRC) lib/comp/comp.h lib/fmt.h lib/dstring.h

$(COMPCHECK): tools/compcheck/compcheck.c $(COMP_LIB_DEP)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O2 -g -Ilib -o $@ tools/compcheck/compcheck.c $(COMP_LIB_SRC)

# unit tests of the parser, with the sanitizers
$(B)/tests/comp/unit: tests/comp/unit.c $(COMP_LIB_DEP)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -Ilib \
		-o $@ tests/comp/unit.c $(COMP_LIB_SRC)

compcheck: $(COMPCHECK)

# $(B)/ulib/comp/comp.c.o: the parser built freestanding with the user flags,
# as the composer builds it (pattern rule in the Makefile).
comp-test: $(COMPCHECK) $(B)/tests/comp/unit $(B)/ulib/comp/comp.c.o
	@bash mk/deps.sh graphviz || echo "mk/comp.mk: graphviz missing; comp/dot-render will fail" >&2
	@mkdir -p $(B)/logs
	@bash tests/comp/run.sh $(COMPCHECK) $(B)/tests/comp/unit $(B)/ulib/comp/comp.c.o \
		$(B)/comp > $(B)/logs/comp.log 2>&1 || true
	@grep -q '^DONE comp$$' $(B)/logs/comp.log && : > $(B)/logs/comp.status || \
		echo "tests/comp/run.sh did not finish" > $(B)/logs/comp.status
	@echo "  comp: $$(grep -c '^TEST .* PASS' $(B)/logs/comp.log) passed," \
		"$$(grep -c '^TEST .* FAIL' $(B)/logs/comp.log) failed"

EXTRA_TESTS += comp-test
.PHONY: compcheck comp-test
