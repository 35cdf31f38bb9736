# SPDX-License-Identifier: BSD-2-Clause
# sdk/flags.mk - compiler flags of Darbat binary driver modules, shared by
# the SDK (sdk/module.mk) and the in-tree module tests (mk/kmod.mk).
#
# -mcmodel=large -fno-pic: every reference to a symbol is a 64-bit absolute
# address (R_X86_64_64), so a module links wherever the framework puts it,
# however far from the framework's own code.  The loader also applies
# R_X86_64_PC32/PLT32/32/32S/PC64 (with overflow checks) for hand-written
# or small-model code that stays within +-2 GiB.
# -fno-common: no SHN_COMMON symbols (the loader refuses them).
# -fno-asynchronous-unwind-tables: no .eh_frame (nothing would use it).
# -mgeneral-regs-only: the framework does not save FPU/SSE state.
KMOD_SDK_CFLAGS := -std=c11 -O2 -Wall -Wextra -ffreestanding -fno-builtin -nostdlib \
	-fno-pic -fno-pie -mcmodel=large -mno-red-zone -fno-stack-protector -fno-common \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -mgeneral-regs-only
