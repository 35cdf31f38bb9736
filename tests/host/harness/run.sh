#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/host/harness/run.sh [WORKDIR] - tests of the test harness itself:
# tools/summarize, tools/qemu-run, the composer and iokitd runners and
# mk/deps.sh, with made-up logs and a fake QEMU (a script that prints what a
# scenario's serial console would, or nothing), so no guest boots: a few
# seconds.  Each case is a defect the harness had (a suite that ran no test
# passing, a timeout the summary never saw, a check that could never fail,
# tests counted twice, apt-get failing on a held lock) or a behaviour it
# must keep.
#
# Prints `TEST harness/<tool>/<case> PASS|FAIL <why>` lines, then
# `DONE harness`; exits 1 if a case failed.  HARNESS_TOOLS=DIR tests the
# tools in DIR instead of tools/ (e.g. an older checkout's, to see the
# cases fail there); HARNESS_DEPS=FILE likewise for mk/deps.sh.
# Run by `make test` (build/logs/harness.log); alone:
#   bash tests/host/harness/run.sh build/harness
set -u
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
TOOLS=${HARNESS_TOOLS:-$TOP/tools}
DEPS=${HARNESS_DEPS:-$TOP/mk/deps.sh}
WORK=${1:-$TOP/build/harness}
rm -rf "$WORK"
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
failed=0

pass() { echo "TEST harness/$1 PASS"; }
fail() { echo "TEST harness/$1 FAIL $2"; failed=1; }
# check NAME WHY COMMAND...: PASS if COMMAND succeeds
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then pass "$name"; else fail "$name" "$why"; fi
}
has() { grep -qF -- "$2" "$1" 2>/dev/null; }
hasnt() { ! grep -qF -- "$2" "$1" 2>/dev/null; }
lines() { [ "$(grep -cF -- "$2" "$1" 2>/dev/null)" = "$3" ]; }

# summarize LOGDIR ARGS... -> $WORK/sum.out (stdout and stderr), $? = its exit status
summarize() {
	python3 "$TOOLS/summarize" "$@" > "$WORK/sum.out" 2>&1
}

# ---- tools/summarize ---------------------------------------------------------------
d=$WORK/sum
mkdir -p "$d"
printf 'ktest-smoke.log 7\nother.log 2\n' > "$d/counts"
printf 'TEST a PASS\nTEST b PASS\n' > "$d/other.log"

# a suite that ran no test: `SUITE smoke DONE 0 tests`, no status
printf 'SUITE smoke DONE 0 tests\n' > "$d/ktest-smoke.log"
: > "$d/ktest-smoke.status"
summarize --expected "$d/counts" "$d/ktest-smoke.log" "$d/other.log"
rc=$?
check summarize/empty_suite_fails "an empty suite passed: $(tail -n 1 "$WORK/sum.out")" \
	eval '[ $rc -ne 0 ] && has "$WORK/sum.out" "FAIL ktest-smoke.log: harness: 0 tests, expected 7"'

# the same with the counts file at its default place (tests/expected-counts)
summarize "$d/ktest-smoke.log"
rc=$?
check summarize/default_counts_file "without --expected an empty ktest-smoke.log passed" \
	eval '[ $rc -ne 0 ] && has "$WORK/sum.out" "FAIL ktest-smoke.log: harness: 0 tests, expected"'

# a misspelled suite: ktest-smok.log written, ktest-smoke.log never
rm -f "$d/ktest-smoke.log" "$d/ktest-smoke.status"
printf 'SUITE smok DONE 0 tests\n' > "$d/ktest-smok.log"
: > "$d/ktest-smok.status"
summarize --expected "$d/counts" "$d/ktest-smok.log" "$d/other.log"
rc=$?
check summarize/misspelled_suite_fails "a misspelled suite passed: $(head -n 3 "$WORK/sum.out" | tr '\n' '|')" \
	eval '[ $rc -ne 0 ] && has "$WORK/sum.out" "FAIL ktest-smok.log: harness: 0 tests, but" &&
	      has "$WORK/sum.out" "FAIL ktest-smoke.log: harness: no such log"'
rm -f "$d/ktest-smok.log" "$d/ktest-smok.status"

