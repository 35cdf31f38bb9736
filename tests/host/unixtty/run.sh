#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/host/unixtty/run.sh UNIT FREESTANDING_OBJ WORKDIR
#
# The line-discipline tests, run from the top of the tree by `make unixtty-test`.
# Prints one `TEST unixtty/<name> PASS|FAIL <reason>` line per test and
# `DONE unixtty` at the end:
#   unixtty/*              scenarios with hand-written expectations, read
#                          policies, limits, flow control, the ABI numbers
#                          (tests/host/unixtty/unit.c)
#   unixtty/pty/*          each scenario played on a real Linux pty by the
#                          python helper below and by the line discipline
#                          (`unit replay`): echo, poll, reads and signals agree
#   unixtty/freestanding   the line discipline built with the user flags needs
#                          only memcpy/memset from lib/
# Without a usable pty (no /dev/ptmx, no python3) the pty tests are skipped
# with a SKIP line saying why.
set -u

unit=$1 fobj=$2 work=$3
mkdir -p "$work"

pass() { echo "TEST unixtty/$1 PASS"; }
fail() { echo "TEST unixtty/$1 FAIL $2"; }

"$unit" > "$work/unit.out" 2>&1
cat "$work/unit.out"
grep -q '^DONE unit$' "$work/unit.out" ||
	fail unit/complete "tests/host/unixtty/unit.c stopped early: $(grep -v '^TEST ' "$work/unit.out" | head -3 | tr '\n' ' ')"

# ---- the same scenarios on a Linux pty ------------------------------------------------
# Each case runs in a child that is a session leader with the pty as its
# controlling terminal, so that ^C ^\ ^Z reach it (caught and recorded).
# Typed bytes go to the master one write at a time (or in one write for
# chunked cases); the echo is what the master reads.
pty_helper() {
	python3 - "$1" <<'PY'
import fcntl, os, pty, select, signal, sys, termios, time

def esc(b):
    return ''.join(chr(x) if 0x20 < x < 0x7f and chr(x) not in '\\|<' else '\\x%02x' % x
                   for x in b)

def apply(fd, spec):
    f = spec.split(',')
    iset, iclr, oset, oclr, lset, lclr = (int(x, 16) for x in f[:6])
    a = termios.tcgetattr(fd)
    a[0] = (a[0] | iset) & ~iclr
    a[1] = (a[1] | oset) & ~oclr
    a[3] = (a[3] | lset) & ~lclr
    if f[6] != '-':
        for kv in f[6].split(';'):
            i, v = kv.split(':')
            a[6][int(i)] = int(v, 16)
    termios.tcsetattr(fd, termios.TCSANOW, a)

def unhex(h):
    return b'' if h == '-' else bytes.fromhex(h)

def run(name, mode, after, prompt, typed, fill, chunk, reads):
    os.setsid()
    m, s = pty.openpty()
    fcntl.ioctl(s, termios.TIOCSCTTY, 0)
    sigs = []
    for sg in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP):
        signal.signal(sg, lambda n, f: sigs.append(n))
    apply(s, mode)
    out = bytearray()
    def drain(wait):
        while select.select([m], [], [], wait)[0]:
            out.extend(os.read(m, 65536))
    if prompt != '-':
        os.write(s, unhex(prompt))
    data = b'a' * int(fill) + unhex(typed)
    if chunk == '1':
        while data:
            data = data[os.write(m, data):]
            drain(0)
    else:
        for b in data:
            os.write(m, bytes([b]))
            time.sleep(0.002)
            drain(0)
    time.sleep(0.03)
    drain(0.01)
    apply(s, after)
    time.sleep(0.01)
    ready = 1 if select.select([s], [], [], 0)[0] else 0
    fcntl.fcntl(s, fcntl.F_SETFL, fcntl.fcntl(s, fcntl.F_GETFL) | os.O_NONBLOCK)
    got = []
    for n in (int(x) for x in reads.split(',') if x):
        time.sleep(0.01)
        try:
            r = os.read(s, n)
            got.append(esc(r) if r else '<0>')
        except BlockingIOError:
            got.append('<AGAIN>')
    drain(0.01)
    print('%s echo=%s ready=%d reads=%s sigs=%s' % (name, esc(out), ready, '|'.join(got),
          ','.join(str(int(x)) for x in sigs)), flush=True)

try:
    m, s = pty.openpty()
    os.close(m)
    os.close(s)
except OSError as e:
    print('SKIP no pty: %s' % e)
    sys.exit(0)
for line in open(sys.argv[1]):
    fields = line.rstrip('\n').split('|')
    pid = os.fork()
    if pid == 0:
        try:
            run(*fields)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
PY
}

"$unit" cases > "$work/cases.txt"
"$unit" replay > "$work/ours.txt" 2>&1
if ! command -v python3 >/dev/null; then
	echo "SKIP unixtty/pty: python3 missing, no Linux pty comparison"
else
	pty_helper "$work/cases.txt" > "$work/linux.txt" 2>&1
	if grep -q '^SKIP' "$work/linux.txt"; then
		echo "SKIP unixtty/pty: $(head -1 "$work/linux.txt")"
	else
		while IFS='|' read -r name _; do
			want=$(grep -m1 "^$name " "$work/linux.txt")
			got=$(grep -m1 "^$name " "$work/ours.txt")
			if [ -z "$want" ]; then
				fail "pty/$name" "no result from the pty helper: $(grep -v ' echo=' "$work/linux.txt" | head -2 | tr '\n' ' ')"
			elif [ "$want" = "$got" ]; then
				pass "pty/$name"
			else
				fail "pty/$name" "linux: ${want#"$name "} ours: ${got#"$name "}"
			fi
		done < "$work/cases.txt"
	fi
fi

# ---- freestanding build ---------------------------------------------------------------
undef=$(nm -u "$fobj" 2>&1 | awk '{ print $NF }' | grep -Ev '^(memcpy|memset|memmove|memcmp)$' | tr '\n' ' ')
if [ ! -s "$fobj" ]; then
	fail freestanding "no $fobj"
elif [ -n "$undef" ]; then
	fail freestanding "undefined: $undef"
else
	pass freestanding
fi

rm -f "$work/unit.out"
echo "DONE unixtty"
