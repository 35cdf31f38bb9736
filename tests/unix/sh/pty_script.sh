# script(1) (Debian's util-linux, dynamically linked) runs commands on a
# pseudo-terminal: their output comes back through the line discipline
# (\r\n), stty and tty see the pty, the exit status comes through -e, and
# piped input is typed at the master (echoed, then read by the shell).
mkdir -p /tmp/pty_script && cd /tmp/pty_script || exit 1
/usr/bin/script -q -c 'echo hi; stty size; tty; stty -a | head -n 1' ts </dev/null
echo "status $?"
/usr/bin/script -q -e -c 'exit 3' ts </dev/null
echo "status $?"
printf 'line\n' | /usr/bin/script -q -c 'read x; echo got $x' ts
echo "status $?"
test -s ts && echo "typescript written"
cd / && rm -rf /tmp/pty_script
