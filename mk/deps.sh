#!/usr/bin/env bash
# mk/deps.sh [what...] -- make sure the host tools Darbat needs are present.
#   (no args)  gcc make python3 qemu-system-x86_64 ld objcopy
#   iso        + grub-mkrescue xorriso mformat
#   clang      + clang ld.lld
#   graphviz   + dot (renders composition graphs: tests/comp)
#   disktools  + sfdisk sgdisk (partition images: tests/host/part)
#   linuxbench + Debian's kernel, busybox-static, cpio (tools/linux-bench)
# Missing tools are installed from Debian packages when run as root;
# otherwise the apt-get line to run is printed and the script exits 1.
# Silent when everything is already present.
set -euo pipefail

# tool:package pairs
base=(gcc:gcc make:make python3:python3 qemu-system-x86_64:qemu-system-x86
      ld:binutils objcopy:binutils)
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

want=("${base[@]}")
for w in "$@"; do
    case "$w" in
        iso)   want+=("${iso[@]}") ;;
        clang) want+=("${clang[@]}") ;;
        graphviz) want+=("${graphviz[@]}") ;;
        disktools) want+=("${disktools[@]}") ;;
        linuxbench) want+=("${linuxbench[@]}") ;;
        base|'') ;;
        *) echo "mk/deps.sh: unknown component '$w' (known: iso clang graphviz disktools linuxbench)" >&2; exit 2 ;;
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

pkgs=()
add_pkg() {
    local p
    for p in "${pkgs[@]:-}"; do [ "$p" = "$1" ] && return 0; done
    pkgs+=("$1")
}
for pair in "${want[@]}"; do
    tool=${pair%%:*} pkg=${pair#*:}
    if ! have "$tool"; then
        add_pkg "$pkg"
    elif [ "$pkg" = grub-pc-bin ] && ! need_grub_pc; then
        add_pkg "$pkg"
    fi
done

[ ${#pkgs[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "mk/deps.sh: installing ${pkgs[*]}" >&2
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}" >&2
else
    echo "mk/deps.sh: missing host tools; run:" >&2
    echo "sudo apt-get install -y ${pkgs[*]}" >&2
    exit 1
fi
