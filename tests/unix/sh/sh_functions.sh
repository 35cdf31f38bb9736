# SPDX-License-Identifier: BSD-2-Clause
# Functions: arguments, locals, return codes, recursion.
set -u
d=/tmp/sh_functions
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
greet() { echo "hello $1 ($# args)"; }
greet world extra
fact() { if [ "$1" -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }
echo "5! = $(fact 5)"
f() { local v=inside; echo "$v"; return 7; }
v=outside
f; echo "status $? v=$v"
count() { echo $#; }
count "a b" c ""
set -- x y z
echo "positional: $1 $2 $3 ($#) $*"
shift; echo "after shift: $@"
