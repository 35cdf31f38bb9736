#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/host/part/run.sh UNIT FREESTANDING_OBJ WORKDIR
#
# The partition-parser tests, run from the top of the tree by `make part-test`.
# Prints one `TEST part/<name> PASS|FAIL <reason>` line per test and
# `DONE part` at the end:
#   part/unit/*         crafted and hostile tables (tests/host/part/unit.c)
#   part/img/*          images made here with sfdisk and sgdisk: what the
#                       parser finds equals what the tools report
#   part/freestanding   the parser built with the user flags needs only
#                       memcmp/memcpy/memset from lib/
# Image files live in WORKDIR and are removed at the end.
set -u

unit=$1 fobj=$2 work=$3
mkdir -p "$work"
trap 'rm -f "$work"/*.img' EXIT

pass() { echo "TEST part/$1 PASS"; }
fail() { echo "TEST part/$1 FAIL $2"; }

# compare expected ($2) and got ($3) for test $1
same() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		local d
		d=$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | grep -m2 '^[<>]' | tr '\n' ' ')
		fail "$1" "differs: $d"
	fi
}

# sfdisk --dump partition lines as "N : start=S, size=C, type=T...", without
# extended containers (the parser lists only what they contain) and attrs
sfdisk_parts() {
	sfdisk --dump "$1" | sed -n 's|^.*\.img\([0-9]*\) *: *|\1 : |p' | tr -s ' ' |
		sed 's/start= /start=/; s/size= /size=/; s/, attrs="[^"]*"//' |
		grep -Ev 'type=(5|f|85)(,|$)'
}

"$unit" > "$work/unit.out" 2>&1
cat "$work/unit.out"
grep -q '^DONE unit$' "$work/unit.out" ||
	fail unit/complete "tests/host/part/unit.c stopped early: $(grep -v '^TEST ' "$work/unit.out" | head -3 | tr '\n' ' ')"
rm -f "$work/unit.out"

if ! command -v sfdisk >/dev/null || ! command -v sgdisk >/dev/null; then
	fail img/tools "sfdisk or sgdisk missing (bash mk/deps.sh disktools)"
	echo "DONE part"
	exit 0
fi

# ---- MBR made by sfdisk: primaries, an extended partition, logicals ------------------
mbr=$work/mbr.img
rm -f "$mbr" && truncate -s 32M "$mbr"
sfdisk -q "$mbr" <<'S' >/dev/null 2>&1
label: dos
start=2048, size=4096, type=83, bootable
start=6144, size=2048, type=7
start=8192, size=40960, type=5
start=10240, size=2048, type=83
start=14336, size=4096, type=82
start=20480, size=8192, type=c
size=1024, type=83
S
same img/mbr_sfdisk "$(sfdisk_parts "$mbr")" "$("$unit" dump "$mbr" 2>&1)"
n=$("$unit" dump "$mbr" | grep -c 'type=')
[ "$n" = 6 ] && pass img/mbr_sfdisk_count || fail img/mbr_sfdisk_count "found $n partitions, want 6"

# the same disk cut short inside the extended partition: its container sticks
# out of the media and is skipped with all its logicals; so is primary 4,
# which sfdisk put after it
truncate -s 12M "$mbr"
same img/mbr_truncated "1 : start=2048, size=4096, type=83, bootable
2 : start=6144, size=2048, type=7
skip 3 outside
skip 4 outside" "$("$unit" dump "$mbr" 2>&1)"

# an extended partition of type 0x0F at the last slot, logicals only
rm -f "$mbr" && truncate -s 16M "$mbr"
sfdisk -q "$mbr" <<'S' >/dev/null 2>&1
label: dos
start=2048, size=30000, type=f
start=4096, size=1000, type=83
start=8192, size=1000, type=83
start=12288, size=1000, type=8e
S
same img/mbr_sfdisk_ext_lba "$(sfdisk_parts "$mbr")" "$("$unit" dump "$mbr" 2>&1)"

# an EBR loop written into a real image: sfdisk puts each EBR 2048 blocks
# before its logical; the third one (LBA 10240) gets a link to relative
# start 0, the first EBR
ebr3=10240
printf '\x00\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00\x10\x00\x00\x00' |
	dd of="$mbr" bs=1 seek=$(( ebr3 * 512 + 446 + 16 )) conv=notrunc status=none