# a suite cut short: fewer tests than expected, though all of them passed
printf 'TEST a PASS\n' > "$d/other.log"
printf 'TEST s%d PASS\n' 1 2 3 4 5 6 7 > "$d/ktest-smoke.log"
summarize --expected "$d/counts" "$d/ktest-smoke.log" "$d/other.log"
rc=$?
check summarize/fewer_than_expected_fails "1 of 2 tests passed as complete" \
	eval '[ $rc -ne 0 ] && has "$WORK/sum.out" "FAIL other.log: harness: 1 tests, expected 2" &&
	      has "$WORK/sum.out" "8 passed, 1 failed"'

# a whole run as expected passes, with the exact closing line
printf 'TEST a PASS\nTEST b PASS\nnoise TEST c FAIL\n' > "$d/other.log"
summarize --expected "$d/counts" "$d/ktest-smoke.log" "$d/other.log"
rc=$?
check summarize/complete_run_passes "$(tail -n 1 "$WORK/sum.out") (exit $rc)" \
	eval '[ $rc -eq 0 ] && [ "$(tail -n 1 "$WORK/sum.out")" = "9 passed, 0 failed" ]'

# one test on two lines (two runs, or a check named like another) counts once,
# failed if either line failed
printf 'ktest-smoke.log 7\nother.log 2\ndup.log 2\n' > "$d/counts"
printf 'TEST a PASS\nTEST b PASS\n' > "$d/other.log"
printf 'TEST d/x PASS\nTEST d/y PASS\nTEST d/x PASS\nTEST d/y FAIL second run\n' > "$d/dup.log"
summarize --expected "$d/counts" "$d/ktest-smoke.log" "$d/other.log" "$d/dup.log"
check summarize/duplicate_counted_once "got: $(tail -n 1 "$WORK/sum.out")" \
	eval '[ "$(tail -n 1 "$WORK/sum.out")" = "10 passed, 1 failed" ] &&
	      has "$WORK/sum.out" "FAIL d/y: second run"'
rm -f "$d/dup.log"

# harness failures: X.status and X.log.status next to X.log, a missing log
printf 'ktest-smoke.log 7\nother.log 2\n' > "$d/counts"
echo "qemu-run: timeout after 60s" > "$d/other.status"
echo "basic: qemu-run: timeout after 90s waiting for 'CONSOLE-END'" > "$d/other.log.status"
summarize --expected "$d/counts" "$d/ktest-smoke.log" "$d/other.log"
rc=$?
check summarize/status_files_fail "$(tr '\n' '|' < "$WORK/sum.out")" \
	eval '[ $rc -ne 0 ] && has "$WORK/sum.out" "FAIL other.log: harness: qemu-run: timeout after 60s" &&
	      has "$WORK/sum.out" "FAIL other.log: harness: basic: qemu-run: timeout after 90s" &&
	      has "$WORK/sum.out" "9 passed, 2 failed"'
rm -f "$d/other.status" "$d/other.log.status"

# --write-expected: counts from a run, comments kept, no silent lowering
printf '# the counts\nother.log 5\n' > "$d/counts2"
python3 "$TOOLS/summarize" --write-expected "$d/counts2" "$d/ktest-smoke.log" "$d/other.log" \
	> "$WORK/sum.out" 2>&1
check summarize/write_expected "$(tr '\n' '|' < "$d/counts2" 2>/dev/null)" \
	eval 'has "$d/counts2" "# the counts" && grep -qE "^ktest-smoke.log +7$" "$d/counts2" &&
	      grep -qE "^other.log +5$" "$d/counts2"'

# ---- tools/qemu-run with a fake QEMU -------------------------------------------------
# The fake prints $FAKE_DIR/<composition>.out (the first -initrd module
# ending in .comp), or $FAKE_DIR/default.out, then sleeps $FAKE_SLEEP s.
fake=$WORK/fake-qemu
cat > "$fake" <<'EOF'
#!/bin/sh
out=$FAKE_DIR/default.out
while [ $# -gt 0 ]; do
	if [ "$1" = -initrd ]; then
		for m in $(echo "$2" | tr ',' ' '); do
			case "$m" in *.comp) out=$FAKE_DIR/$(basename "$m" .comp).out; break ;; esac
		done
	fi
	shift
