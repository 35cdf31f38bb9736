# SPDX-License-Identifier: BSD-2-Clause
# find by type, size, permission, name, depth; -exec; du -s in
# blocks of what was written.
set -u
d=/tmp/sh_find_perm
rm -rf "$d"; mkdir -p "$d/a/b/c"; cd "$d" || exit 1
echo 1 > a/one; echo 22 > a/b/two; echo 333 > a/b/c/three
chmod 700 a/b/two; chmod 4755 a/one
ln -s one a/link
find . -type f | sort
find . -type l
find . -type d -name 'b*'
find . -perm -4000
find . -perm 700
find . -size -2c -type f | sort
find . -mindepth 3 | sort
find . -maxdepth 1 | sort
find . -name '*o*' -exec echo found {} \; | sort
find . -name three -exec rm {} \;; [ -e a/b/c/three ] || echo deleted
find . -newer a/one -type f | sort
