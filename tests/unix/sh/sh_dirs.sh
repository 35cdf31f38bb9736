# SPDX-License-Identifier: BSD-2-Clause
# Directories: pwd, cd -, cd .., relative paths, rmdir, mkdir errors.
set -u
d=/tmp/sh_dirs
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
mkdir -p x/y/z
cd x/y; pwd
cd ..; pwd
cd y/z; cd ../../..; pwd
cd "$d/x"; cd - >/dev/null; pwd
mkdir x 2>/dev/null || echo "mkdir existing fails"
rmdir x 2>/dev/null || echo "rmdir non-empty fails"
rmdir x/y/z x/y x && echo "rmdir chain ok"
ls -la | awk '{ print $1, $NF }' | grep -v total
