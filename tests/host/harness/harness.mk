# SPDX-License-Identifier: BSD-2-Clause
# tests/host/harness/harness.mk - tests of the test harness itself:
# tools/summarize, tools/qemu-run, the composer and iokitd runners and
# mk/deps.sh, on made-up logs, a fake QEMU and a fake apt-get (run.sh).
#   make harness-test      -> $(B)/logs/harness.log
harness-test:
	@mkdir -p $(B)/logs
	@bash tests/host/harness/run.sh $(B)/harness > $(B)/logs/harness.log 2>&1 || true
	@$(call suite_done,harness,tests/host/harness/run.sh)
	@$(call suite_counts,harness)

EXTRA_TESTS += harness-test
.PHONY: harness-test