done
[ -f "$out" ] && cat "$out"
sleep "${FAKE_SLEEP:-0}"
exit 0
EOF
chmod +x "$fake"
export QEMU=$fake FAKE_DIR=$WORK/fake
mkdir -p "$FAKE_DIR" "$WORK/q"
: > "$WORK/q/kernel.bin"
qemu_run() {
	python3 "$TOOLS/qemu-run" --kernel "$WORK/q/kernel.bin" --log "$WORK/q/run.log" "$@" \
		> "$WORK/q/run.err" 2>&1
}

printf 'booting\n' > "$FAKE_DIR/default.out"
FAKE_SLEEP=5 qemu_run --timeout 1 --stop-on "client: done"
rc=$?
check qemu-run/stop_on_timeout_in_status "status file: '$(cat "$WORK/q/run.status" 2>/dev/null)'" \
	eval '[ $rc -ne 0 ] && has "$WORK/q/run.status" "timeout after 1s waiting for '"'"'client: done'"'"'"'

qemu_run --timeout 10 --stop-on "client: done"
rc=$?
check qemu-run/stop_on_never_seen_in_status "status file: '$(cat "$WORK/q/run.status" 2>/dev/null)'" \
	eval '[ $rc -ne 0 ] && has "$WORK/q/run.status" "no line '"'"'client: done'"'"'"'

printf 'booting\nclient: done\n' > "$FAKE_DIR/default.out"
qemu_run --timeout 10 --stop-on "client: done"
rc=$?
check qemu-run/stop_on_seen_ok "exit $rc, status '$(cat "$WORK/q/run.status" 2>/dev/null)'" \
	eval '[ $rc -eq 0 ] && [ ! -s "$WORK/q/run.status" ]'

printf 'booting\nclient: done\n' > "$FAKE_DIR/default.out"
qemu_run --timeout 10 --stop-on "client: done" --stop-count 2
check qemu-run/stop_count_not_reached "status file: '$(cat "$WORK/q/run.status" 2>/dev/null)'" \
	has "$WORK/q/run.status" "2 times (seen 1)"

# --hold-until: QEMU kept running after the stop line until the file exists
printf 'booting\nclient: done\n' > "$FAKE_DIR/default.out"
rm -f "$WORK/q/asked"
( sleep 1; : > "$WORK/q/asked" ) &
t0=$(date +%s%N)
FAKE_SLEEP=10 qemu_run --timeout 20 --stop-on "client: done" --hold-until "$WORK/q/asked"
rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
wait
check qemu-run/hold_until_file "exit $rc after $ms ms, status '$(cat "$WORK/q/run.status" 2>/dev/null)'" \
	eval '[ $rc -eq 0 ] && [ $ms -ge 900 ] && [ $ms -lt 8000 ] && [ ! -s "$WORK/q/run.status" ]'

printf 'booting\n' > "$FAKE_DIR/default.out"
FAKE_SLEEP=5 qemu_run --timeout 1 --expect-done smoke
check qemu-run/expect_done_timeout_in_status "status file: '$(cat "$WORK/q/run.status" 2>/dev/null)'" \
	has "$WORK/q/run.status" "qemu-run: timeout after 1s"
rm -f "$FAKE_DIR/default.out"

# ---- tests/qemu/composer/run.py with the fake QEMU ---------------------------------------------
u=$WORK/c/bin
mkdir -p "$u" "$WORK/c/logs"
for f in composer comptest hello iokitd; do : > "$u/$f.elf"; done
# authority: a component's FAIL line run into another component's output
cat > "$FAKE_DIR/authority.out" <<'EOF'
composer: system 'authority', 2 components
composer: echo: started (generation 0)
composer: client: started (generation 0)
TEST composer/routed_service_answers PASS
composer: echo: TEST composer/unrouted_refused FAIL the call was answered
comptest: client done
EOF
# dma: generation 0 and generation 1 run the same tests; generation 1 fails one
{
	for g in 0 1; do
		echo "TEST composer/dma_free PASS"
		if [ $g = 0 ]; then echo "TEST composer/dma_budget_given_back PASS"
		else echo "TEST composer/dma_budget_given_back FAIL 3 pages short"; fi
		echo "comptest: dma done, dying with 2 buffers"
	done
	echo "composer: dma: restart limit 1 reached: it stays down"
} > "$FAKE_DIR/dma.out"
# restart: no output at all, QEMU gone (the stop line never comes)
COMPOSER_TEST_ONLY="authority dma restart" python3 "$TOP/tests/qemu/composer/run.py" "$WORK/q/kernel.bin" \
	"$u/composer.elf" "$u/comptest.elf" "$WORK/c/logs" > "$WORK/c/out" 2>&1