same img/mbr_ext_loop "5 : start=4096, size=1000, type=83
6 : start=8192, size=1000, type=83
7 : start=12288, size=1000, type=8e
skip 8 ext-loop" "$("$unit" dump "$mbr" 2>&1)"

# ---- GPT made by sgdisk: named partitions, types, attributes --------------------------
gpt=$work/gpt.img
rm -f "$gpt" && truncate -s 32M "$gpt"
sgdisk -n 1:2048:+1M -c 1:root -t 1:8300 -n 2:0:+2M -c 2:"données é" -t 2:8200 \
	-n 3:0:+512K -c 3:EFI -t 3:ef00 -n 5:0:+3M -c 5:"home (slot 5)" -t 5:8302 \
	-A 2:set:2 -A 2:set:60 "$gpt" >/dev/null 2>&1
same img/gpt_sfdisk "$(sfdisk_parts "$gpt")" "$("$unit" dump "$gpt" 2>&1)"
same img/gpt_sgdisk_p "$(sgdisk -p "$gpt" | awk '/^ +[0-9]+ /{ n=$1" "$2" "$3; for (i = 7; i <= NF; i++) n=n" "$i; print n }')" \
	"$("$unit" sgdisk "$gpt" 2>&1)"
same img/gpt_sgdisk_attrs "$(sgdisk -i 2 "$gpt" | sed -n 's/^Attribute flags: //p')" \
	"$("$unit" attrs "$gpt" 2 2>&1)"
n=$("$unit" dump "$gpt" | grep -c 'type=')
[ "$n" = 4 ] && pass img/gpt_sgdisk_count || fail img/gpt_sgdisk_count "found $n partitions, want 4"

# primary header destroyed: the backup at the last LBA gives the same table
want=$("$unit" dump "$gpt" 2>&1)
cp "$gpt" "$work/gpt1.img"
dd if=/dev/zero of="$work/gpt1.img" bs=512 seek=1 count=1 conv=notrunc status=none
same img/gpt_primary_zeroed "$want" "$("$unit" dump "$work/gpt1.img" 2>&1)"

# primary entry array damaged (header intact): the backup again
cp "$gpt" "$work/gpt1.img"
printf 'X' | dd of="$work/gpt1.img" bs=1 seek=$(( 2 * 512 + 40 )) conv=notrunc status=none
same img/gpt_primary_array_bad "$want" "$("$unit" dump "$work/gpt1.img" 2>&1)"

# both headers damaged: refused with the primary's reason
last=$(( $(stat -c %s "$gpt") / 512 - 1 ))
printf 'X' | dd of="$work/gpt1.img" bs=1 seek=$(( 512 + 40 )) conv=notrunc status=none
printf 'X' | dd of="$work/gpt1.img" bs=1 seek=$(( last * 512 + 40 )) conv=notrunc status=none
got=$("$unit" dump "$work/gpt1.img" 2>&1); rc=$?
[ "$rc" = 1 ] && [ "$got" = "error GPT header CRC mismatch" ] && pass img/gpt_both_bad ||
	fail img/gpt_both_bad "exit $rc: $got"

# the image cut in half: the primary's usable range leaves the media
cp "$gpt" "$work/gpt1.img" && truncate -s 16M "$work/gpt1.img"
got=$("$unit" dump "$work/gpt1.img" 2>&1); rc=$?
[ "$rc" = 1 ] && [ "$got" = "error GPT usable range invalid" ] && pass img/gpt_truncated ||
	fail img/gpt_truncated "exit $rc: $got"

# sgdisk's 128 entries of 128 bytes changed to 256 entries (sgdisk -S)
rm -f "$gpt" && truncate -s 8M "$gpt"
sgdisk -S 256 -n 1:0:+1M -c 1:one -n 2:0:+1M -c 2:two "$gpt" >/dev/null 2>&1
same img/gpt_sgdisk_256_entries "$(sfdisk_parts "$gpt")" "$("$unit" dump "$gpt" 2>&1)"

# ---- freestanding build ---------------------------------------------------------------
undef=$(nm -u "$fobj" 2>&1 | awk '{ print $NF }' | grep -Ev '^(memcmp|memcpy|memset)$' | tr '\n' ' ')
if [ ! -s "$fobj" ]; then
	fail freestanding "no $fobj"
elif [ -n "$undef" ]; then
	fail freestanding "undefined: $undef"
else
	pass freestanding
fi

echo "DONE part"
