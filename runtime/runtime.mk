# SPDX-License-Identifier: BSD-2-Clause
# runtime/runtime.mk - the component runtime every target program links
# (docs/RUNTIME.md): start-up (crt0.S, urt.c), threads, synchronisation,
# the heap, slots, time, shared regions, driver services, the test runner;
# its headers are runtime/include/ (urt.h, urt/*.h).  It links the
# freestanding lib/ (as $(B)/ulib/) and the client half of the composer
# protocol (interfaces/compproto.idl).
RUNTIME_SRC := $(wildcard runtime/*.c)
RUNTIME_ASM := $(wildcard runtime/*.S)
RUNTIME_OBJ := $(patsubst %,$(B)/%.o,$(RUNTIME_SRC) $(RUNTIME_ASM)) \
	$(patsubst lib/%,$(B)/ulib/%.o,$(wildcard lib/*.c)) $(B)/gen/compproto.c.o
