# SPDX-License-Identifier: BSD-2-Clause
# trap: EXIT, signals sent to the shell itself, resetting traps.
set -u
d=/tmp/sh_trap
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
trap 'echo exit trap ran' EXIT
trap 'echo got USR1' USR1
kill -USR1 $$
trap 'echo got TERM' TERM
kill -TERM $$
echo "still running"
trap - TERM
(trap 'echo subshell exit' EXIT; echo in subshell)
sh -c 'trap "echo child got HUP; exit 3" HUP; kill -HUP $$; sleep 1'
echo "child status $?"
