# SPDX-License-Identifier: BSD-2-Clause
# tests/host/unixtty/unixtty.mk - the terminal line discipline and the Linux
# termios ABI of the UNIX server (servers/unix/tty), and their tests.
#   make unixtty-test     unit tests + the same scenarios on a Linux pty
#                         -> $(B)/logs/unixtty.log
#
# The line discipline is built twice: for the host with the sanitizers (the
# test program tests/host/unixtty/unit.c) and once freestanding with
# $(USER_CFLAGS), as unixd will link it; tests/host/unixtty/run.sh checks that
# build needs nothing beyond lib/'s memcpy/memset.

# only the line discipline: tty.c and pty.c are unixd's (they need the server)
UNIXTTY_SRC := servers/unix/tty/ldisc.c
UNIXTTY_HDR := servers/unix/tty/ldisc.h servers/unix/tty/lx_termios.h
UNIXTTY_UNIT := $(B)/tests/unixtty/unit
UNIXTTY_USER_OBJ := $(B)/unixtty/ldisc-user.o

$(UNIXTTY_UNIT): tests/host/unixtty/unit.c $(UNIXTTY_SRC) $(UNIXTTY_HDR)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(CC) $(WARN) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
		-Iservers/unix/tty -Ilib -o $@ tests/host/unixtty/unit.c $(UNIXTTY_SRC)

# the pattern rule in the Makefile builds each object with $(USER_CFLAGS)
$(UNIXTTY_USER_OBJ): $(patsubst %,$(B)/%.o,$(UNIXTTY_SRC))
	@mkdir -p $(dir $@)
	@$(LD) -r -o $@ $^

unixtty-test: $(UNIXTTY_UNIT) $(UNIXTTY_USER_OBJ)
	@mkdir -p $(B)/logs
	@bash tests/host/unixtty/run.sh $(UNIXTTY_UNIT) $(UNIXTTY_USER_OBJ) $(B)/unixtty > $(B)/logs/unixtty.log 2>&1 || true
	@$(call suite_done,unixtty,tests/host/unixtty/run.sh)
	@$(call suite_counts,unixtty)

EXTRA_TESTS += unixtty-test
.PHONY: unixtty-test
