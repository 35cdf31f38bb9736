# SPDX-License-Identifier: BSD-2-Clause
# apps/hello/hello.mk - the demo component of the default system: it shows
# what it was handed and serves IPC between two of its own address spaces.
USER_PROGS += hello
hello_DIR := apps/hello
