# SPDX-License-Identifier: BSD-2-Clause
# printf edge cases: escapes, %%, repetition of the format, missing args.
set -u
d=/tmp/sh_printf_formats
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
printf '%d%%\n' 50
printf '%s=%s\n' a 1 b 2 c
printf '\101\102\n'
printf '%c%c\n' xyz abc
printf '%5d|%-5d|%05d\n' 42 42 42
printf '%.3s\n' abcdef
printf '%e\n' 12345.678
printf '%i %u\n' -5 5
