# tests/host/idl/idl.mk - golden and broken-file tests of the interface
# compiler (tests/host/idl/run.sh -> $(B)/logs/idl.log; docs/IDL.md).
#   make idl-host-test

idl-host-test: $(IDLC)
	@mkdir -p $(B)/logs
	@CC="$(CC)" CFLAGS="$(USER_CFLAGS)" sh tests/host/idl/run.sh $(IDLC) $(B)/idl-out \
		> $(B)/logs/idl.log 2>&1 || true
	@grep -q '^DONE idl$$' $(B)/logs/idl.log && : > $(B)/logs/idl.status || \
		echo "tests/host/idl/run.sh did not finish" > $(B)/logs/idl.status
	@echo "  idl: $$(grep -c '^TEST .* PASS' $(B)/logs/idl.log) passed," \
		"$$(grep -c '^TEST .* FAIL' $(B)/logs/idl.log) failed"

EXTRA_TESTS += idl-host-test
.PHONY: idl-host-test
