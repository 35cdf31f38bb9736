# SPDX-License-Identifier: BSD-2-Clause
# cp, mv, rm: overwriting, directories, forced removal, errors.
set -u
d=/tmp/sh_cp_mv_rm
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
echo a > a; echo b > b
cp a b; cat b
mkdir d; cp a b d; ls d
mv d e; ls
mv a e/; ls e
cp e/a e/a 2>/dev/null || echo "cp onto itself fails"
rm nonexistent 2>/dev/null || echo "rm missing fails"
rm -f nonexistent && echo "rm -f missing ok"
rm e 2>/dev/null || echo "rm dir fails"
rm -r e; ls
