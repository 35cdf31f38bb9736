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
# Then the root on a disk: a disk made from rootfs-unixdisk.cpio, booted
# twice with persist.comp (unixd root=vda1, linux/persist.sh as process 1):
#   unixdisk/root_is_ext2      unixd mounted ext2 from /dev/vda1 as the root
#   unixdisk/boot1_written     the first boot wrote and powered off
#   unixdisk/boot2_sees_boot1  the second found what the first wrote
#   unixdisk/persist_on_image  the host's debugfs reads both boots' lines
#   unixdisk/persist_e2fsck    e2fsck -fn of the root is clean after both
# (skipped with a NOTE line while unixd is built without ext2).
# TEST lines and DONE unixdisk on stdout.
set -u
B=${1:?usage: run.sh BUILD_DIR}
out=$B/unixdisk
img=$out/disk.img log=$B/logs/unixdisk.serial
mkdir -p "$out" "$B/logs"

# partition N of IMG into OUT (GPT entry N: first and last LBA)
part() {
	python3 - "$1" "$2" "$3" <<'PY'
import struct, sys
img, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(img, "rb") as f:
    f.seek(2 * 512 + 128 * (n - 1) + 32)
    first, last = struct.unpack("<QQ", f.read(16))
    f.seek(first * 512)
    data = f.read((last + 1 - first) * 512)
with open(out, "wb") as o:
    o.write(data)
PY
}

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

part "$img" 1 "$out/p1.img"
e2=$(e2fsck -fn "$out/p1.img" 2>&1); ok=$((! $?))
result e2fsck_clean "$ok" "$(tail -1 <<< "$e2")"

echo "unixdisk: $faults faults, writer acked ${acked:-?} records, ${errors:-?} failed in flight, unixd noticed $rec deaths"

# ---- the root on a disk, booted twice
pimg=$out/persist.img
python3 tools/mkdisk --out "$pimg" --cpio "$B/bin/rootfs-unixdisk.cpio" --size 64 || exit 1
for boot in 1 2; do
	python3 tools/qemu-run --kernel "$B/kernel/darbat.bin" --module "$B/bin/composer.elf" \
		--module tests/qemu/unixdisk/persist.comp --module "$B/bin/iokitd.elf" \
		--module "$B/bin/unixd.elf" --module "$B/bin/rootfs-unixdisk.cpio" --disk "$pimg" \
		--timeout 300 --log "$B/logs/unixdisk-persist$boot.serial" >/dev/null 2>&1
	tr -d '\r' < "$B/logs/unixdisk-persist$boot.serial" > "$out/persist$boot.txt"
done
p1=$out/persist1.txt p2=$out/persist2.txt
if grep -q 'this unixd has no ext2' "$p1"; then
	echo "NOTE unixdisk/root_is_ext2 skipped: this unixd was built without ext2 (servers/unix/fs/ext2.h)"
	echo "DONE unixdisk"
	exit 0
fi
grep -q '^unixd: the root is ext2 on /dev/vda1' "$p1"; ok=$((! $?))
result root_is_ext2 "$ok" "$(grep -m1 'root=vda1\|unixd: ext2' "$p1")"
grep -q '^persist: boot 1 written' "$p1" && grep -q '^unixd: power off' "$p1"; ok=$((! $?))
result boot1_written "$ok" "no 'persist: boot 1 written' and power-off in $p1"
grep -q '^persist: busybox copy same' "$p2" && grep -q '^persist: log has 1 lines' "$p2" &&
	grep -q '^persist: boot 2 written' "$p2"; ok=$((! $?))
result boot2_sees_boot1 "$ok" "$(grep '^persist:' "$p2" | tr '\n' '|')"
part "$pimg" 1 "$out/persist-p1.img"
log=$(debugfs -R "cat /var/persist/log" "$out/persist-p1.img" 2>/dev/null | tr '\n' '|')
ok=0; [ "$log" = "boot 1|boot 2|" ] && ok=1
result persist_on_image "$ok" "debugfs cat /var/persist/log: '$log'"
e2=$(e2fsck -fn "$out/persist-p1.img" 2>&1); ok=$((! $?))
result persist_e2fsck "$ok" "$(grep -v '^Pass\|^e2fsck' <<< "$e2" | head -3 | tr '\n' '|')"
echo "DONE unixdisk"
