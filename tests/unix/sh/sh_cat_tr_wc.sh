# SPDX-License-Identifier: BSD-2-Clause
# cat options, tr classes and squeezing, wc counts.
set -u
d=/tmp/sh_cat_tr_wc
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
printf 'one\n\n\ntwo\n' > f
cat -n f
printf 'hello   world\n' | tr -s ' '
printf 'Hello World\n' | tr -d 'lo'
printf 'abc\n' | tr 'abc' 'xyz'
printf 'a1b2c3\n' | tr -cd '0-9'; echo
wc f
wc -w f
printf 'no newline' | wc -c
