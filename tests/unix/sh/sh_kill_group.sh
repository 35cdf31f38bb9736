# SPDX-License-Identifier: BSD-2-Clause
# kill from the shell: several background jobs, kill -0, a pid kept across exec.
set -u
d=/tmp/sh_kill_group
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
# the shell reports killed jobs on stderr when it notices them: timing
exec 2>/dev/null
sleep 10 & a=$!
sleep 10 & b=$!
kill -0 $a && echo "a is alive"
kill $a $b
wait $a; echo "a status $?"
wait $b; echo "b status $?"
kill -0 $a 2>/dev/null || echo "a is gone"
sh -c 'echo $$ > pidfile; exec sleep 10' &
c=$!
while [ ! -s pidfile ]; do sleep 0.1; done
[ "$(cat pidfile)" = "$c" ] && echo "exec kept the pid"
kill -USR1 $c; wait $c; echo "USR1 status $?"
