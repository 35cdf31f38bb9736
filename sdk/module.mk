# SPDX-License-Identifier: BSD-2-Clause
# sdk/module.mk - build a Darbat binary driver module outside the source tree.
#
#   make -f /path/to/darbat/sdk/module.mk MODULE=mydrv [SRCS="a.c b.c"] [CC=clang]
#
# compiles SRCS (default: every .c in the current directory) with the module
# flags (sdk/flags.mk) and the SDK headers (sdk/include: <iokit/glue.h>,
# <iokit/manifest.h>), and links them with `ld -r` into $(MODULE).kmod, a
# relocatable ELF object the framework's module loader accepts.  One source
# must define the manifest with IOKIT_MODULE(...).  `make ... clean` removes
# the outputs.
KMOD_SDK_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
include $(KMOD_SDK_DIR)/flags.mk

MODULE ?= $(notdir $(CURDIR))
SRCS ?= $(wildcard *.c)
KMOD_OBJS := $(SRCS:.c=.o)
LD ?= ld

all: $(MODULE).kmod

$(MODULE).kmod: $(KMOD_OBJS)
	$(LD) -r -o $@ $(KMOD_OBJS)

%.o: %.c $(wildcard $(KMOD_SDK_DIR)/include/iokit/*.h)
	$(CC) $(KMOD_SDK_CFLAGS) $(CFLAGS) -I$(KMOD_SDK_DIR)/include -c $< -o $@

clean:
	rm -f $(MODULE).kmod $(KMOD_OBJS)

.PHONY: all clean
