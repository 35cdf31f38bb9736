#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/unixdisk/run.sh B - the driver-kill test (unixdisk.mk): makes a
# disk (tools/mkdisk: vda1 ext2, vda2 56 MiB raw), boots unixdisk.comp on it
# until the writer is done, then checks the serial log and the image:
#   unixdisk/faults_injected   the faulter killed the instance every time
#                              and saw it come back
#   unixdisk/writer_done       the writer finished (no hang in unixd)
#   unixdisk/in_flight_eio     requests in flight at a death failed (-EIO)
#                              and were written again
#   unixdisk/reconnected       unixd reconnected to the restarted instance
#   unixdisk/readback          what the writer had acknowledged reads back
#   unixdisk/acked_on_disk     every acknowledged record is in the image
#   unixdisk/unixd_alive       unixd never died
#   unixdisk/e2fsck_clean      e2fsck -fn on partition 1 is clean
# TEST lines and DONE unixdisk on stdout.
set -u
B=${1:?usage: run.sh BUILD_DIR}
out=$B/unixdisk
img=$out/disk.img log=$B/logs/unixdisk.serial
mkdir -p "$out" "$B/logs"

result() {  # name ok why
	if [ "$2" = 1 ]; then echo "TEST unixdisk/$1 PASS"; else echo "TEST unixdisk/$1 FAIL $3"; fi
}

python3 tools/mkdisk --out "$img" --tree tests/unix/root --size 64 --part2 56 || exit 1
python3 tools/qemu-run --kernel "$B/kernel/darbat.bin" --module "$B/bin/composer.elf" \
	--module tests/qemu/unixdisk/unixdisk.comp --module "$B/bin/iokitd.elf" \
	--module "$B/bin/diskfaulter.elf" --module "$B/bin/unixd.elf" \
	--module "$B/bin/rootfs-unixdisk.cpio" --disk "$img" \
	--timeout 900 --log "$log" --stop-on "writer: done" >/dev/null 2>&1
tr -d '\r' < "$log" > "$out/serial.txt"
s=$out/serial.txt

faults=$(grep -c '^faulter: fault [0-9]* generation [1-9]' "$s")
grep -q '^faulter: done 20 faults' "$s"; ok=$((! $?))
result faults_injected "$ok" "$faults of 20 faults seen through ($(grep -m1 'faulter: gave up' "$s"))"

grep -q '^writer: done' "$s"; result writer_done $((! $?)) "no 'writer: done' in $log"

line=$(grep -m1 '^writer: acked' "$s")
acked=$(sed -n 's/^writer: acked \([0-9]*\) errors.*/\1/p' <<< "$line")
errors=$(sed -n 's/^writer: acked [0-9]* errors \([0-9]*\).*/\1/p' <<< "$line")
ok=0; [ -n "$errors" ] && [ "$errors" -ge 1 ] && ok=1
result in_flight_eio "$ok" "writer: '$line'"

rec=$(grep -c '^unixd: disk: .*no answer' "$s")
ok=0; [ "$rec" -ge 1 ] && ok=1
result reconnected "$ok" "no 'unixd: disk: ... no answer' line"

rb=$(grep -m1 '^writer: readback' "$s")
ok=0; [ -n "$acked" ] && [ "$rb" = "writer: readback $acked bad 0" ] && [ "$acked" -gt 0 ] && ok=1
result readback "$ok" "'$rb' (acked $acked)"

check=$(python3 - "$img" "${acked:-0}" <<'PY'
import struct, sys
img, acked = sys.argv[1], int(sys.argv[2])
with open(img, "rb") as f:
    f.seek(2 * 512 + 128)                       # GPT entry 2
    first = struct.unpack("<Q", f.read(48)[32:40])[0]
    f.seek(first * 512)
    data = f.read(acked * 512)
bad = []
for i in range(acked):
    r = data[i * 512:(i + 1) * 512]
    pay = bytes((i * 31 + j * 7) & 0xff for j in range(16, 512))
    want = b"DKREC001" + struct.pack("<II", i, sum(pay) & 0xffffffff) + pay
    if r != want:
        bad.append(i)
print(f"{len(bad)} bad of {acked}" + (f": first {bad[:5]}" if bad else ""))
PY
)
ok=0; [ "${acked:-0}" -gt 0 ] && [ "${check%% *}" = 0 ] && ok=1
result acked_on_disk "$ok" "$check"

grep -q 'composer: unixd: died\|composer: unixd: .*fault' "$s"; ok=$?
result unixd_alive "$ok" "$(grep -m1 'composer: unixd: ' "$s" | grep 'died\|fault')"

dd if="$img" of="$out/p1.img" bs=1M skip=1 count=7 status=none
e2=$(e2fsck -fn "$out/p1.img" 2>&1); ok=$((! $?))
result e2fsck_clean "$ok" "$(tail -1 <<< "$e2")"

echo "unixdisk: $faults faults, writer acked ${acked:-?} records, ${errors:-?} failed in flight, unixd noticed $rec deaths"
echo "DONE unixdisk"
