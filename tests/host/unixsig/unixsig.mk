# SPDX-License-Identifier: BSD-2-Clause
# tests/host/unixsig/unixsig.mk - the UNIX server's signal frames
# (servers/unix/signal: lx_signal.h, sigset.h, sigframe.c) and their tests.
#   make unixsig-test     -> $(B)/logs/unixsig.log
#
# sigframe.c is built twice: for the host with the sanitizers, linked into
# the test program (tests/host/unixsig/*.c, which also compares it with the
# host's own Linux), and freestanding with $(USER_CFLAGS), as unixd will
# link it; that build may need nothing beyond lib/'s memcpy, memset and
# memcmp (unixsig/freestanding).

UNIXSIG_SRC := $(wildcard servers/unix/signal/*.c)
UNIXSIG_HDR := $(wildcard servers/unix/signal/*.h)
UNIXSIG_TEST_SRC := $(wildcard tests/host/unixsig/*.c)
UNIXSIG_UNIT := $(B)/tests/unixsig/unit
UNIXSIG_USER_OBJ := $(B)/unixsig/signal-user.o

$(UNIXSIG_UNIT): $(UNIXSIG_TEST_SRC) tests/host/unixsig/unixsig_test.h $(UNIXSIG_SRC) $(UNIXSIG_HDR)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
		-Iinclude -Ilib -Iservers/unix/signal -o $@ $(UNIXSIG_TEST_SRC) $(UNIXSIG_SRC)

# the pattern rule in the Makefile builds each object with $(USER_CFLAGS)
$(UNIXSIG_USER_OBJ): $(patsubst %,$(B)/%.o,$(UNIXSIG_SRC))
	@mkdir -p $(dir $@)
	@$(LD) -r -o $@ $^

# The log: the program's lines (and a failure if it stopped before its
# "DONE unit"), the freestanding check, "DONE unixsig".
unixsig-test: $(UNIXSIG_UNIT) $(UNIXSIG_USER_OBJ)
	@mkdir -p $(B)/logs
	@{ $(UNIXSIG_UNIT) > $(B)/unixsig-unit.out 2>&1; cat $(B)/unixsig-unit.out; \
	   grep -q '^DONE unit$$' $(B)/unixsig-unit.out || \
		echo "TEST unixsig/unit/complete FAIL the program stopped early"; \
	   undef=$$(nm -u $(UNIXSIG_USER_OBJ) | awk '{ print $$NF }' | \
		grep -Ev '^(memcmp|memcpy|memset)$$' | tr '\n' ' '); \
	   if [ -z "$$undef" ]; then echo "TEST unixsig/freestanding PASS"; \
	   else echo "TEST unixsig/freestanding FAIL undefined: $$undef"; fi; \
	   echo "DONE unixsig"; } > $(B)/logs/unixsig.log 2>&1 || true
	@rm -f $(B)/unixsig-unit.out
	@$(call suite_done,unixsig,$(UNIXSIG_UNIT))
	@$(call suite_counts,unixsig)

EXTRA_TESTS += unixsig-test
.PHONY: unixsig-test
