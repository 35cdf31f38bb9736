# SPDX-License-Identifier: BSD-2-Clause
# busybox syslogd and logger: syslogd binds the datagram socket /dev/log,
# logger (glibc's syslog) connects and sends; the messages reach the log
# file with their tags, priorities and text.
set -u
exec 2>/dev/null
d=/tmp/sock_syslog
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
rm -f /dev/log
syslogd -n -O "$d/log" &
pid=$!
i=0
while [ ! -S /dev/log ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -S /dev/log ] && echo "/dev/log is a socket"
logger -t mytag "hello from logger"
logger -p user.err -t mytag "an error"
echo "from standard input" | logger -t mytag
logger -p local3.debug -t other "a debug line"
i=0
while [ "$(grep -c 'mytag\|other' log 2>/dev/null)" != 4 ] && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
sed -n 's/.* \([a-z0-9]*\.[a-z]*\) \(mytag\|other\)/\1 \2/p' log
kill $pid
wait $pid
echo "syslogd ended: $?"
rm -f /dev/log
cd /; rm -rf "$d"