clog=$WORK/c/logs/composer.log
check composer-test/component_fail_anywhere_fails "no authority check failed on 'TEST composer/unrouted_refused FAIL' in the output" \
	eval 'grep -qE "^TEST composer/authority/count[0-9]+ FAIL" "$clog"'
check composer-test/repeated_test_once "dma_free $(grep -c 'composer/dma_free ' "$clog" 2>/dev/null) times in composer.log" \
	lines "$clog" "TEST composer/dma_free " 1
check composer-test/repeated_test_fail_kept "$(grep 'dma_budget_given_back' "$clog" 2>/dev/null | tr '\n' '|')" \
	eval 'lines "$clog" "TEST composer/dma_budget_given_back FAIL 3 pages short" 1 &&
	      lines "$clog" "TEST composer/dma_budget_given_back " 1'
check composer-test/stop_line_missing_in_status "composer.status: '$(cat "$WORK/c/logs/composer.status" 2>/dev/null)'" \
	eval 'has "$WORK/c/logs/composer.status" "restart: qemu-run: no line '"'"'failer       failed'"'"'" &&
	      hasnt "$WORK/c/logs/composer.status" "authority:"'
summarize --no-expected "$clog"
check composer-test/stop_line_missing_in_summary "$(tr '\n' '|' < "$WORK/sum.out")" \
	has "$WORK/sum.out" "FAIL composer.log: harness: restart: qemu-run: no line"

# ---- tests/qemu/iokitd/run.py with the fake QEMU: both runs end before their stop line ----------------
b=$WORK/i
mkdir -p "$b/bin" "$b/iokitd/mods"
for f in composer iokitd ioregtest; do : > "$b/bin/$f.elf"; done
for m in exampledrv srvlib srvuser srvdrv oldabi badstart notmod orphan; do : > "$b/iokitd/mods/$m.kmod"; done
mkdir -p "$b/logs"
timeout 120 python3 "$TOP/tests/qemu/iokitd/run.py" --kernel "$WORK/q/kernel.bin" --build "$b" \
	--log "$b/logs/iokitd.log" > "$b/out" 2>&1
check iokit-test/stop_line_missing_in_status "iokitd.log.status: '$(cat "$b/logs/iokitd.log.status" 2>/dev/null)'" \
	eval 'has "$b/logs/iokitd.log.status" "basic: qemu-run: no line '"'"'CONSOLE-END'"'"'" &&
	      has "$b/logs/iokitd.log.status" "instances: qemu-run:"'
summarize --no-expected "$b/logs/iokitd.log"
check iokit-test/stop_line_missing_in_summary "$(grep -c harness "$WORK/sum.out") harness failures" \
	has "$WORK/sum.out" "FAIL iokitd.log: harness: basic: qemu-run: no line"

# ---- mk/deps.sh ----------------------------------------------------------------------------
# (the cases expect gcc's package set: `CC=clang make test` must not add clang's)
export CC=gcc
# `all` names every suite's tools; with none on PATH, one message and the
# apt-get line (DEPS_CHECK_ONLY: never installs)
mkdir -p "$WORK/nobin"
PATH=$WORK/nobin DEPS_CHECK_ONLY=1 /bin/bash "$DEPS" all > "$WORK/deps.out" 2>&1
rc=$?
check deps/all_reports_missing "exit $rc: $(head -n 2 "$WORK/deps.out" | tr '\n' '|')" \
	eval '[ $rc -eq 1 ] && [ "$(wc -l < "$WORK/deps.out")" -eq 2 ] &&
	      has "$WORK/deps.out" "mk/deps.sh: missing host tools:" &&
	      has "$WORK/deps.out" "sfdisk (fdisk)" && has "$WORK/deps.out" "dot (graphviz)" &&
	      grep -qE "apt-get -o DPkg::Lock::Timeout=600 install -y .*qemu-system-x86.*graphviz fdisk gdisk" "$WORK/deps.out"'
