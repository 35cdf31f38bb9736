# SPDX-License-Identifier: BSD-2-Clause
# busybox sed doing real edits: in-place, ranges, hold space, addresses,
# back references, a config file rewrite.
set -u
d=/tmp/t2_sh_sed
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
printf 'name=alpha\nport=80\n# comment\nhost=localhost\nport=8080\n' > conf
sed -i 's/^port=.*/port=443/' conf
cat conf
sed -n '/^#/!p' conf | sort
sed -e '1!G;h;$!d' conf
sed 's/\([a-z]*\)=\(.*\)/\2=\1/' conf
sed '2,3d' conf
sed -n '$=' conf
sed '/host/i\
inserted' conf
printf 'a\nb\nc\nd\n' | sed -n '2,$p'
printf 'x y z\n' | sed 's/ /\n/g' | wc -l
sed -i.bak '/comment/d' conf; ls; wc -l conf conf.bak
echo end
