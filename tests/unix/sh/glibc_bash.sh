# SPDX-License-Identifier: BSD-2-Clause
# Debian's bash (dynamically linked, glibc) runs scripts: variables, arrays,
# [[ ]], arithmetic, functions, pipelines with coreutils, subshells, command
# substitution, process substitution (/dev/fd), here-documents, traps, read
# loops, exit statuses.
set -u
d=/tmp/glibc_bash
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
cat > s.bash <<'XX'
PATH=/usr/bin:/usr/sbin:/bin
echo "bash ${BASH_VERSINFO[0]}: $0 $# $*"
declare -a arr=(one two three)
declare -A map=([x]=1 [y]=2)
echo "${#arr[@]} ${arr[1]} ${arr[@]:1} ${map[y]} ${!map[*]}" | tr ' ' '\n' | sort | tr '\n' ' '; echo
s="Hello, World"
echo "${s,,} ${s^^} ${s/World/bash} ${#s} ${s:7:5}"
(( n = 6 * 7 )); echo "n=$n $(( n % 5 )) $(( 2 ** 10 ))"
[[ $s == Hello* && ! -e /nonexistent ]] && echo "[[ ]] ok"
[[ abc123 =~ ^([a-z]+)([0-9]+)$ ]] && echo "match ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
f() { local x=$1; echo "f($x) -> $(( x * 2 ))"; return 3; }
f 21; echo "f status $?"
for i in {1..5}; do echo $i; done | sort -rn | head -2 | tr '\n' ' '; echo
i=0; while (( i < 3 )); do (( i++ )); done; echo "while $i"
out=$(ls / | grep -c usr); echo "subst $out"
( cd /usr/bin && echo "subshell $(basename "$PWD")" ); echo "back in $(basename "$PWD")"
cat <<EOT | wc -l
line 1
line $n
EOT
read -r a b c <<< "x y z w"; echo "read: $a $b $c"
printf '%s=%d\n' a 1 b 2
printf -v v '%05.1f' 3.14159; echo "printf -v $v"
trap 'echo trapped EXIT' EXIT
set -o pipefail; false | true; echo "pipefail $?"
set +o pipefail; false | true; echo "no pipefail $?"
case foo.txt in *.txt) echo case txt;; *) echo case other;; esac
IFS=: read -ra parts <<< "a:b:c"; echo "parts ${#parts[@]} ${parts[2]}"
mapfile -t lines <<< $'l1\nl2'
echo "mapfile ${#lines[@]}"
cat <(echo process substitution) <(echo twice)
while read -r w; do echo "read <(): $w"; done < <(printf 'p\nq\n')
mapfile -t lines < <(seq 3 2>/dev/null || printf '1\n2\n3\n'); echo "mapfile <(): ${#lines[@]}"
sh_status() { bash -c "exit $1"; echo "child exit $?"; }
sh_status 7
kill -0 $$ && echo "kill -0 self ok"
sleep 0.1 & wait $!; echo "wait $?"
type -t cd ls f
exit 4
XX
/usr/bin/bash s.bash arg1 arg2
echo "bash exit: $?"
/usr/bin/bash -c 'echo $(( $1 + $2 ))' x 40 2
echo 'echo from stdin; exit 9' | /usr/bin/bash
echo "stdin exit: $?"
/usr/bin/bash -c 'syntax error ('; echo "syntax: $?"
/usr/bin/bash /nonexistent.bash; echo "missing script: $?"
printf '#!/usr/bin/bash\necho "shebang ${BASH_VERSINFO[0]} $1"\n' > x.bash; chmod +x x.bash
./x.bash 1; echo "shebang exit: $?"
/bin/bash -c 'echo via /bin/bash'
cd / && rm -rf "$d"
