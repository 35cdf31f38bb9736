# SPDX-License-Identifier: BSD-2-Clause
# Text tools over files: nl, tac, rev, fold, paste, cut, expand, uniq -c,
# comm-like diff, od, strings, tee, wc.
set -u
d=/tmp/sh_text_tools
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
printf 'alpha\nbeta\ngamma\nbeta\n' > f
nl f
tac f
rev f
printf 'a long line that will be folded here\n' | fold -w 10
seq 1 3 > x; seq 4 6 > y; paste x y; paste -d, x y
printf 'a:b:c\nd:e:f\n' | cut -d: -f2,3
printf 'a\tb\n' | expand -t 4 | od -c | head -2
sort f | uniq -c
printf 'one\ntwo\n' > p; printf 'one\nthree\n' > q
diff p q; echo "diff status $?"
printf 'text\000\001\002more text\n' > bin; strings bin
echo tee-me | tee t1 t2 > /dev/null; cat t1 t2
wc -l f; wc -c < f
