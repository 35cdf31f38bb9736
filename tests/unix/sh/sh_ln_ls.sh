# SPDX-License-Identifier: BSD-2-Clause
# ls output forms on files whose names, sizes and modes the script sets.
set -u
d=/tmp/sh_ln_ls
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
printf 'abc' > three; printf '' > zero; mkdir sub
chmod 640 three; chmod 755 sub
ln -s three link
ls -1
ls -l three | awk '{ print $1, $5, $NF }'
ls -ld sub | awk '{ print $1, $NF }'
ls -l link | awk '{ print $1, $(NF-2), $(NF-1), $NF }'
ls -F
ls -R | head -5
