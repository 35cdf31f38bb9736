#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/qemu/blk/run.sh KERNEL BUILD_DIR
#
# virtio-blk, the storage stack and the block interface under QEMU, run
# from the top of the tree by `make blk-qemu-test`.  For each scenario:
# make a disk image on the host (sfdisk for MBR, sgdisk for GPT), write a
# signature into the first and last block of every partition where the
# tools say it is, boot the composer with iokitd and tests/qemu/blk on it
# (tests/qemu/blk/blk.comp.in), and check:
#   - the client's own TEST lines (partitions and sizes as the tools
#     report them, open forms, parallel writes and reads, errors);
#   - the driver matched the function (transitional 1001 for MBR, modern
#     1042 for GPT: disable-legacy=on) and the scheme driver that started;
#   - after QEMU stopped, the image byte for byte: the pattern where the
#     client wrote it, the original bytes everywhere else.
# and once each: the instance killed and restarted under a client
# (restart), and a device error injected by QEMU's blkdebug (ioerr).
# Also two instances with a disk each, a fault injected into one's driver
# in the middle of I/O while the other keeps serving (instances).
# BLK_ONLY=mbr|gpt|restart|ioerr|instances runs one scenario.
# Prints TEST blk/<scenario>/<name> lines and `DONE blk`.
set -u
kernel=$1 build=$2
work=$build/blk
mkdir -p "$work"
trap 'rm -f "$work"/*.img "$work"/*.orig' EXIT
SEED=90 WLBA=16 WBLOCKS=2304     # 4 x 64 blocks in parallel + one 1 MiB write

