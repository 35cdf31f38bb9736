#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tools/mkiso.sh [--append "cmdline"] OUT.iso KERNEL.bin MODULE...
# Builds a BIOS (i386-pc) GRUB rescue ISO that boots KERNEL.bin via multiboot
# with each MODULE loaded from /boot/<basename>, command line "<basename>".
# A MODULE may be given as "path args..."; the args follow the name on the
# module's command line.  Console: COM1 at 115200 and the screen.
# Needs grub-mkrescue, xorriso, mtools (bash mk/deps.sh iso).
set -euo pipefail

usage() { echo "usage: $0 [--append \"cmdline\"] OUT.iso KERNEL.bin MODULE..." >&2; exit 2; }

append=""
if [ "${1:-}" = "--append" ]; then
    [ $# -ge 2 ] || usage
    append=$2; shift 2
fi
[ $# -ge 2 ] || usage
out=$1 kernel=$2; shift 2

griblib=/usr/lib/grub/i386-pc
for t in grub-mkrescue xorriso mformat; do
    command -v "$t" >/dev/null 2>&1 || { echo "$0: $t missing; run: bash mk/deps.sh iso" >&2; exit 1; }
done
[ -d "$griblib" ] || { echo "$0: $griblib missing; run: bash mk/deps.sh iso" >&2; exit 1; }
[ -f "$kernel" ] || { echo "$0: no such kernel: $kernel" >&2; exit 1; }

stage=$(mktemp -d "${TMPDIR:-/tmp}/darbat-iso.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/boot/grub"
cp "$kernel" "$stage/boot/darbat.bin"

cfg=$stage/boot/grub/grub.cfg
{
    echo 'set timeout=0'
    echo 'set default=0'
    echo 'serial --unit=0 --speed=115200'
    echo 'terminal_input serial console'
    echo 'terminal_output serial console'
    echo 'menuentry "Darbat" {'
    echo "    multiboot /boot/darbat.bin${append:+ $append}"
} >"$cfg"
for m in "$@"; do
    path=${m%% *} args=""
    [ "$path" != "$m" ] && args=" ${m#* }"
    [ -f "$path" ] || { echo "$0: no such module: $path" >&2; exit 1; }
    name=$(basename "$path")
    cp "$path" "$stage/boot/$name"
    echo "    module /boot/$name $name$args" >>"$cfg"
done
{
    echo '    boot'
    echo '}'
} >>"$cfg"

mkdir -p "$(dirname "$out")"
if ! log=$(grub-mkrescue -d "$griblib" -o "$out" "$stage" 2>&1); then
    echo "$log" >&2
    echo "$0: grub-mkrescue failed" >&2
    exit 1
fi
