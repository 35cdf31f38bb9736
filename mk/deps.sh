#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# mk/deps.sh [what...] -- make sure the host tools Darbat needs are present.
#   (no args)  gcc make python3 qemu-system-x86_64 ld objcopy nm
#   all        everything `make test` needs for every suite, at once: the
#              above + graphviz + disktools + unix (+ clang when $CC names clang).
#   unix       + busybox-static, musl-gcc (the UNIX server's root file system
#              and its tests)
#              `make test` runs it first and stops if it fails.
#   iso        + grub-mkrescue xorriso mformat (make iso; no test needs them)
#   clang      + clang ld.lld
#   graphviz   + dot (renders composition graphs: tests/host/comp, make docs)
#   disktools  + sfdisk sgdisk (partition images: tests/host/part, tests/qemu/blk)
#   linuxbench + Debian's kernel, busybox-static, cpio (tools/linux-bench)
#   musl       + musl-gcc (the differential UNIX tests: tests/unix/unix.mk)
#   ext2       + mke2fs e2fsck (e2fsprogs: tests/host/unixext2, disk images)
#   glibcprogs + the Debian programs tools/mkrootfs copies into the UNIX
#              roots with their libraries (tools/elfdeps): bash, coreutils,
#              grep, sed, mawk, findutils, e2fsprogs, ldconfig (libc-bin)
# Missing tools are installed from Debian packages when run as root; apt-get
# waits up to DEPS_LOCK_TIMEOUT seconds (600) for another apt-get or dpkg
# holding the package locks (a fresh machine's own updates, say) instead of
# failing at once.  If they cannot be installed (not root, apt-get failed,
# still missing afterwards), one message names what is missing and the exact
# apt-get line to run, and the script exits 1.
# DEPS_CHECK_ONLY=1: never install, only check (and say what is missing).
# Silent when everything is already present.
set -uo pipefail

# tool:package pairs
base=(gcc:gcc cc:gcc make:make python3:python3 qemu-system-x86_64:qemu-system-x86
      ld:binutils objcopy:binutils nm:binutils)
iso=(grub-mkrescue:grub-pc-bin grub-mkrescue:grub-common xorriso:xorriso
     mformat:mtools)
clang=(clang:clang ld.lld:lld)
graphviz=(dot:graphviz)
disktools=(sfdisk:fdisk sgdisk:gdisk)
# A "tool" starting with / is a file (glob) that must exist: the kernel
# package installs no command, and busybox-static must not be confused
# with the dynamically linked busybox (same path, checked by tools/linux-bench).
linuxbench=(cpio:cpio /bin/busybox:busybox-static
            '/boot/vmlinuz-*-amd64:linux-image-amd64')
musl=(musl-gcc:musl-tools)
ext2=(mke2fs:e2fsprogs e2fsck:e2fsprogs)
# the UNIX server's root file system and tests: busybox-static, musl-gcc
unix=(/bin/busybox:busybox-static musl-gcc:musl-tools)
# Debian's dynamically linked programs in the UNIX roots (tools/elfdeps)
glibcprogs=(/usr/bin/bash:bash /usr/bin/sort:coreutils /usr/bin/grep:grep /usr/bin/sed:sed
            /usr/bin/mawk:mawk /usr/bin/find:findutils /usr/sbin/mke2fs:e2fsprogs
            /usr/sbin/e2fsck:e2fsprogs /usr/sbin/ldconfig:libc-bin /usr/bin/script:bsdutils)

