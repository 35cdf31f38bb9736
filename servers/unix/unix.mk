# SPDX-License-Identifier: BSD-2-Clause
# servers/unix/unix.mk - the UNIX personality server unixd (docs/UNIX.md):
#   *.c        the receive loop, the system-call table (syscalls.def), processes,
#              exec, fork, exit and wait, signals, the console, time, futexes,
#              random numbers (random.c over drbg.c, host-tested by
#              tests/host/unixrand)
#   mm/        frames, page tables, the area map (vma.c), faults, user access
#   fs/        the VFS, ramfs, the cpio unpacker
#   signal/    the Linux signal frame and signal sets
#   tty/       the line discipline and termios
#   net/       AF_UNIX sockets
#   procfs/    /proc
# Its code includes its own headers by name (-Iservers/unix and each part).

USER_PROGS += unixd
unixd_DIR := servers/unix
UNIXD_PARTS := mm fs signal tty net procfs
UNIXD_SUB_OBJ := $(patsubst %,$(B)/%.o,$(foreach d,$(UNIXD_PARTS),$(wildcard servers/unix/$(d)/*.c)))
unixd_EXTRA_OBJS := $(UNIXD_SUB_OBJ) $(B)/gen/cstream.c.o
$(patsubst %,$(B)/%.o,$(wildcard servers/unix/*.c servers/unix/*/*.c)): \
	USER_CFLAGS += -Iservers/unix $(patsubst %,-Iservers/unix/%,$(UNIXD_PARTS))

# The root file system archive of the default system (tools/mkrootfs).
# It holds busybox and the host's Debian programs with their libraries (tools/elfdeps).
$(B)/bin/rootfs.cpio: tools/mkrootfs tools/elfdeps $(shell find servers/unix/rootfs -type f 2>/dev/null)
	@mkdir -p $(dir $@)
	@echo "  ROOTFS  $@"
	@bash mk/deps.sh linuxbench glibcprogs
	@$(PYTHON) tools/mkrootfs --debian --out $@
