#!/usr/bin/env bash
# mk/deps.sh [what...] -- make sure the host tools Darbat needs are present.
#   (no args)  gcc make python3 qemu-system-x86_64 ld objcopy
#   iso        + grub-mkrescue xorriso mformat
#   clang      + clang ld.lld
#   graphviz   + dot (renders composition graphs: tests/comp)
#   disktools  + sfdisk sgdisk (partition images: tests/part)
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

want=("${base[@]}")
for w in "$@"; do
    case "$w" in
        iso)   want+=("${iso[@]}") ;;
        clang) want+=("${clang[@]}") ;;
        graphviz) want+=("${graphviz[@]}") ;;
        disktools) want+=("${disktools[@]}") ;;
        base|'') ;;
        *) echo "mk/deps.sh: unknown component '$w' (known: iso clang graphviz disktools)" >&2; exit 2 ;;
    esac
done

# grub-mkrescue needs the i386-pc platform files, not just the binary.
need_grub_pc() {
    [ -d /usr/lib/grub/i386-pc ]
}

pkgs=()
add_pkg() {
    local p
    for p in "${pkgs[@]:-}"; do [ "$p" = "$1" ] && return 0; done
    pkgs+=("$1")
}
for pair in "${want[@]}"; do
    tool=${pair%%:*} pkg=${pair#*:}
    if ! command -v "$tool" >/dev/null 2>&1; then
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
