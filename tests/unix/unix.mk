# SPDX-License-Identifier: BSD-2-Clause
# tests/unix/unix.mk - the differential UNIX tests (tests/unix/README.md):
# C programs and busybox sh scripts whose output on Debian's Linux 6.1 is
# recorded in tests/unix/expected/ and compared with their output on Darbat.
#   $(B)/unix/progs/NAME   tests/unix/progs/NAME.c, musl-gcc -static -O2
#   $(B)/unix/urun         the runner (tests/unix/runner/urun.c)
#   make unix-progs        builds both (mk/deps.sh musl first)
#   make unix-record       boots Linux and rewrites tests/unix/expected/*.out
#                          (tools/linux-record; log $(B)/logs/unix-linux.log)
#   make unix-selftest     the host self-test of tools/unix-compare
# Also usable on its own: make -f tests/unix/unix.mk B=build unix-progs
# (tools/linux-record does so).
B ?= build
PYTHON ?= python3
MUSL_CC ?= musl-gcc
UNIX_CFLAGS := -static -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror

UNIX_PROGS := $(patsubst tests/unix/progs/%.c,%,$(sort $(wildcard tests/unix/progs/*.c)))
UNIX_BINS := $(addprefix $(B)/unix/progs/,$(UNIX_PROGS)) $(B)/unix/urun

$(B)/unix/progs/%: tests/unix/progs/%.c tests/unix/progs/t.h | unix-deps
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	@$(MUSL_CC) $(UNIX_CFLAGS) -o $@ $<

# A test named NAME_glibc is built with gcc -static against glibc: its own
# vfork, posix_spawn and system differ from musl's (and busybox uses them).
GLIBC_CC ?= gcc
$(B)/unix/progs/%_glibc: tests/unix/progs/%_glibc.c tests/unix/progs/t.h
	@mkdir -p $(dir $@)
	@echo "  GLIBCCC $<"
	@$(GLIBC_CC) $(UNIX_CFLAGS) -o $@ $<

$(B)/unix/urun: tests/unix/runner/urun.c tests/unix/progs/t.h | unix-deps
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $<"
	@$(MUSL_CC) $(UNIX_CFLAGS) -o $@ $<

unix-deps:
	@bash mk/deps.sh musl

unix-progs: $(UNIX_BINS)

unix-record:
	@bash mk/deps.sh musl linuxbench glibcprogs
	@$(PYTHON) tools/linux-record --build $(B) --out tests/unix/expected

unix-selftest:
	@bash tests/unix/selftest.sh

.PHONY: unix-deps unix-progs unix-record unix-selftest
