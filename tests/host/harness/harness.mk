# SPDX-License-Identifier: BSD-2-Clause
# tests/host/harness/harness.mk - tests of the test harness itself:
# tools/summarize, tools/qemu-run, the composer and iokitd runners and
# mk/deps.sh, on made-up logs, a fake QEMU and a fake apt-get (run.sh).
#   make harness-test      -> $(B)/logs/harness.log
harness-test:
	@mkdir -p $(B)/logs
	@bash tests/host/harness/run.sh $(B)/harness > $(B)/logs/harness.log 2>&1 || true
	@grep -q '^DONE harness$$' $(B)/logs/harness.log && : > $(B)/logs/harness.status || \
		echo "tests/host/harness/run.sh did not finish" > $(B)/logs/harness.status
	@echo "  harness: $$(grep -c '^TEST .* PASS' $(B)/logs/harness.log) passed," \
		"$$(grep -c '^TEST .* FAIL' $(B)/logs/harness.log) failed"

EXTRA_TESTS += harness-test
.PHONY: harness-test