want=("${base[@]}")
for w in "$@"; do
    case "$w" in
        all)   want+=("${graphviz[@]}" "${disktools[@]}" "${unix[@]}" "${ext2[@]}" "${glibcprogs[@]}")
               case "${CC:-}" in *clang*) want+=("${clang[@]}") ;; esac ;;
        iso)   want+=("${iso[@]}") ;;
        clang) want+=("${clang[@]}") ;;
        graphviz) want+=("${graphviz[@]}") ;;
        disktools) want+=("${disktools[@]}") ;;
        linuxbench) want+=("${linuxbench[@]}") ;;
        musl)  want+=("${musl[@]}") ;;
        ext2)  want+=("${ext2[@]}") ;;
        unix)  want+=("${unix[@]}") ;;
        glibcprogs) want+=("${glibcprogs[@]}") ;;
        base|'') ;;
        *) echo "mk/deps.sh: unknown component '$w' (known: all iso clang graphviz disktools linuxbench musl unix ext2 glibcprogs)" >&2; exit 2 ;;
    esac
done

# grub-mkrescue needs the i386-pc platform files, not just the binary.
need_grub_pc() {
    [ -d /usr/lib/grub/i386-pc ]
}

# have TOOL: a command on PATH, or for /path (a glob) an existing file.
have() {
    local f
    case "$1" in
        /*) for f in $1; do [ -e "$f" ] && return 0; done; return 1 ;;
        *)  command -v "$1" >/dev/null 2>&1 ;;
    esac
}

# missing: fills pkgs (packages to install) and tools ("tool (package)")
missing() {
    local pair tool pkg p dup
    pkgs=() tools=()
    for pair in "${want[@]}"; do
        tool=${pair%%:*} pkg=${pair#*:}
        if have "$tool" && { [ "$pkg" != grub-pc-bin ] || need_grub_pc; }; then
            continue
        fi
        dup=
        for p in "${pkgs[@]:-}"; do [ "$p" = "$pkg" ] && dup=1; done
        [ -n "$dup" ] && continue
        pkgs+=("$pkg")
        tools+=("${tool##*/} ($pkg)")
    done
}

# one message, the exact line to run, exit 1
give_up() {
    local sudo=
    [ "$(id -u 2>/dev/null || echo 0)" -eq 0 ] || sudo="sudo "
    local IFS=,
    echo "mk/deps.sh: missing host tools:${tools[*]/#/ } -- $1; install them with:" >&2
    IFS=' '
    echo "  ${sudo}apt-get -o DPkg::Lock::Timeout=600 install -y ${pkgs[*]}" >&2
    exit 1
}

# apt_get ARGS...: apt-get waiting for the dpkg and package-list locks.
# DPkg::Lock::Timeout makes apt-get wait for the dpkg lock; an apt-get
# update (the lists lock) or an older apt may still fail at once on a held
# lock, so such a failure is tried again until the same deadline.
apt_get() {
    local timeout=${DEPS_LOCK_TIMEOUT:-600} err rc said=
    local deadline=$(( $(date +%s) + timeout ))
    err=$(mktemp)
    while :; do
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$timeout" "$@" \
            >&2 2>"$err"
        rc=$?
        if [ $rc -ne 0 ] && grep -qE 'Could not get lock|Unable to lock|Unable to acquire' "$err" \
                && [ "$(date +%s)" -lt "$deadline" ]; then
            if [ -z "$said" ]; then
                echo "mk/deps.sh: apt-get $1: $(grep -m1 'Could not get lock' "$err" || head -n 1 "$err")" >&2
                echo "mk/deps.sh: waiting for it (at most ${timeout}s)" >&2
                said=1
            fi
            sleep "${DEPS_RETRY_SLEEP:-5}"
            continue
        fi
        cat "$err" >&2
        rm -f "$err"
        return $rc
    done
}

missing
[ ${#pkgs[@]} -eq 0 ] && exit 0

[ -n "${DEPS_CHECK_ONLY:-}" ] && give_up "not installed (DEPS_CHECK_ONLY)"
[ "$(id -u)" -eq 0 ] || give_up "not root, so not installed"

echo "mk/deps.sh: installing ${pkgs[*]}" >&2
apt_get update -q || give_up "apt-get update failed (see above)"
apt_get install -y -q "${pkgs[@]}" || give_up "apt-get install failed (see above)"
hash -r
missing
[ ${#pkgs[@]} -eq 0 ] || give_up "still missing after apt-get install"
exit 0
