#!/bin/sh
# tests/host/idl/run.sh - host tests of the interface compiler.
#
#   CC=cc CFLAGS="<target flags>" tests/host/idl/run.sh IDLC OUTDIR
#
# good/<name>.idl: idlc must succeed, its output must equal
#   good/<name>.expected.h and .expected.c byte for byte, and the generated C
#   must compile with $CC $CFLAGS (the flags of user programs);
# bad/<name>.idl: idlc must exit with status 1, print exactly bad/<name>.err
#   on stderr and write no output file.
# Prints "TEST idl/<kind>-<name> PASS" or "... FAIL <reason>", then "DONE idl".
set -u
IDLC=$1
OUT=$2
DIR=$(dirname "$0")
rm -rf "$OUT"
mkdir -p "$OUT"

for idl in "$DIR"/good/*.idl; do
	name=$(basename "$idl" .idl)
	o="$OUT/good-$name"
	mkdir -p "$o"
	if ! "$IDLC" -h "$o/$name.h" -c "$o/$name.c" "$idl" 2> "$o/stderr"; then
		echo "TEST idl/good-$name FAIL idlc failed: $(head -n 1 "$o/stderr")"
	elif ! cmp -s "$o/$name.h" "$DIR/good/$name.expected.h"; then
		echo "TEST idl/good-$name FAIL header differs from good/$name.expected.h"
	elif ! cmp -s "$o/$name.c" "$DIR/good/$name.expected.c"; then
		echo "TEST idl/good-$name FAIL source differs from good/$name.expected.c"
	elif [ -s "$o/stderr" ]; then
		echo "TEST idl/good-$name FAIL idlc printed: $(head -n 1 "$o/stderr")"
	else
		echo "TEST idl/good-$name PASS"
	fi
	# shellcheck disable=SC2086
	if ${CC:-cc} ${CFLAGS:-} -I"$o" -c "$o/$name.c" -o "$o/$name.o" 2> "$o/cc.err"; then
		echo "TEST idl/compile-$name PASS"
	else
		echo "TEST idl/compile-$name FAIL $(head -n 1 "$o/cc.err")"
	fi
done

for idl in "$DIR"/bad/*.idl; do
	name=$(basename "$idl" .idl)
	o="$OUT/bad-$name"
	mkdir -p "$o"
	"$IDLC" -h "$o/out.h" -c "$o/out.c" "$idl" 2> "$o/stderr" > /dev/null
	rc=$?
	if [ ! -f "$DIR/bad/$name.err" ]; then
		echo "TEST idl/bad-$name FAIL no bad/$name.err"
	elif [ $rc -ne 1 ]; then
		echo "TEST idl/bad-$name FAIL exit status $rc, expected 1"
	elif ! cmp -s "$o/stderr" "$DIR/bad/$name.err"; then
		echo "TEST idl/bad-$name FAIL got '$(head -n 1 "$o/stderr")'"
	elif [ -e "$o/out.h" ] || [ -e "$o/out.c" ]; then
		echo "TEST idl/bad-$name FAIL output written despite the error"
	else
		echo "TEST idl/bad-$name PASS"
	fi
done
echo "DONE idl"
