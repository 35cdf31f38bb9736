# SPDX-License-Identifier: BSD-2-Clause
# Debian's bash running a real script: arrays, associative arrays,
# functions, [[ ]], parameter expansion, process substitution, mapfile.
set -u
d=/tmp/t2_bash_script
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
cat > s.bash <<'B'
set -u
declare -a a=(zeta alpha "mid dle")
declare -A n=([apple]=3 [pear]=5)
sum() { local t=0; for v in "$@"; do (( t += v )); done; echo "$t"; }
echo "${#a[@]} ${a[2]}"
printf '%s\n' "${a[@]}" | sort
echo "sum $(sum "${n[@]}")"
for k in $(printf '%s\n' "${!n[@]}" | sort); do echo "$k=${n[$k]}"; done
s="path/to/file.tar.gz"
echo "${s##*/} ${s%%.*} ${s/to/TO} ${s^^}"
[[ $s == *.gz && -d . ]] && echo match
[[ abc =~ ^a(b)c$ ]] && echo "group ${BASH_REMATCH[1]}"
mapfile -t lines < <(printf 'l1\nl2\nl3\n')
echo "lines ${#lines[@]} last ${lines[-1]}"
diff <(echo a) <(echo a) && echo same
echo $(( 2 ** 10 )) $(( 17 % 5 ))
x=5; (( x > 3 )) && echo big
case "$s" in *.gz) echo gz ;; *) echo other ;; esac
B
/usr/bin/bash s.bash
echo "status $?"
/usr/bin/bash -c 'exit 42'; echo "exit $?"
