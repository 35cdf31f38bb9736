# SPDX-License-Identifier: BSD-2-Clause
# Background jobs: wait for a pid and its status, kill, $!.
set -u
d=/tmp/sh_wait_kill
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
# the shell reports killed jobs on stderr when it notices them: timing
exec 2>/dev/null
sleep 0.1 &
p=$!
wait $p; echo "sleep status $?"
(exit 5) &
wait $!; echo "background status $?"
sleep 10 &
p=$!
kill $p
wait $p; echo "killed status $?"
sleep 10 &
kill -9 $!
wait $!; echo "KILL status $?"
(sleep 0.2; echo first) &
wait; echo second
echo all waited
