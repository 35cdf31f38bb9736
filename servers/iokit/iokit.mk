# SPDX-License-Identifier: BSD-2-Clause
# servers/iokit/iokit.mk - the driver framework (docs/IOKIT.md): its parts
#   core/      object model, property values, registry, matching
#   workloop/  work loops, interrupt and timer event sources, command gates
#   glue/      the library drivers link against and its exported ABI
#   kmod/      the binary driver module loader
#   storage/   MBR and GPT partition parsing
#   drivers/   built-in drivers (every file here is linked in)
#   server/    the framework server iokitd itself
#   driver.h   the contract between the server, its nubs and the drivers
# and the server binary iokitd.  Its code includes its own headers as
# "iokit/<part>/<file>.h" (-Iservers) and the SDK's as "iokit/<file>.h".
#
# iokitd is linked with its own script (server/iokitd.ld): the runtime's
# plus one read-write-execute segment, the arena modules are linked into,
# since a component's heap is not executable.  So it has its own link rule
# instead of a USER_PROGS entry; `all` and `user` build it all the same.
# It serves the registry, block and character-stream interfaces
# (interfaces/ioreg.idl, block.idl, cstream.idl).

IOKIT_CORE_SRC := $(wildcard servers/iokit/core/*.c)
# the core's headers, and the runtime's list header they include (host test
# rules depend on these)
IOKIT_CORE_HDR := $(wildcard servers/iokit/core/*.h) runtime/include/urt/list.h
IOKIT_WORKLOOP_OBJ := $(patsubst %,$(B)/%.o,$(wildcard servers/iokit/workloop/*.c))
IOKIT_CORE_OBJ := $(patsubst %,$(B)/%.o,$(IOKIT_CORE_SRC))
GLUE_OBJ := $(patsubst %,$(B)/%.o,$(wildcard servers/iokit/glue/*.c))
IOKITD_IDL := ioreg block cstream
IOKITD_SRC := $(wildcard servers/iokit/server/*.c) $(wildcard servers/iokit/drivers/*.c)
IOKITD_OBJ := $(patsubst %,$(B)/%.o,$(IOKITD_SRC)) $(IOKIT_CORE_OBJ) $(IOKIT_WORKLOOP_OBJ) \
	$(GLUE_OBJ) $(patsubst %,$(B)/%.o,$(wildcard servers/iokit/kmod/*.c)) \
	$(patsubst %,$(B)/%.o,$(wildcard servers/iokit/storage/*.c)) \
	$(patsubst %,$(B)/gen/%.c.o,$(IOKITD_IDL))
# every object of the framework, wherever a program links it from
$(patsubst %,$(B)/%.o,$(wildcard servers/iokit/*/*.c)): USER_CFLAGS += -Iservers -Isdk/include

$(B)/bin/iokitd.elf: $(IOKITD_OBJ) $(RUNTIME_OBJ) servers/iokit/server/iokitd.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(LD) $(USER_LDFLAGS) --no-warn-rwx-segments \
		-T servers/iokit/server/iokitd.ld -o $@ $(sort $(IOKITD_OBJ)) $(RUNTIME_OBJ)
all user: $(B)/bin/iokitd.elf