pass() { echo "TEST blk/$1 PASS"; }
fail() { echo "TEST blk/$1 FAIL $2"; }
has() { if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1" "no line with '$3'"; fi; }
# ran NAME OUT: a run that did not reach its stop line (timeout, QEMU gone,
# panic: tools/qemu-run's OUT.status) is a failure, NAME/run
ran() { if [ -s "$2.status" ]; then fail "$1/run" "$(tr '\n' ' ' < "$2.status")"; fi; }

make_mbr() {
	truncate -s 64M "$1"
	printf '%s\n' 'label: dos' 'start=2048,size=4096,type=83,bootable' \
		'start=6144,size=16384,type=c' 'start=22528,size=40960,type=5' \
		'start=24576,size=8192,type=83' 'start=34816,size=4096,type=82' | sfdisk -q "$1"
}

make_gpt() {
	truncate -s 64M "$1"
	sgdisk -o -n 1:2048:+2M -c 1:boot -t 1:ef00 -n 2:0:+24M -c 2:data -t 2:8300 \
		-n 4:0:+8M -c 4:swap -t 4:8200 "$1" > /dev/null
}

# scenario NAME MAKER DEVICE_OPTS PCI_ID WPART PROP SCHEME IRQ [DRIVE_OPTS]
# IRQ is the interrupt type the driver must report: "msix", or "intx" for
# a device without MSI-X (vectors=0).
# The MBR disk is throttled to 100 requests a second, so that requests
# from the client's threads certainly wait on the device together
# (requests_in_flight); the GPT disk to 100 a second, for the same reason:
# at full speed its MSI-X completions can come before a second request.
scenario() {
	local name=$1 maker=$2 devopts=$3 pci=$4 wpart=$5 prop=$6 scheme=$7 irq=$8 driveopts=${9:-}
	local img=$work/$name.img out=$work/$name.out comp=$work/$name.comp
	rm -f "$img"
	$maker "$img"
	python3 tests/qemu/blk/img.py sign "$img"
	cp "$img" "$img.orig"
	local parts pstart
	parts=$(python3 tests/qemu/blk/img.py parts "$img" | awk '{printf "%s%s:%s", sep, $1, $3; sep=","}')
	pstart=$(python3 tests/qemu/blk/img.py parts "$img" | awk -v w="$wpart" '$1==w {print $2}')
	local args="mode=test parts=$parts wpart=$wpart wlba=$WLBA seed=$SEED prop=$prop irq=$irq"
	sed -e "s/@NAME@/$name/g" -e "s/@WPART@/$wpart/g" -e "s/@PCI@/$pci/" -e "s|@CLIENT_ARGS@|$args|" \
		tests/qemu/blk/blk.comp.in > "$comp"
	python3 tools/qemu-run --kernel "$kernel" --module "$build/bin/composer.elf" \
		--module "$comp" --module "$build/bin/iokitd.elf" --module "$build/bin/blkclient.elf" \
		--extra-qemu "-drive file=$img,if=none,id=d0,format=raw$driveopts -device virtio-blk-pci,drive=d0$devopts" \
		--timeout 120 --log "$out" --status "$out.status" --stop-on "blkclient: done" \
		> /dev/null 2>&1
	ran "$name" "$out"
	sed -n "s|^TEST blk/|TEST blk/$name/|p" "$out"
	has "$name/client_done" "$out" "blkclient: done"
	has "$name/driver_matched" "$out" "virtio-blk: iokit0: 131072 blocks of 512 bytes"
	has "$name/scheme" "$out" "/$scheme/disk0s$wpart@$wpart"
	if grep -q "virtio-blk: iokit0: .*, interrupts $irq" "$out"; then
		pass "$name/interrupt_type_$irq"
	else
		fail "$name/interrupt_type_$irq" "the driver did not report interrupts $irq"
	fi
	if ! grep -q '^TEST blk/' "$out"; then
		fail "$name/client_ran" "no TEST lines (see $out)"
	fi
	local why
	why=$(python3 tests/qemu/blk/img.py check "$img.orig" "$img" "$((pstart + WLBA)):$pstart" \
		"$WBLOCKS" "$SEED")
	if [ "$why" = ok ]; then pass "$name/image_bytes"; else fail "$name/image_bytes" "$why"; fi
}

[ -n "${BLK_ONLY:-}" ] && [ "$BLK_ONLY" != mbr ] || scenario mbr make_mbr ",vectors=0" 1af4:1001 2 "partition-index=2" "IOMBRPartitionScheme" \
	intx ",throttling.iops-total=10"
[ -n "${BLK_ONLY:-}" ] && [ "$BLK_ONLY" != gpt ] || scenario gpt make_gpt ",disable-legacy=on" 1af4:1042 2 "partition-name=data" "IOGUIDPartitionScheme" msix \
	",throttling.iops-total=100"
# The instance killed under a client and restarted (tests/qemu/blk/restart.comp).
restart_scenario() {
	local img=$work/restart.img out=$work/restart.out
	rm -f "$img"
	make_mbr "$img"
	python3 tools/qemu-run --kernel "$kernel" --module "$build/bin/composer.elf" \
		--module tests/qemu/blk/restart.comp --module "$build/bin/iokitd.elf" \
		--module "$build/bin/blkclient.elf" \
		--extra-qemu "-drive file=$img,if=none,id=d0,format=raw -device virtio-blk-pci,drive=d0,disable-legacy=on" \
		--send 'blkclient: kill iokit0 now=kill iokit0\r' \
		--timeout 120 --log "$out" --status "$out.status" --stop-on "blkclient: done" \
		> /dev/null 2>&1
	ran restart "$out"
	sed -n "s|^TEST blk/|TEST blk/|p" "$out"
	has restart/killed "$out" "iokit0 killed"
	has restart/restarted "$out" "iokitd: iokit0: starting (generation 1)"
	has restart/client_done "$out" "blkclient: done"
}
[ -n "${BLK_ONLY:-}" ] && [ "$BLK_ONLY" != restart ] || restart_scenario

# Two instances with a disk each; a fault injected into iokit-a's driver with
# a read in flight kills iokit-a only; client b reads on all the while
# (tests/qemu/blk/instances.comp).  Checked: the order of death, restart and
# recovery, b's progress lines while a was down, no death of iokit-b.
instances_scenario() {
	local a=$work/inst-a.img b=$work/inst-b.img out=$work/instances.out
	python3 tests/qemu/blk/img.py ident "$a" A 16
	python3 tests/qemu/blk/img.py ident "$b" B 16
	python3 tools/qemu-run --kernel "$kernel" --module "$build/bin/composer.elf" \
		--module tests/qemu/blk/instances.comp --module "$build/bin/iokitd.elf" \
		--module "$build/bin/blkclient.elf" \
		--extra-qemu "-drive file=$a,if=none,id=da,format=raw -device virtio-blk-pci,drive=da,disable-legacy=on,addr=3" \
		--extra-qemu "-drive file=$b,if=none,id=db,format=raw -device virtio-blk-pci,drive=db,disable-legacy=on,addr=4" \
		--timeout 180 --log "$out" --status "$out.status" --stop-on "blkclient: done" --stop-count 2 \
		> /dev/null 2>&1
	ran instances "$out"
	sed -n "s|^TEST blk/|TEST blk/|p" "$out"
	has instances/injected "$out" "iokitd: iokit-a: a fault is injected into the driver of disk0"
	has instances/driver_faulted "$out" "virtio-blk: iokit-a: injected fault"
	has instances/restarted "$out" "iokitd: iokit-a: starting (generation 1)"
	if grep -q "composer: iokit-b: died" "$out"; then
		fail instances/other_instance_lives "iokit-b died"
	else
		pass instances/other_instance_lives
	fi
	# b made progress between a's death and a's new generation
	local why
	why=$(awk '/composer: iokit-a: died/ && !d {d=NR} /iokitd: iokit-a: starting \(generation 1\)/ && !r {r=NR}
		/^blkclient B: [0-9]+ reads, 0 errors/ && d && !r {n++}
		END { if (!d) print "iokit-a never died"; else if (!r) print "iokit-a never restarted";
		      else if (n < 1) print "no progress of client b while iokit-a was down"; else print "ok" }' "$out")
	if [ "$why" = ok ]; then pass instances/other_keeps_working; else fail instances/other_keeps_working "$why"; fi
}
[ -n "${BLK_ONLY:-}" ] && [ "$BLK_ONLY" != instances ] || instances_scenario

# A device error: QEMU's blkdebug fails reads of sector 100 with EIO
# (tests/qemu/blk/ioerr.comp); the drive is read-only too.
ioerr_scenario() {
	local img=$work/ioerr.img out=$work/ioerr.out conf=$work/blkdebug.conf
	rm -f "$img"
	truncate -s 64M "$img"
	printf '[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "100"\n' > "$conf"
	python3 tools/qemu-run --kernel "$kernel" --module "$build/bin/composer.elf" \
		--module tests/qemu/blk/ioerr.comp --module "$build/bin/iokitd.elf" \
		--module "$build/bin/blkclient.elf" \
		--extra-qemu "-drive file=blkdebug:$conf:$img,if=none,id=d0,format=raw,readonly=on -device virtio-blk-pci,drive=d0,disable-legacy=on" \
		--timeout 120 --log "$out" --status "$out.status" --stop-on "blkclient: done" \
		> /dev/null 2>&1
	ran ioerr "$out"
	sed -n "s|^TEST blk/|TEST blk/|p" "$out"
	has ioerr/client_done "$out" "blkclient: done"
}
[ -n "${BLK_ONLY:-}" ] && [ "$BLK_ONLY" != ioerr ] || ioerr_scenario
echo "DONE blk"
