# SPDX-License-Identifier: BSD-2-Clause
# tar: a tree with files, a symlink, a hard link, modes and an empty
# directory, archived, listed and extracted elsewhere; gzip on the way.
set -u
d=/tmp/sh_tar
rm -rf "$d"; mkdir -p "$d/src/sub/empty"; cd "$d" || exit 1
printf 'one\n' > src/a
seq 1 2000 > src/sub/numbers
ln -s ../a src/sub/link
ln src/a src/hard
chmod 0750 src/sub
chmod 0604 src/a
tar -cf t.tar src && echo created
tar -tf t.tar | sort
tar -czf t.tgz src && echo compressed
mkdir out && cd out && tar -xzf ../t.tgz && echo extracted
cmp ../src/sub/numbers src/sub/numbers && echo numbers same
readlink src/sub/link
[ src/a -ef src/hard ] && echo hard link kept
stat -c '%n %a' src/a src/sub src/sub/empty
tar -xf ../t.tar -O src/sub/numbers | tail -1
