# SPDX-License-Identifier: BSD-2-Clause
# tests/host/unixrand/unixrand.mk - unixd's random generator (servers/unix/drbg.c:
# ChaCha20 and the DRBG behind getrandom, /dev/urandom and AT_RANDOM) and its
# tests; the entropy sources (servers/unix/random.c) are tested under QEMU
# by tests/qemu/rng/.
#   make unixrand-test    RFC 8439 vectors + the DRBG's construction -> $(B)/logs/unixrand.log
#
# drbg.c is built twice: for the host with the sanitizers (the test program
# tests/host/unixrand/unit.c) and freestanding with $(USER_CFLAGS), as unixd
# links it; tests/host/unixrand/run.sh checks that build needs only memcpy
# and memset.

UNIXRAND_SRC := servers/unix/drbg.c
UNIXRAND_UNIT := $(B)/tests/unixrand/unit
UNIXRAND_USER_OBJ := $(B)/servers/unix/drbg.c.o

$(UNIXRAND_UNIT): tests/host/unixrand/unit.c $(UNIXRAND_SRC) servers/unix/drbg.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
		-Iservers/unix -o $@ tests/host/unixrand/unit.c $(UNIXRAND_SRC)

unixrand-test: $(UNIXRAND_UNIT) $(UNIXRAND_USER_OBJ)
	@mkdir -p $(B)/logs
	@bash tests/host/unixrand/run.sh $(UNIXRAND_UNIT) $(UNIXRAND_USER_OBJ) \
		> $(B)/logs/unixrand.log 2>&1 || true
	@$(call suite_done,unixrand,tests/host/unixrand/run.sh)
	@$(call suite_counts,unixrand)

EXTRA_TESTS += unixrand-test
.PHONY: unixrand-test
