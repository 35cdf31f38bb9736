#!/bin/sh
# tests/kmod/run.sh - the module loader's tests (mk/kmod.mk, `make kmod-test`).
#
#   CC=cc USER_CFLAGS="<user program flags>" KMOD_CFLAGS="<sdk/flags.mk>" \
#   HOST_CFLAGS="<sanitizer flags>" tests/kmod/run.sh OUTDIR
#
# 1. builds tests/kmod/modules/*.c with the SDK flags (small.c with
#    -mcmodel=small), the host test program and tools, and runs test_kmod;
# 2. compiles the loader with the freestanding user flags and checks it
#    calls nothing but the lib/ string and format routines;
# 3. checks the loader's manifest.h is the SDK's (one definition);
# 4. copies sdk/example to a temporary directory outside the tree, builds it
#    there with `make -f <repo>/sdk/module.mk` and loads it with kmodload.
# Prints TEST lines, then "DONE kmod".
set -u
OUT=$1
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CC=${CC:-cc}
rm -rf "$OUT"
mkdir -p "$OUT/modules"
cd "$ROOT" || exit 1
LOADER="user/iokit/kmod/kmod.c user/iokit/kmod/kmod_elf.c lib/fmt.c"

ok=1
for src in tests/kmod/modules/*.c; do
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

# shellcheck disable=SC2086
if [ $ok = 1 ] && $CC $HOST_CFLAGS -DKMOD_MODULE_DIR="\"$OUT/modules\"" -Itests/kmod \
	-Iuser/iokit/kmod -o "$OUT/test_kmod" tests/kmod/test_kmod.c tests/kmod/host_abi.c \
	tests/host/harness.c $LOADER 2> "$OUT/test_kmod.err"; then
	"$OUT/test_kmod" > "$OUT/test_kmod.out" 2>&1
	cat "$OUT/test_kmod.out"
	want=$(grep -c '^HTEST(' tests/kmod/test_kmod.c)
	got=$(grep -c '^TEST ' "$OUT/test_kmod.out")
	[ "$got" = "$want" ] ||
		echo "TEST kmod/test_kmod FAIL crashed after $got of $want tests"
else
	echo "TEST kmod/build-test_kmod FAIL $(head -n 1 "$OUT/test_kmod.err" 2>/dev/null)"
fi

# freestanding: the loader with the flags of user programs, and its undefined symbols
fs_ok=1
for f in kmod kmod_elf; do
	# shellcheck disable=SC2086
	$CC $USER_CFLAGS -c user/iokit/kmod/$f.c -o "$OUT/$f.user.o" 2> "$OUT/$f.user.err" || fs_ok=0
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

if grep -q '^#include "../../../sdk/include/iokit/manifest.h"$' user/iokit/kmod/manifest.h; then
	echo "TEST kmod/sdk-manifest-single PASS"
else
	echo "TEST kmod/sdk-manifest-single FAIL the loader does not use the SDK's manifest.h"
fi

# the SDK, out of tree
# shellcheck disable=SC2086
$CC $HOST_CFLAGS -Itests/kmod -Iuser/iokit/kmod -o "$OUT/kmodload" tests/kmod/kmodload.c \
	tests/kmod/host_abi.c $LOADER 2> "$OUT/kmodload.err" ||
	echo "TEST kmod/build-kmodload FAIL $(head -n 1 "$OUT/kmodload.err")"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/darbat-sdk.XXXXXX")
cp sdk/example/exampledrv.c "$TMP/"
cat > "$OUT/sdk.expected" <<EOT
loaded exampledrv 1.0.0 abi 1.0 personalities 1
log: exampledrv: started
start 0
personality ExampleDriver on IOPlatformDevice init 1
log: exampledrv: stopped
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
