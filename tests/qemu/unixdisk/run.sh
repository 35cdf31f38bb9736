#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/unixdisk/run.sh B - the driver-kill test and the root on a disk
# (unixdisk.mk); TEST lines and DONE unixdisk on stdout.
#
# 1. raw: a disk (tools/mkdisk: vda1 ext2, vda2 56 MiB raw), unixdisk.comp
#    booted until the writer is done (diskwriter appending to /dev/vda2,
#    the faulter killing the instance 20 times):
#   unixdisk/faults_injected   the faulter killed the instance at least 15
#                              times before the writer was done, and saw it
#                              come back each time
#   unixdisk/writer_done       the writer finished (no hang in unixd)
#   unixdisk/in_flight_eio     requests in flight at a death failed (-EIO)
#                              and were written again
#   unixdisk/reconnected       unixd saw the deaths and carried on
#   unixdisk/readback          what the writer acknowledged reads back
#   unixdisk/acked_on_disk     every acknowledged record is in the image
#   unixdisk/unixd_alive       unixd never died
#   unixdisk/e2fsck_clean      e2fsck -fn on partition 1 is clean
# 2. the root on a disk: a disk made from rootfs-unixdisk.cpio, booted twice
#    with persist.comp (unixd root=vda1, linux/persist.sh as process 1):
#   unixdisk/root_is_ext2      unixd mounted ext2 from /dev/vda1 as the root
#   unixdisk/boot1_written     the first boot wrote and powered off
#   unixdisk/boot2_sees_boot1  the second found what the first wrote
#   unixdisk/persist_on_image  the host's debugfs reads both boots' lines
#   unixdisk/persist_e2fsck    e2fsck -fn of the root is clean after both
#   unixdisk/bad_root_refused  root=vda2 (no ext2 there) is refused with a log
#                              line and the archive's root comes up instead
# 3. ext2: the same kill test with the writer appending to /root/records on
#    the ext2 root (unixdisk-ext2.comp), then sync and power-off:
#   unixdisk/ext2_* as in 1, acked_in_file read with the host's debugfs,
#   and ext2_e2fsck_clean after it all
# 2 and 3 are skipped (a NOTE line) while unixd is built without ext2.
set -u
B=${1:?usage: run.sh BUILD_DIR}
out=$B/unixdisk
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

# "N bad of A": records 0..A-1 of diskwriter at the start of FILE
records() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
path, acked = sys.argv[1], int(sys.argv[2])
with open(path, "rb") as f:
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
}

result() {  # name ok why
	if [ "$2" = 1 ]; then echo "TEST unixdisk/$1 PASS"; else echo "TEST unixdisk/$1 FAIL $3"; fi
}

# boot COMP on IMG until STOP (or power-off); the serial log, without CRs, in $out/NAME.txt
boot() {  # name comp img stop
	local stop=()
	[ -n "$4" ] && stop=(--stop-on "$4")
	python3 tools/qemu-run --kernel "$B/kernel/darbat.bin" --module "$B/bin/composer.elf" \
		--module "$2" --module "$B/bin/iokitd.elf" \
		--module "$B/bin/diskfaulter.elf" --module "$B/bin/unixd.elf" \
		--module "$B/bin/rootfs-unixdisk.cpio" --disk "$3" \
		--timeout 600 --log "$B/logs/unixdisk-$1.serial" "${stop[@]}" >/dev/null 2>&1
	tr -d '\r' < "$B/logs/unixdisk-$1.serial" > "$out/$1.txt"
}

