#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/unix/selftest.sh - host self-test of tools/unix-compare: a log with
# a passing test, a differing one, a cut one, a missing one and an
# unrecorded one; checks every output line and the exit status, then that
# a clean log passes with status 0.  Prints "TEST unix-selftest/NAME PASS|FAIL".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cmp="python3 $top/tools/unix-compare"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0

check() {   # check NAME CONDITION-COMMAND...
	local name=$1
	shift
	if "$@"; then
		echo "TEST unix-selftest/$name PASS"
	else
		echo "TEST unix-selftest/$name FAIL"
		fails=$((fails + 1))
	fi
}

mkdir "$work/exp"
printf 'one\ntwo\n=== END good status=exit:0\n' > "$work/exp/good.out"
printf 'alpha\nbeta\n=== END differs status=exit:0\n' > "$work/exp/differs.out"
printf 'x\n=== END cut status=exit:0\n' > "$work/exp/cut.out"
printf 'y\n=== END missing status=exit:0\n' > "$work/exp/missing.out"
printf 'z\n=== END killed status=signal:SIGKILL\n' > "$work/exp/killed.out"
cat > "$work/run.log" <<'LOG'
boot noise before any test
=== BEGIN good
one
two
=== END good status=exit:0
=== BEGIN differs
alpha
BETA
=== END differs status=exit:0
=== BEGIN killed
z
=== END killed status=exit:0
=== BEGIN unrecorded
hello
=== END unrecorded status=exit:0
=== BEGIN cut
x
LOG
$cmp --expected "$work/exp" --log "$work/run.log" > "$work/out"
rc=$?
cat > "$work/want" <<'WANT'
TEST unix/cut FAIL no END line (output cut after line 1)
TEST unix/differs FAIL first differing line 2: expected 'beta' got 'BETA'
TEST unix/good PASS
TEST unix/killed FAIL first differing line 2: expected '=== END killed status=signal:SIGKILL' got '=== END killed status=exit:0'
TEST unix/missing FAIL missing from the log
TEST unix/unrecorded FAIL no expected output (record it: tools/linux-record --only unrecorded)
WANT
check mixed_log_lines diff -u "$work/want" "$work/out"
check mixed_log_status test "$rc" -eq 1

# --only narrows the set; a clean log passes with status 0
$cmp --expected "$work/exp" --log "$work/run.log" --only good > "$work/out2"
rc=$?
check only_good_passes test "$rc" -eq 0 -a "$(cat "$work/out2")" = "TEST unix/good PASS"

# a longer output than expected, and a shorter one
printf '=== BEGIN good\none\ntwo\nthree\n=== END good status=exit:0\n' > "$work/long.log"
$cmp --expected "$work/exp" --log "$work/long.log" --only good > "$work/out3"
check longer_output grep -qx "TEST unix/good FAIL first differing line 3: expected '=== END good status=exit:0' got 'three'" "$work/out3"
printf '=== BEGIN good\none\n=== END good status=exit:0\n' > "$work/short.log"
$cmp --expected "$work/exp" --log "$work/short.log" --only good > "$work/out4"
check shorter_output grep -qx "TEST unix/good FAIL first differing line 2: expected 'two' got '=== END good status=exit:0'" "$work/out4"

# a marker not at the start of its line is output, not a marker
printf '=== BEGIN good\none\ntwo\nx === END good status=exit:0\n=== END good status=exit:0\n' > "$work/mid.log"
$cmp --expected "$work/exp" --log "$work/mid.log" --only good > "$work/out5"
check marker_mid_line grep -q "FAIL first differing line 3" "$work/out5"

# a missing log is an error
$cmp --expected "$work/exp" --log "$work/nonexistent.log" > /dev/null 2>&1
check missing_log test $? -eq 1

[ $fails -eq 0 ]
