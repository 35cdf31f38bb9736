#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/host/unixext2/run.sh EXT2T WORKDIR
#
# ext2 and its caches on the host, run from the top of the tree by
# `make unixext2-test`.  Prints one `TEST unixext2/<name> PASS|FAIL <reason>`
# line per test and `DONE unixext2` at the end:
#   unixext2/mke2fs/<bs>/listing    a tree made here (files, holes, a file into
#                                   double indirect blocks, hard links, fast and
#                                   slow symlinks, a FIFO, devices and other
#                                   owners when root, set-id bits, 300 entries in
#                                   a directory), put in an image by the host's
#                                   `mke2fs -t ext2 -d`: ext2 lists the same
#   unixext2/mke2fs/<bs>/contents   every file reads back byte for byte
#   unixext2/mke2fs/<bs>/untouched  a read-only mount wrote nothing
#   unixext2/work/<bs>/<workload>   a workload (work.c) on a fresh image, then
#                                   `e2fsck -fn` on it must say it is clean
#                                   (tiny-*: with caches of 8 blocks and 16 pages;
#                                   reclaim: pcache_reclaim frees clean unmapped
#                                   pages only, they read back, none after unmount;
#                                   ioerr: a device failing at every point)
#   unixext2/work/<bs>/htree        a directory with a hash index (e2fsck -D) changed
#   unixext2/work/inode128/<w>      workloads with 128-byte inodes
#   unixext2/transfers/<bs>/*       16 MiB written and fsynced, then read from a cold
#                                   cache, each in fewer than 600 transfers (write
#                                   clustering, readahead; a page at a time is 4,096)
#   unixext2/hostile/<name>         a crafted image (hostile.py): the mount is
#                                   refused, or reading (or a mkdir) gives -EIO,
#                                   with a log line naming the problem; never a
#                                   crash, a sanitizer report, a leak or a hang
#   unixext2/hostile/fuzz, fuzz4k   1000 images of 1 KiB blocks, 500 of 4 KiB, with
#                                   random bytes of their metadata changed, each
#                                   mounted, walked, changed: no crash, sanitizer
#                                   report, leak or hang
# <bs> is the ext2 block size: 1024 and 4096.  The images live in WORKDIR and
# are removed at the end.
set -u

bin=$1
work=$(mkdir -p "$2" && cd "$2" && pwd)
tree=$work/tree
trap 'rm -rf "$tree" "$work"/*.img "$work"/hostile "$work"/err' EXIT

pass() { echo "TEST unixext2/$1 PASS"; }
fail() { echo "TEST unixext2/$1 FAIL $2"; }
t() { timeout 600 "$bin" "$@" 2>>"$work/err"; }

if ! command -v mke2fs >/dev/null || ! command -v e2fsck >/dev/null; then
	fail tools "mke2fs or e2fsck missing (bash mk/deps.sh ext2)"
	echo "DONE unixext2"
	exit 0
fi
export PATH=$PATH:/sbin:/usr/sbin
: > "$work/err"

# ---- the tree -------------------------------------------------------------------------------
rm -rf "$tree"
mkdir -p "$tree"/bin "$tree"/etc/deep/er/still "$tree"/home/user "$tree"/tmp "$tree"/dev "$tree"/many
cp /bin/sh "$tree"/bin/sh
head -c 1500000 /dev/urandom > "$tree"/bin/random	# direct, single and double indirect (1 KiB)
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$tree"/etc/passwd
printf 'x' > "$tree"/etc/deep/er/still/leaf
: > "$tree"/etc/empty
truncate -s 20M "$tree"/etc/sparse && printf 'end' >> "$tree"/etc/sparse
printf 'shared data\n' > "$tree"/home/user/one
ln "$tree"/home/user/one "$tree"/home/user/two
ln -s ../etc/passwd "$tree"/bin/fast-link
ln -s "/$(printf 'long/%.0s' $(seq 30))target" "$tree"/bin/slow-link
for i in $(seq 300); do echo "$i" > "$tree/many/file-with-a-name-$i"; done
chmod 4755 "$tree"/bin/sh
chmod 1777 "$tree"/tmp
chmod 2750 "$tree"/home/user
chmod 0600 "$tree"/etc/empty
mkfifo -m 0640 "$tree"/tmp/fifo
if [ "$(id -u)" = 0 ]; then
	mknod -m 0666 "$tree"/dev/null c 1 3
	mknod -m 0660 "$tree"/dev/sda1 b 8 1
	chown -R 1000:1000 "$tree"/home/user
	chown -h 1234:5678 "$tree"/bin/fast-link
fi
touch -d '2001-02-03 04:05:06' "$tree"/etc/passwd

