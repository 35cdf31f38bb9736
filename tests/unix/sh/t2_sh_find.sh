# SPDX-License-Identifier: BSD-2-Clause
# busybox find over a small tree: -name, -type, -size, -newer, -exec,
# -prune, and xargs.
set -u
d=/tmp/t2_sh_find
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
mkdir -p a/b/c x/y skip/deep
for f in a/one.txt a/b/two.txt a/b/c/three.log x/y/four.txt skip/deep/five.txt; do
	echo "$f" > "$f"
done
dd if=/dev/zero of=a/big.bin bs=1024 count=20 2>/dev/null
ln -s one.txt a/link.txt
find . -name '*.txt' | sort
find . -type d | sort
find . -type l
find . -size +10k
find . -path ./skip -prune -o -name '*.txt' -print | sort
find . -name '*.txt' -type f | sort | xargs cat
find . -name '*.log' -exec wc -c {} \;
find a -maxdepth 1 -type f | sort
find . -empty | sort
touch -d '2001-01-01' a/one.txt
find . -newer a/one.txt -name '*.txt' | sort
find . -name 'nomatch*' ; echo "none: $?"
find /nonexistent 2>/dev/null; echo "missing: $?"
