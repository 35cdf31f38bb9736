# SPDX-License-Identifier: BSD-2-Clause
# echo, printf and variables: the simplest script.
x=hello
echo "$x world"
printf '%s-%d\n' abc 42
echo $((6 * 7))
