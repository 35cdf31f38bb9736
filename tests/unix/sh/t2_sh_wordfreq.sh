# SPDX-License-Identifier: BSD-2-Clause
# busybox sh: word frequencies of a text with tr, sort, uniq, head, wc, sed.
set -u
d=/tmp/t2_sh_wordfreq
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
cat > text <<'T'
The quick brown fox jumps over the lazy dog. The dog sleeps;
the fox runs. A fox, a dog, and THE end.
T
tr 'A-Z' 'a-z' < text | tr -cs 'a-z' '\n' | sed '/^$/d' > words
wc -l < words
sort words | uniq -c | sort -k1,1nr -k2 | head -5
sort -u words | wc -l
grep -c fox text
grep -o -i 'the' text | wc -l
sed -n '2p' text | cut -d, -f2
awk 'length($0) > 3' words | sort -u | tr '\n' ' '; echo
echo status $?
