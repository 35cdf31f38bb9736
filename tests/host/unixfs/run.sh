#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/host/unixfs/run.sh UNIT FREESTANDING_OBJ WORKDIR
#
# The file system layer's tests, run from the top of the tree by
# `make unixfs-test`.  Prints one `TEST unixfs/<name> PASS|FAIL <reason>` line
# per test and `DONE unixfs` at the end:
#   unixfs/unit/*         the VFS, ramfs and cpio unit tests (tests/host/unixfs/*.c)
#   unixfs/cpio/*         a tree made here (files, directories, symlinks, hard
#                         links, a FIFO, devices when root, set-id bits, other
#                         owners, a copy of /bin/busybox) archived by the host's
#                         `cpio -o -H newc`, unpacked by cpio_unpack: the same
#                         listing as the tree's, busybox byte for byte
#   unixfs/freestanding   the sources built with the user flags need only lib/'s
#                         string routines and the fsalloc.h seam
# The tree and the archives live in WORKDIR and are removed at the end.
set -u

unit=$1 fobj=$2
u() { timeout 300 "$unit" "$@"; }	# every run bounded
work=$(mkdir -p "$3" && cd "$3" && pwd)
tree=$work/tree
trap 'rm -rf "$tree" "$work"/*.cpio' EXIT

pass() { echo "TEST unixfs/$1 PASS"; }
fail() { echo "TEST unixfs/$1 FAIL $2"; }

# compare expected ($2) and got ($3) for test $1
same() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		local d
		d=$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | grep -m4 '^[<>]' | tr '\n' ' ')
		fail "$1" "differs: $d"
	fi
}

u > "$work/unit.out" 2>"$work/unit.err"
cat "$work/unit.out"
grep -q '^DONE unit$' "$work/unit.out" ||
	fail unit/complete "tests/host/unixfs/unit stopped early: $(grep -v '^cpio_fuzz' "$work/unit.err" | head -3 | tr '\n' ' ')"
if grep -qE 'Sanitizer|runtime error' "$work/unit.err"; then
	fail unit/sanitizers "$(grep -m2 -E 'Sanitizer|runtime error' "$work/unit.err" | tr '\n' ' ')"
else
	pass unit/sanitizers
fi
grep '^cpio_fuzz' "$work/unit.err" >&2
rm -f "$work/unit.out" "$work/unit.err"

# ---- freestanding build ------------------------------------------------------------------
allowed='^(memcmp|memcpy|memmove|memset|strlen|strcmp|strncmp|fs_alloc|fs_free|fs_page_alloc|fs_page_free|fs_now_ns|fs_pages_unmap)$'
undef=$(nm -u "$fobj" 2>&1 | awk '{ print $NF }' | grep -Ev "$allowed" | tr '\n' ' ')
if [ ! -s "$fobj" ]; then
	fail freestanding "no $fobj"
elif [ -n "$undef" ]; then
	fail freestanding "undefined: $undef"
else
	pass freestanding
fi

# ---- archives made by the host's cpio ------------------------------------------------------
if ! command -v cpio >/dev/null || [ ! -x /bin/busybox ]; then
	fail cpio/tools "cpio or /bin/busybox missing (bash mk/deps.sh linuxbench)"
	echo "DONE unixfs"
	exit 0
fi

# The tree: every kind of file the unpacker makes.
rm -rf "$tree"
mkdir -p "$tree"/bin "$tree"/etc/deep/er/still "$tree"/home/user "$tree"/tmp "$tree"/dev
cp /bin/busybox "$tree"/bin/busybox
for applet in sh ls cat; do ln -s busybox "$tree/bin/$applet"; done
ln -s /etc/passwd "$tree"/passwd-link
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$tree"/etc/passwd
printf 'x' > "$tree"/etc/deep/er/still/leaf
: > "$tree"/etc/empty
printf 'shared data\n' > "$tree"/home/user/one
ln "$tree"/home/user/one "$tree"/home/user/two
ln "$tree"/home/user/one "$tree"/etc/three
chmod 4755 "$tree"/bin/busybox
chmod 1777 "$tree"/tmp
chmod 2750 "$tree"/home/user
chmod 0600 "$tree"/etc/empty
mkfifo -m 0640 "$tree"/tmp/fifo
if [ "$(id -u)" = 0 ]; then
	mknod -m 0666 "$tree"/dev/null c 1 3
	mknod -m 0600 "$tree"/dev/tty1 c 4 1
	mknod -m 0660 "$tree"/dev/sda1 b 8 1
	chown -R 1000:1000 "$tree"/home/user
	chown -h 1234:5678 "$tree"/passwd-link
fi
touch -d '2001-02-03 04:05:06' "$tree"/etc/passwd
touch -h -d '2002-02-03 04:05:06' "$tree"/passwd-link
touch -d '2003-02-03 04:05:06' "$tree"/etc/deep "$tree"

# What the tree holds, as `unit ls` prints it: PATH TYPE PERM UID GID NLINK SIZE MTIME X.
host_ls() {
	(cd "$1" && find . -printf '%p %y %m %U %G %n %s %T@ %l\n') | sort |
	while read -r p y m u g n s t l; do
		t=${t%%.*} x=-
		case $y in
		d) n=- s=- ;;
		l) x=$l ;;
		c|b) x=$(stat -c '%t,%T' "$1/$p") s=- ;;
		f) ;;
		*) s=- ;;
		esac
		echo "$p $y $m $u $g $n $s $t $x"
	done
}

ar=$work/tree.cpio
(cd "$tree" && find . | cpio -o -H newc --quiet > "$ar")
want=$(host_ls "$tree")
got=$(u ls "$ar" 2>&1 | sort)
same cpio/listing "$want" "$got"
n=$(printf '%s\n' "$got" | wc -l)
[ "$n" -ge 20 ] && pass cpio/listing_count || fail cpio/listing_count "$n entries"

if u cat "$ar" /bin/busybox | cmp -s - /bin/busybox; then
	pass cpio/busybox
else
	fail cpio/busybox "/bin/busybox unpacked differs from the original"
fi
same cpio/hard_link_data "shared data" "$(u cat "$ar" /etc/three 2>&1)"
same cpio/symlink_follow "root:x:0:0:root:/root:/bin/sh" "$(u cat "$ar" /passwd-link 2>&1)"

# the same tree with checksums (070702)
(cd "$tree" && find . | cpio -o -H crc --quiet > "$work/crc.cpio")
same cpio/crc_format "$want" "$(u ls "$work/crc.cpio" 2>&1 | sort)"

# the archive cut short: refused
head -c 3000 "$ar" > "$work/cut.cpio"
got=$(u ls "$work/cut.cpio" 2>&1); rc=$?
[ "$rc" = 1 ] && [ "$got" = "unit ls: error -22" ] && pass cpio/truncated ||
	fail cpio/truncated "exit $rc: $got"

echo "DONE unixfs"