# The checks of a kill run's log S, names prefixed P; sets acked.
kill_checks() {  # prefix log
	local p=$1 s=$2
	# the writer's work is fixed and the faults come 20-400 ms apart: on a
	# slow or loaded host the writer may finish before the last ones, so
	# 15 of the 20 deaths, each seen through, are enough
	faults=$(grep -c '^faulter: fault [0-9]* generation [1-9]' "$s")
	ok=0; [ "$faults" -ge 15 ] && ! grep -q 'faulter: gave up' "$s" && ok=1
	result "${p}faults_injected" "$ok" "$faults of 20 faults seen through ($(grep -m1 'faulter: gave up' "$s"))"
	grep -q '^writer: done' "$s"; result "${p}writer_done" $((! $?)) "no 'writer: done' in $s"
	local line; line=$(grep -m1 '^writer: acked' "$s")
	acked=$(sed -n 's/^writer: acked \([0-9]*\) errors.*/\1/p' <<< "$line")
	errors=$(sed -n 's/^writer: acked [0-9]* errors \([0-9]*\).*/\1/p' <<< "$line")
	ok=0; [ -n "$errors" ] && [ "$errors" -ge 1 ] && ok=1
	result "${p}in_flight_eio" "$ok" "writer: '$line'"
	deaths=$(grep -c '^unixd: disk: .*no answer' "$s")
	ok=0; [ "$deaths" -ge 1 ] && ok=1
	result "${p}reconnected" "$ok" "no 'unixd: disk: ... no answer' line"
	local rb; rb=$(grep -m1 '^writer: readback' "$s")
	ok=0; [ -n "$acked" ] && [ "$rb" = "writer: readback $acked bad 0" ] && [ "$acked" -gt 0 ] && ok=1
	result "${p}readback" "$ok" "'$rb' (acked $acked)"
	grep -q 'composer: unixd: died\|composer: unixd: .*fault' "$s"; ok=$?
	result "${p}unixd_alive" "$ok" "$(grep -m1 'composer: unixd: ' "$s" | grep 'died\|fault')"
	echo "unixdisk: ${p:-raw }$faults faults, writer acked ${acked:-?} records, ${errors:-?} failed in flight, unixd saw $deaths deaths"
}

# ---- 1. raw
img=$out/disk.img
python3 tools/mkdisk --out "$img" --tree tests/unix/root --size 64 --part2 56 || exit 1
T=tests/qemu/unixdisk
boot raw $T/unixdisk.comp "$img" "writer: done"
kill_checks "" "$out/raw.txt"
part "$img" 2 "$out/p2.img"
check=$(records "$out/p2.img" "${acked:-0}")
ok=0; [ "${acked:-0}" -gt 0 ] && [ "${check%% *}" = 0 ] && ok=1
result acked_on_disk "$ok" "$check"
part "$img" 1 "$out/p1.img"
e2=$(e2fsck -fn "$out/p1.img" 2>&1); ok=$((! $?))
result e2fsck_clean "$ok" "$(tail -1 <<< "$e2")"

# ---- 2. the root on a disk, booted twice
pimg=$out/persist.img
python3 tools/mkdisk --out "$pimg" --cpio "$B/bin/rootfs-unixdisk.cpio" --size 64 || exit 1
boot persist1 $T/persist.comp "$pimg" ""
p1=$out/persist1.txt p2=$out/persist2.txt
if grep -q 'this unixd has no ext2' "$p1"; then
	echo "NOTE unixdisk/root_is_ext2 skipped: this unixd was built without ext2 (servers/unix/fs/ext2.h)"
	echo "DONE unixdisk"
	exit 0
fi
boot persist2 $T/persist.comp "$pimg" ""
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

# a root that is no ext2 (the raw partition of part 1's disk): refused with
# a log line, and the system comes up on the archive's root all the same
sed 's/root=vda1/root=vda2/' $T/persist.comp > "$out/badroot.comp"
boot badroot "$out/badroot.comp" "$img" ""
b=$out/badroot.txt
grep -q '^unixd: root=vda2: not mounted' "$b" && grep -q '^persist: boot 1 written' "$b"; ok=$((! $?))
result bad_root_refused "$ok" "$(grep -m1 'root=vda2\|unixd: ext2' "$b") / $(grep -m1 '^persist: boot' "$b")"

# ---- 3. the kill test on the ext2 root
eimg=$out/ext2.img
python3 tools/mkdisk --out "$eimg" --cpio "$B/bin/rootfs-unixdisk.cpio" --size 64 || exit 1
boot ext2 $T/unixdisk-ext2.comp "$eimg" ""
kill_checks ext2_ "$out/ext2.txt"
part "$eimg" 1 "$out/ext2-p1.img"
rm -f "$out/records"
debugfs -R "dump /root/records $out/records" "$out/ext2-p1.img" >/dev/null 2>&1
check=$( [ -f "$out/records" ] && records "$out/records" "${acked:-0}" || echo "no /root/records in the image")
ok=0; [ "${acked:-0}" -gt 0 ] && [ "${check%% *}" = 0 ] && ok=1
result ext2_acked_in_file "$ok" "$check"
e2=$(e2fsck -fn "$out/ext2-p1.img" 2>&1); ok=$((! $?))
result ext2_e2fsck_clean "$ok" "$(grep -v '^Pass\|^e2fsck' <<< "$e2" | head -3 | tr '\n' '|')"
echo "DONE unixdisk"
