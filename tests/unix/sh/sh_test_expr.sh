# SPDX-License-Identifier: BSD-2-Clause
# test/[ and expr: numbers, strings, files; expr arithmetic and matching.
set -u
d=/tmp/sh_test_expr
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
[ 3 -lt 5 ] && echo "3 < 5"
[ 5 -ge 5 ] && echo "5 >= 5"
[ abc = abc ] && echo "strings equal"
[ abc != abd ] && echo "strings differ"
[ -z "" ] && echo "empty"
[ -n "x" ] && echo "non-empty"
[ ! -e /nonexistent ] && echo "no such file"
[ -d /tmp ] && [ -w /tmp ] && echo "/tmp writable dir"
test 1 -eq 2; echo "status $?"
expr 3 + 4
expr 10 / 3
expr 7 \* 6
expr length "hello"
expr substr "hello" 2 3
expr "abc123" : '[a-z]*'
expr 1 = 2; echo "status $?"
