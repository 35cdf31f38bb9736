# SPDX-License-Identifier: BSD-2-Clause
# busybox's /proc readers: ps (a sleeping child's state and name), mount
# and df (a tmpfs of known size), free and uptime and top (their formats,
# the numbers masked), pidof.
set -u
d=/tmp/proc_fs_tools
rm -rf "$d"; mkdir -p "$d/m"; cd "$d" || exit 1
exec 2>/dev/null
sleep 30 &
pid=$!
sleep 1
ps -o pid,stat,comm | awk -v p="$pid" '$1 == p { print "ps:", $2, $3 }'
ps | awk -v p="$pid" '$1 == p { print "ps default:", $NF, $(NF - 1) }'
[ "$(pidof sleep)" = "$pid" ] && echo "pidof: the child" || echo "pidof: $(pidof sleep)"
kill "$pid"
wait "$pid"
mount -t tmpfs -o size=256k,mode=755 none "$d/m" && echo mounted
mount | grep "$d/m"
df -k "$d/m" | awk 'NR == 1 { print $1, $2, $3, $4, $5 } NR == 2 { print $2, $3, $4, $5, $6 }'
head -c 65536 /dev/zero > "$d/m/f"
df -k "$d/m" | awk 'NR == 2 { print $2, $3, $4, $5, $6 }'
df -k | grep -c "$d/m"
umount "$d/m" && echo unmounted
mount | grep -c "$d/m"
free | head -1 | tr -s ' '
free | awk 'NR == 2 { print $1, ($2 > 0), ($3 <= $2), ($4 <= $2) }'
uptime | sed 's/[0-9][0-9]*/N/g; s/N:N/T/g; s/N\.N/L/g' | tr -s ' ' | sed 's/up .*load/up ... load/'
top -b -n1 | awk 'NR <= 3 { print $1 }'
cd /; rm -rf "$d"
