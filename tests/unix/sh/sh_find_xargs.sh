# SPDX-License-Identifier: BSD-2-Clause
# find and xargs: names, types, sorted output.
set -u
d=/tmp/sh_find_xargs
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
mkdir -p d/e d/f
touch d/a.txt d/b.log d/e/c.txt d/f/g.txt
find d -name '*.txt' | sort
find d -type d | sort
find d -type f | wc -l
find d -name '*.txt' | sort | xargs echo
find d -name '*.log' | xargs rm
find d -type f | sort
echo 1 2 3 4 5 | xargs -n 2 echo
printf 'x\ny\n' | xargs -I{} echo item {}
