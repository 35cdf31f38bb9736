# SPDX-License-Identifier: BSD-2-Clause
# grep and sed: matching, counts, inverted, extended regexps, substitution, line addressing.
set -u
d=/tmp/sh_grep_sed
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
printf 'alpha 1\nbeta 22\ngamma 333\ndelta 4\nALPHA 5\n' > t
grep alpha t
grep -i alpha t
grep -c a t
grep -v a t
grep -E '[0-9]{3}' t
grep -n beta t
grep -q zeta t || echo "no zeta ($?)"
sed 's/a/A/' t | head -2
sed 's/a/A/g' t | head -2
sed -n '2,3p' t
sed '/delta/d' t
sed -e 's/\([a-z]*\) \([0-9]*\)/\2 \1/' t
echo hello | sed 'y/el/ip/'
