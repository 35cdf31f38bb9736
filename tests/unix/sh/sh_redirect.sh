# SPDX-License-Identifier: BSD-2-Clause
# Redirections: >, >>, <, 2>, 2>&1, >&-, here-strings via echo, and noclobber.
set -u
d=/tmp/sh_redirect
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
echo one > f
echo two >> f
cat < f
ls /nonexistent 2> err; echo "ls status $?"
[ -s err ] && echo "error went to err"
{ echo out; echo err >&2; } > both 2>&1
sort both
echo hidden > /dev/null
exec 3> fd3
echo via3 >&3
exec 3>&-
cat fd3
set -C
(echo again > f) 2>/dev/null || echo "noclobber refused"
set +C
cat f | wc -l