# What the tree holds, as `ext2t ls` prints it: PATH TYPE PERM UID GID NLINK SIZE MTIME X.
host_ls() {
	(cd "$1" && find . -printf '%p %y %m %U %G %n %s %T@ %l\n') |
	while read -r p y m u g n s t l; do
		t=${t%%.*} x=-
		case $y in
		l) x=$l ;;
		c|b) x=$(stat -c '%t,%T' "$1/$p") s=- ;;
		f) ;;
		*) s=- ;;
		esac
		echo "$p $y $m $u $g $n $s $t $x"
	done | sort
}
# (mke2fs adds lost+found: the root's line and lost+found's are left out)
want=$(host_ls "$tree" | grep -v '^\. ')

# ---- images made by mke2fs -d ------------------------------------------------------------------
xattr_seen() {	# test name, image: e2fsprogs' debugfs reads w_xattr's attributes
	local out
	out=$(debugfs -R 'ea_list /x' "$2" 2>/dev/null)
	if printf '%s' "$out" | grep -q 'user.small (4) = "tiny"' &&
	   printf '%s' "$out" | grep -q 'security.selinux (5) = "label"' &&
	   debugfs -R 'ea_list /xd' "$2" 2>/dev/null | grep -q 'user.d (3) = "dir"'; then
		pass "$1"
	else
		fail "$1" "debugfs ea_list: $(printf '%s' "$out" | head -3 | tr '\n' ' ')"
	fi
}

fsck_clean() {	# test name, image
	local out
	if out=$(e2fsck -fn "$2" 2>&1); then
		pass "$1"
	else
		fail "$1" "e2fsck -fn: $(printf '%s\n' "$out" | grep -v '^Pass\|^e2fsck\|blocks$' | head -4 | tr '\n' ' ')"
	fi
}

for bs in 1024 4096; do
	img=$work/tree.img
	mke2fs -q -F -t ext2 -b "$bs" -d "$tree" "$img" 96M >/dev/null 2>&1
	cp "$img" "$work/orig.img"
	got=$(t ls "$img" | grep -v '^\. \|^\./lost+found ' | sort)
	if [ "$got" = "$want" ]; then
		pass "mke2fs/$bs/listing"
	else
		fail "mke2fs/$bs/listing" "differs: $(diff <(echo "$want") <(echo "$got") | grep -m4 '^[<>]' | tr '\n' ' ')"
	fi
	bad=
	while read -r f; do
		t cat "$img" "$f" | cmp -s - "$tree/$f" || bad="$bad $f"
	done < <(cd "$tree" && find . -type f)
	[ -z "$bad" ] && pass "mke2fs/$bs/contents" || fail "mke2fs/$bs/contents" "differ:$bad"
	cmp -s "$img" "$work/orig.img" && pass "mke2fs/$bs/untouched" ||
		fail "mke2fs/$bs/untouched" "a read-only mount changed the image"
done

# ---- workloads, each followed by e2fsck -------------------------------------------------------
works="files sparse truncate punch dirs manydir rename links symlinks full mapped tick readonly pressure premade
       reclaim ioerr syncerr xattr tiny-xattr tiny-files tiny-sparse tiny-truncate tiny-punch tiny-dirs tiny-manydir tiny-rename tiny-links
       tiny-full tiny-mapped tiny-pressure"
for bs in 1024 4096; do
	for w in $works; do
		img=$work/work.img
		rm -f "$img"
		case $w in
		full|tiny-full) mke2fs -q -F -t ext2 -b "$bs" "$img" 8M >/dev/null 2>&1 ;;
		*) mke2fs -q -F -t ext2 -b "$bs" -d "$tree" "$img" 96M >/dev/null 2>&1 ;;
		esac
		out=$(t work "$w" "$img" | tail -1)
		if [ "$out" != ok ]; then
			fail "work/$bs/$w" "$out"
			continue
		fi
		fsck_clean "work/$bs/$w" "$img"
		case $w in
		xattr|tiny-xattr) xattr_seen "work/$bs/$w/debugfs" "$img" ;;
		esac
	done
done

# hash-indexed directories (e2fsck -D makes them): read and changed as linear ones
for bs in 1024 4096; do
	img=$work/work.img
	mke2fs -q -F -t ext2 -b "$bs" -d "$tree" "$img" 96M >/dev/null 2>&1
	e2fsck -fyD "$img" >/dev/null 2>&1
	if ! debugfs -R 'stat /many' "$img" 2>/dev/null | grep -q 'Flags: 0x1000'; then
		fail "work/$bs/htree" "e2fsck -D made no index for /many"
		continue
	fi
	out=$(t work htree "$img" | tail -1)
	[ "$out" = ok ] && fsck_clean "work/$bs/htree" "$img" || fail "work/$bs/htree" "$out"
done

# 128-byte inodes (no room for nanoseconds, nor for attributes): times in
# seconds, attributes in blocks, the rest the same
for w in files links xattr; do
	img=$work/work.img
	mke2fs -q -F -t ext2 -b 1024 -I 128 -d "$tree" "$img" 96M >/dev/null 2>&1
	out=$(t work "$w" "$img" | tail -1)
	[ "$out" = ok ] && fsck_clean "work/inode128/$w" "$img" || fail "work/inode128/$w" "$out"
