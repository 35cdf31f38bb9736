# SPDX-License-Identifier: BSD-2-Clause
# Debian's grep, sed, mawk and find (glibc, pcre2, selinux libraries): regular
# expressions, in-place edits, awk programs, tree walks, exit statuses.
set -u
d=/tmp/glibc_text
B=/usr/bin
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
printf 'alpha 1\nbeta 22\ngamma 333\ndelta 4\nALPHA 5\n' > t
$B/grep alpha t; $B/grep -i alpha t; $B/grep -c a t; $B/grep -v a t
$B/grep -E '[0-9]{3}' t; $B/grep -n beta t; $B/grep -o '[0-9]\+' t | $B/tr '\n' ' '; echo
$B/grep -P '^\w+ \d{2}$' t
$B/grep -w -e beta -e delta t
$B/grep zeta t; echo "grep no match: $?"
$B/grep x nonexistent; echo "grep missing file: $?"
$B/grep -E '(' t; echo "grep bad regex: $?"
$B/sed 's/a/A/g' t | $B/head -2
$B/sed -n '2,3p' t; $B/sed '/delta/d;s/ALPHA/omega/' t
$B/sed -E 's/([a-z]+) ([0-9]+)/\2:\1/' t
echo hello | $B/sed 'y/el/ip/'
cp t u; $B/sed -i 's/beta/BETA/' u; $B/grep BETA u
$B/sed -n '$=' t
$B/sed 's/(/' t; echo "sed bad: $?"
$B/mawk '{ s += $2 } END { print "sum", s, NR }' t
$B/mawk -F' ' '$2 > 4 { printf "%-6s|%4d\n", $1, $2 }' t
$B/mawk 'BEGIN { n = split("a,b,c", x, ","); print n, x[3]; print length("abcd"), substr("hello", 2, 3), toupper("q") }'
$B/mawk '{ c[substr($1, 1, 1)]++ } END { for (k in c) print k, c[k] }' t | $B/sort
$B/mawk 'BEGIN { printf "%.3f %d %s\n", 3.14159, 7.9, sprintf("%x", 255) }'
$B/mawk 'BEGIN { x = 1 ; getline line < "t"; print line; exit 3 }'; echo "mawk exit: $?"
$B/mawk '{' t; echo "mawk syntax: $?"
$B/mkdir -p tree/a/b tree/c; $B/touch tree/a/f1 tree/a/b/f2 tree/c/f3.txt; ln -s ../c tree/a/lc
$B/find tree | $B/sort
$B/find tree -type f -name 'f*' | $B/sort
$B/find tree -type l; $B/find tree -name '*.txt' -exec $B/basename {} \;
$B/find tree -maxdepth 1 -type d | $B/sort
$B/find -L tree -name f3.txt | $B/sort
$B/find tree -empty -type f | $B/wc -l
$B/find nonexistent; echo "find missing: $?"
cd / && rm -rf "$d"
