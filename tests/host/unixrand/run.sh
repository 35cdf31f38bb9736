#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/host/unixrand/run.sh UNIT FREESTANDING_OBJ
#
# unixd's random generator's tests, run from the top of the tree by
# `make unixrand-test`.  Prints one `TEST unixrand/<name> PASS|FAIL <reason>`
# line per test and `DONE unixrand` at the end:
#   unixrand/unit/*        ChaCha20 against RFC 8439's vectors, the DRBG
#                          against its construction (tests/host/unixrand/unit.c)
#   unixrand/freestanding  servers/unix/drbg.c built with the user flags needs
#                          nothing but memcpy and memset
set -u

unit=$1 fobj=$2

pass() { echo "TEST unixrand/$1 PASS"; }
fail() { echo "TEST unixrand/$1 FAIL $2"; }

out=$("$unit" 2>&1)
printf '%s\n' "$out" | grep '^TEST '
printf '%s\n' "$out" | grep -q '^DONE unit$' ||
	fail unit/complete "tests/host/unixrand/unit stopped early: $(printf '%s\n' "$out" | grep -v '^TEST ' | head -3 | tr '\n' ' ')"

allowed='^(memcpy|memset)$'
undef=$(nm -u "$fobj" 2>&1 | awk '{ print $NF }' | grep -Ev "$allowed" | tr '\n' ' ')
if [ ! -s "$fobj" ]; then
	fail freestanding "no $fobj"
elif [ -n "$undef" ]; then
	fail freestanding "undefined: $undef"
else
	pass freestanding
fi

echo "DONE unixrand"
