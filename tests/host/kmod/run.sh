#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tests/host/kmod/run.sh - the module loader's tests (mk/kmod.mk, `make kmod-test`).
#
#   CC=cc USER_CFLAGS="<user program flags>" KMOD_CFLAGS="<sdk/flags.mk>" \
#   HOST_CFLAGS="<sanitizer flags>" tests/host/kmod/run.sh OUTDIR
#
# 1. builds tests/host/kmod/modules/*.c with the SDK flags (small.c with
#    -mcmodel=small), the host test programs and tools, and runs test_kmod
#    (the loader) and test_moddrv (module drivers: server/moddrv.c over the
#    core and the glue's service.c); checks that a module built against an
#    older minor sees only that version's functions;
# 2. compiles the loader with the freestanding user flags and checks it
#    calls nothing but the lib/ string and format routines;
# 3. checks the loader's manifest.h is the SDK's (one definition);
# 4. copies sdk/example to a temporary directory outside the tree, builds it
#    there with `make -f <repo>/sdk/module.mk` and drives it with kmodload
#    (loaded, registered, started on a platform nub "example", stopped,
#    unloaded: the output must be exactly sdk.expected).
# Prints TEST lines, then "DONE kmod".
set -u
OUT=$1
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
CC=${CC:-cc}
rm -rf "$OUT"
mkdir -p "$OUT/modules"
cd "$ROOT" || exit 1
LOADER="servers/iokit/kmod/kmod.c servers/iokit/kmod/kmod_elf.c lib/fmt.c"
# what host_abi.c's table points into: the glue's device access and
# module-driver functions, over the framework core
HOSTGLUE="servers/iokit/glue/io.c servers/iokit/glue/service.c $(echo servers/iokit/core/*.c)"
MODDRV="servers/iokit/server/moddrv.c lib/num.c"

# every function name the SDK header declares (the same extraction as
# mk/glue.mk), for the host table's test
mkdir -p "$OUT/gen"
sed -n -E -e '/^typedef/d' -e '/^#/d' \
	-e 's/^[a-z_][a-z0-9_ *]*[ *]([a-z_][a-z0-9_]*)\(.*/GLUE_NAME(\1)/p' \
	sdk/include/iokit/glue.h > "$OUT/gen/glue_names.h"

