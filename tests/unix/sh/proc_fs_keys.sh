# SPDX-License-Identifier: BSD-2-Clause
# The shape of /proc's files as programs parse them: meminfo's labels and
# units, status's keys, stat's field count, statm's, loadavg's and
# uptime's, /proc/stat's line names (numbers are not printed).
set -u
echo "meminfo: $(awk '{ print $1 $3 }' /proc/meminfo | tr '\n' ' ')"
echo "status: $(cut -f1 /proc/self/status | tr '\n' ' ')"
echo "stat fields: $(sed 's/.*) //' /proc/self/stat | wc -w)"
echo "statm fields: $(wc -w < /proc/self/statm)"
echo "loadavg fields: $(wc -w < /proc/loadavg)"
echo "uptime fields: $(wc -w < /proc/uptime)"
echo "stat lines: $(awk '{ print $1 }' /proc/stat | grep -v '^cpu[0-9]' | tr '\n' ' ')"
echo "cpu fields: $(head -1 /proc/stat | wc -w)"
