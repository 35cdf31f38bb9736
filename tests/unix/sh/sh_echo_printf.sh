# SPDX-License-Identifier: BSD-2-Clause
# echo and printf: escapes, formats, widths, and the shell's own arithmetic.
set -u
d=/tmp/sh_echo_printf
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
x=hello
echo "$x world"
echo -n "no newline"; echo " then one"
echo -e 'tab\there'
printf '%s-%d-%05.2f-%x-%o\n' abc 42 3.14159 255 8
printf '[%-6s][%6s]\n' ab cd
printf '%s\n' one two three
echo $((6 * 7)) $((17 / 5)) $((17 % 5)) $((1 << 10)) $((-3 + 2))
echo "${x}s ${#x} ${x#he} ${x%lo} ${undefined:-default}"