ok=1
for src in tests/host/kmod/modules/*.c; do
	m=$(basename "$src" .c)
	extra=
	[ "$m" = small ] && extra=-mcmodel=small
	# shellcheck disable=SC2086
	if ! $CC $KMOD_CFLAGS -Werror $extra -Isdk/include -c "$src" -o "$OUT/modules/$m.o" \
		2> "$OUT/modules/$m.err"; then
		echo "TEST kmod/build-$m FAIL $(head -n 1 "$OUT/modules/$m.err")"
		ok=0
	fi
done

# host test programs: each prints its TEST lines; a crash is one FAIL
for t in test_kmod test_moddrv; do
	extra=
	[ "$t" = test_moddrv ] && extra=$MODDRV
	# shellcheck disable=SC2086
	if [ $ok = 1 ] && $CC $HOST_CFLAGS -DKMOD_MODULE_DIR="\"$OUT/modules\"" -Itests/host/kmod \
		-Iservers/iokit/kmod -Iservers -Isdk/include -Iruntime/include -I"$OUT/gen" -o "$OUT/$t" tests/host/kmod/$t.c tests/host/kmod/host_abi.c \
		tests/host/harness.c $LOADER $HOSTGLUE $extra 2> "$OUT/$t.err"; then
		"$OUT/$t" > "$OUT/$t.out" 2>&1
		cat "$OUT/$t.out"
		want=$(grep -c '^HTEST(' tests/host/kmod/$t.c)
		got=$(grep -c '^TEST ' "$OUT/$t.out")
		[ "$got" = "$want" ] ||
			echo "TEST kmod/$t FAIL crashed after $got of $want tests"
	else
		echo "TEST kmod/build-$t FAIL $(head -n 1 "$OUT/$t.err" 2>/dev/null)"
	fi
done

# a module built against 1.1 does not see the 1.2 functions, and one
# cannot ask for a minor the SDK does not have
printf '#define IOKIT_BUILD_ABI_MINOR 1\n#include <iokit/glue.h>\nIOKIT_MODULE(.name = "o");\nvoid f(void) { iokit_logf("x"); }\n' > "$OUT/old11.c"
printf '#define IOKIT_BUILD_ABI_MINOR 9\n#include <iokit/glue.h>\n' > "$OUT/new19.c"
# shellcheck disable=SC2086
if $CC $KMOD_CFLAGS -Werror -Isdk/include -c "$OUT/old11.c" -o "$OUT/old11.o" 2> "$OUT/old11.err"; then
	echo "TEST kmod/sdk-old-minor-hides-new FAIL a 1.1 build calls iokit_logf"
elif ! grep -q "iokit_logf" "$OUT/old11.err"; then
	echo "TEST kmod/sdk-old-minor-hides-new FAIL $(head -n 1 "$OUT/old11.err")"
# shellcheck disable=SC2086
elif $CC $KMOD_CFLAGS -Werror -Isdk/include -c "$OUT/new19.c" -o "$OUT/new19.o" 2> "$OUT/new19.err" ||
	! grep -q "IOKIT_BUILD_ABI_MINOR is newer than this SDK" "$OUT/new19.err"; then
	echo "TEST kmod/sdk-old-minor-hides-new FAIL minor 9 not refused: $(head -n 1 "$OUT/new19.err")"
else
	echo "TEST kmod/sdk-old-minor-hides-new PASS"
fi

# freestanding: the loader with the flags of user programs, and its undefined symbols
fs_ok=1
for f in kmod kmod_elf; do
	# shellcheck disable=SC2086
	$CC $USER_CFLAGS -Iservers -Isdk/include -c servers/iokit/kmod/$f.c -o "$OUT/$f.user.o" 2> "$OUT/$f.user.err" || fs_ok=0
done
if [ $fs_ok = 0 ]; then
	echo "TEST kmod/freestanding FAIL $(cat "$OUT"/*.user.err | head -n 1)"
else
	extra=$(nm -u "$OUT/kmod.user.o" "$OUT/kmod_elf.user.o" | awk 'NF == 2 { print $2 }' |
		grep -v -x -E 'memset|memcpy|memmove|memcmp|strlen|strcmp|strncmp|snfmt|vsnfmt|kmod_.*' |
		sort -u | tr '\n' ' ')
	if [ -n "$extra" ]; then
		echo "TEST kmod/freestanding FAIL calls $extra"
	else
		echo "TEST kmod/freestanding PASS"
	fi
fi

if grep -q '^#include "iokit/manifest.h"$' servers/iokit/kmod/manifest.h; then
	echo "TEST kmod/sdk-manifest-single PASS"
else
	echo "TEST kmod/sdk-manifest-single FAIL the loader does not use the SDK's manifest.h"
fi

# the SDK, out of tree
# shellcheck disable=SC2086
$CC $HOST_CFLAGS -Itests/host/kmod -Iservers/iokit/kmod -Iservers -Isdk/include -Iruntime/include -o "$OUT/kmodload" tests/host/kmod/kmodload.c \
	tests/host/kmod/host_abi.c $LOADER $HOSTGLUE $MODDRV 2> "$OUT/kmodload.err" ||
	echo "TEST kmod/build-kmodload FAIL $(head -n 1 "$OUT/kmodload.err")"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/darbat-sdk.XXXXXX")
cp sdk/example/exampledrv.c "$TMP/"
cat > "$OUT/sdk.expected" <<EOT
loaded exampledrv 1.1.0 abi 1.2 personalities 1
log: exampledrv: loaded
start 0
log: /platform/example@e0/ExampleDriver: driving example@e0: 4 ports at 0xe0
registered 0 personalities 1
driver ExampleDriver on example@e0 state 2 example-ports=4 example-state=running
log: /platform/example@e0/ExampleDriver: stopped
unregistered 0 use_count 0 personalities 0
log: exampledrv: unloading after 1 start(s)
unloaded
EOT
case "$TMP" in
"$ROOT"/*) echo "TEST kmod/sdk-out-of-tree FAIL $TMP is inside the tree" ;;
*)
	if ! (cd "$TMP" && make -s -f "$ROOT/sdk/module.mk" MODULE=exampledrv CC="$CC") \
		> "$OUT/sdk.build" 2>&1; then
		echo "TEST kmod/sdk-out-of-tree FAIL build: $(grep -m1 -i error "$OUT/sdk.build")"
	elif ! "$OUT/kmodload" "$TMP/exampledrv.kmod" > "$OUT/sdk.out" 2>&1; then
		echo "TEST kmod/sdk-out-of-tree FAIL load: $(head -n 1 "$OUT/sdk.out")"
	elif ! cmp -s "$OUT/sdk.out" "$OUT/sdk.expected"; then
		echo "TEST kmod/sdk-out-of-tree FAIL output differs: $(diff "$OUT/sdk.expected" "$OUT/sdk.out" | sed -n 2p)"
	else
		echo "TEST kmod/sdk-out-of-tree PASS"
	fi
	;;
esac
rm -rf "$TMP"
echo "DONE kmod"
