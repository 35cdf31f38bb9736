# SPDX-License-Identifier: BSD-2-Clause
# Exit statuses: true, false, commands not found, signals, and set -e.
set -u
d=/tmp/sh_exit_codes
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
true; echo "true $?"
false; echo "false $?"
nonexistent_command 2>/dev/null; echo "not found $?"
/etc/passwd 2>/dev/null; echo "not executable $?"
sh -c 'exit 42'; echo "exit 42 -> $?"
sh -c 'kill -TERM $$'; echo "killed by TERM -> $?"
sh -c 'set -e; false; echo not reached'; echo "set -e -> $?"
! true; echo "negated $?"
true && echo "and runs"; false || echo "or runs"
