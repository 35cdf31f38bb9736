# SPDX-License-Identifier: BSD-2-Clause
# File applets: cp, mv, rm, mkdir -p, ln, ls (sorted), cat, touch, test.
set -u
d=/tmp/sh_files
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
mkdir -p a/b/c
echo content > a/b/c/f
cp a/b/c/f g
mv g h
ln -s h link
ln h hard
ls
ls -a a/b/c
cat link
[ -L link ] && echo link is a symlink
[ -f hard ] && echo hard is a file
[ h -ef hard ] && echo same file
rm -r a
[ -e a ] || echo a is gone
mkdir -p src/in; echo x > src/in/y; cp -r src copy && ls -R copy
touch empty; [ -s empty ] || echo empty is empty
rm link; ls