done

# ---- transfers: write clustering and readahead (16 MiB: 4,096 pages, at most 256 KiB a transfer)
for bs in 1024 4096; do
	img=$work/work.img
	mke2fs -q -F -t ext2 -b "$bs" "$img" 96M >/dev/null 2>&1
	w=$(t writebench "$img" 16)
	r=$(t readbench "$img" /written)
	wt=$(echo "$w" | awk '/^fsync 0 /{ print $6 }')
	rt=$(echo "$r" | awk '/^bytes 16777216 /{ print $4 }')
	[ -n "$wt" ] && [ "$wt" -lt 600 ] && pass "transfers/$bs/fsync" ||
		fail "transfers/$bs/fsync" "16 MiB written back in more than 600 transfers: $w"
	[ -n "$rt" ] && [ "$rt" -lt 600 ] && pass "transfers/$bs/read" ||
		fail "transfers/$bs/read" "16 MiB read cold in more than 600 transfers: $r"
	fsck_clean "transfers/$bs/fsck" "$img"
done

# ---- hostile images ---------------------------------------------------------------------------
mkdir -p "$work/hostile/tree/dir/a" "$work/hostile/tree/dir/b" "$work/hostile/tree/etc"
h=$work/hostile
head -c 300000 "$tree"/bin/random > "$h/tree/file"
ln -s "/$(printf 'z%.0s' $(seq 90))" "$h/tree/slow"
ln -s file "$h/tree/fast"
echo x > "$h/tree/etc/x"
echo y > "$h/tree/etc/y"
mke2fs -q -F -t ext2 -b 1024 -d "$h/tree" "$h/base.img" 4M >/dev/null 2>&1
python3 tests/host/unixext2/hostile.py "$h/base.img" "$h" > "$h/manifest" ||
	fail hostile/generator "hostile.py failed"
n=0
while read -r name outcome words; do
	n=$((n + 1))
	out=$(timeout 30 "$bin" walk "$h/$name.img" rw 2>"$h/err"); rc=$?
	first=$(printf '%s\n' "$out" | grep -v '^\./\|^\. ' | head -1 | cut -d' ' -f1)
	log=$(printf '%s\n' "$out" | grep '^log ')
	case $outcome in
	refused) ok=$([ "$first" = refused ] && echo y) ;;
	eio) ok=$({ [ "$first" = eio ] || printf '%s\n' "$out" | grep -q '^mkdir -5$'; } && echo y) ;;
	ro) ok=$(printf '%s\n' "$out" | grep -q '^mkdir -30$' && echo y) ;;
	log) ok=y ;;
	esac
	if [ $rc = 124 ]; then
		fail "hostile/$name" "hung"
	elif [ $rc != 0 ] || grep -qE 'Sanitizer|runtime error' "$h/err"; then
		fail "hostile/$name" "exit $rc: $(grep -m2 -E 'Sanitizer|runtime error|ERROR' "$h/err" | tr '\n' ' ')"
	elif [ -z "$ok" ]; then
		fail "hostile/$name" "want $outcome, got: $(printf '%s\n' "$out" | grep -v '^\./\|^\. ' | tr '\n' ' ')"
	elif [[ "$log" != *"$words"* ]]; then
		fail "hostile/$name" "the log does not say '$words': $log"
	elif printf '%s\n' "$out" | grep -q '^leak'; then
		fail "hostile/$name" "$(printf '%s\n' "$out" | grep '^leak')"
	else
		pass "hostile/$name"
	fi
done < "$h/manifest"
[ "$n" -ge 20 ] && pass hostile/count || fail hostile/count "only $n crafted images"

# random damage: images with a few bytes of their metadata changed (1 and 4 KiB blocks)
mke2fs -q -F -t ext2 -b 4096 -d "$h/tree" "$h/base4k.img" 4M >/dev/null 2>&1
for f in "fuzz base.img 1000" "fuzz4k base4k.img 500"; do
	set -- $f
	out=$(timeout 180 "$bin" fuzz "$h/$2" "$h/fuzz.img" "$3" 2>"$h/err"); rc=$?
	if [ $rc = 0 ] && ! grep -qE 'Sanitizer|runtime error' "$h/err" &&
	   [[ "$out" == "fuzz $3 mounted "* ]]; then
		pass "hostile/$1"
		echo "$1: $out" >&2
	else
		fail "hostile/$1" "exit $rc: $out $(grep -m2 -E 'Sanitizer|runtime error' "$h/err" | tr '\n' ' ')"
	fi
done

if grep -qE 'Sanitizer|runtime error' "$work/err"; then
	fail sanitizers "$(grep -m2 -E 'Sanitizer|runtime error' "$work/err" | tr '\n' ' ')"
else
	pass sanitizers
fi
echo "DONE unixext2"
