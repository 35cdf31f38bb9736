# tests/host/idl/idl.mk - golden and broken-file tests of the interface
# compiler (tests/host/idl/run.sh -> $(B)/logs/idl.log; docs/IDL.md).
#   make idl-host-test

idl-host-test: $(IDLC)
	@mkdir -p $(B)/logs
	@CC="$(CC)" CFLAGS="$(USER_CFLAGS)" sh tests/host/idl/run.sh $(IDLC) $(B)/idl-out \
		> $(B)/logs/idl.log 2>&1 || true
	@$(call suite_done,idl,tests/host/idl/run.sh)
	@$(call suite_counts,idl)

EXTRA_TESTS += idl-host-test
.PHONY: idl-host-test