# as root with graphviz and the disk tools missing: a fake apt-get that
# fails twice on a held lock; deps.sh waits and tries again, passes
# DPkg::Lock::Timeout to update and install, then finds the tools
fb=$WORK/fakebin
mkdir -p "$fb"
for t in date mktemp grep cat sleep rm chmod; do ln -sf "$(command -v $t)" "$fb/$t"; done
for t in gcc cc make python3 qemu-system-x86_64 ld objcopy nm; do
	printf '#!/bin/sh\n' > "$fb/$t"; chmod +x "$fb/$t"
done
printf '#!/bin/sh\necho 0\n' > "$fb/id"; chmod +x "$fb/id"
cat > "$fb/apt-get" <<'EOF'
#!/bin/sh
echo "$*" >> "$FAKE_APT_LOG"
case " $* " in
*" update "*)
	n=$(cat "$FAKE_APT_LOG.n" 2>/dev/null || echo 0)
	if [ "$n" -lt 2 ]; then
		echo $((n + 1)) > "$FAKE_APT_LOG.n"
		echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
		exit 100
	fi ;;
*" install "*)
	if [ -n "${FAKE_APT_BROKEN:-}" ]; then echo "E: Unable to locate package gdisk" >&2; exit 100; fi
	for p in "$@"; do
		case $p in graphviz) t=dot ;; fdisk) t=sfdisk ;; gdisk) t=sgdisk ;; musl-tools) t=musl-gcc ;;
		e2fsprogs) t="mke2fs e2fsck" ;; *) continue ;; esac
		for x in $t; do printf '#!/bin/sh\n' > "$FAKE_BIN/$x"; chmod +x "$FAKE_BIN/$x"; done
	done ;;
esac
exit 0
EOF
chmod +x "$fb/apt-get"
PATH=$fb FAKE_BIN=$fb FAKE_APT_LOG=$WORK/apt.log DEPS_RETRY_SLEEP=0 /bin/bash "$DEPS" all \
	> "$WORK/deps.out" 2>&1
rc=$?
check deps/all_waits_for_locks_and_installs "exit $rc; apt-get calls: $(tr '\n' '|' 2>/dev/null < "$WORK/apt.log")" \
	eval '[ $rc -eq 0 ] && [ "$(grep -c "^-o DPkg::Lock::Timeout=600 update" "$WORK/apt.log" 2>/dev/null)" = 3 ] &&
	      grep -qE "^-o DPkg::Lock::Timeout=600 install -y -q graphviz fdisk gdisk musl-tools e2fsprogs$" "$WORK/apt.log" &&
	      [ -x "$fb/sgdisk" ]'
# apt-get install failing: one message with the apt-get line, exit 1
rm -f "$fb/dot" "$fb/sfdisk" "$fb/sgdisk" "$fb/musl-gcc" "$fb/mke2fs" "$fb/e2fsck" "$WORK/apt.log"
PATH=$fb FAKE_BIN=$fb FAKE_APT_LOG=$WORK/apt.log FAKE_APT_BROKEN=1 DEPS_RETRY_SLEEP=0 \
	/bin/bash "$DEPS" all > "$WORK/deps.out" 2>&1
rc=$?
check deps/install_failure_says_what "exit $rc: $(grep mk/deps.sh "$WORK/deps.out" | tr '\n' '|')" \
	eval '[ $rc -eq 1 ] && has "$WORK/deps.out" "mk/deps.sh: missing host tools: dot (graphviz), sfdisk (fdisk), sgdisk (gdisk), musl-gcc (musl-tools), mke2fs (e2fsprogs) -- apt-get install failed" &&
	      has "$WORK/deps.out" "  apt-get -o DPkg::Lock::Timeout=600 install -y graphviz fdisk gdisk musl-tools e2fsprogs"'
# present everywhere here: silent, exit 0
DEPS_CHECK_ONLY=1 bash "$DEPS" > "$WORK/deps.out" 2>&1
rc=$?
check deps/base_present_silent "exit $rc: $(head -n 2 "$WORK/deps.out" | tr '\n' '|')" \
	eval '[ $rc -eq 0 ] && [ ! -s "$WORK/deps.out" ]'

echo "DONE harness"
exit $failed
