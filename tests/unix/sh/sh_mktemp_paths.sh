# SPDX-License-Identifier: BSD-2-Clause
# Paths: realpath and readlink -f through symlinks and .., basename,
# dirname, mktemp -d/-p, cd -P and pwd -P, rmdir -p.
set -u
d=/tmp/sh_mktemp_paths
rm -rf "$d"; mkdir -p "$d/x/y/z"; cd "$d" || exit 1
ln -s x/y ylink
ln -s ../.. x/y/up
realpath ylink/z
readlink -f ylink/up/x
readlink ylink
basename /a/b/c.txt .txt; dirname /a/b/c.txt; dirname c
t=$(mktemp -d -p "$d") && [ -d "$t" ] && echo mktemp made a directory
case "$t" in "$d"/tmp.*) echo named tmp.XXXXXX ;; esac
f=$(mktemp "$d/fXXXXXX") && [ -f "$f" ] && stat -c %a "$f"
cd ylink && pwd && pwd -P
cd -P "$d/ylink" && pwd
cd "$d" && rmdir -p x/y/z 2>&1 | head -1
[ -d x ] && echo x stays, it is not empty
