# SPDX-License-Identifier: BSD-2-Clause
# Parameter expansion and special variables.
set -u
d=/tmp/sh_vars
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
s=/usr/local/lib/file.tar.gz
echo "${s##*/} ${s%%.*} ${s#*/} ${s%.*}"
echo "${#s}"
u=
echo "[${u:-default}] [${u-unset}] [${unset_var:-x}]"
echo "${u:=assigned}"; echo "$u"
a="one two   three"
for w in $a; do echo "word $w"; done
set -- "$a"
echo "$#"
IFS=:
for w in a:b:c; do echo "$w"; done
IFS=' '
echo "$0" | grep -q sh_vars && echo "\$0 is the script"
echo $(( 0x10 + 010 ))
