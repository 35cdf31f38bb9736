#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/bench/unix/boot.sh B [DEVICES] - BENCH unix_boot_to_prompt: instructions from
# QEMU's start (power-on) to the first shell prompt of the default system
# (docs/PERFORMANCE.md, "Boot to the first prompt").
#
# Boots compositions/default.comp with one word added to unixd's args,
# `bench=prompt` (written to B/unixbench/boot.comp), on the machine of the
# other benchmarks (tools/qemu-run --bench: -icount shift=0,sleep=off, so the
# TSC counts instructions, plus the time the CPU halted, since QEMU started)
# with the devices `make run` adds (DEVICES, the Makefile's RUN_DEVICES) and
# COM2 - the UNIX terminal - in B/logs/unixboot-com2.log.  unixd prints
# the TSC when a process first reads or polls the terminal: busybox's login
# shell, right after it has written its first prompt.  The run stops there,
# and counts only if COM2 ends with the prompt.  RUNS boots (default 3);
# prints minimum and median, and the medians of the kernel's idle time
# (DBT_STAT_IDLE_TSC) and of the part before the kernel clock started
# (firmware and the kernel's own start: tsc - clock_ns).
set -u
B=${1:?usage: boot.sh BUILD_DIR [DEVICES]}
DEVICES=${2:-}
RUNS=${RUNS:-3}
PROMPT='root@darbat:/# '
comp=$B/unixbench/boot.comp
mkdir -p "$B/unixbench" "$B/logs"
awk '/^component /{c=$2} c=="unixd" && $1=="args"{$0=$0" bench=prompt"} {print}' \
	compositions/default.comp > "$comp"
grep -q 'bench=prompt' "$comp" || { echo "boot.sh: no args line for unixd in default.comp"; exit 1; }
mods=(--module "$B/bin/composer.elf" --module "$comp")
for m in $("$B/tools/compcheck" --modules "$comp"); do
	mods+=(--module "$B/bin/$m")
done

tsc=() idle=() early=()
for i in $(seq "$RUNS"); do
	log=$B/logs/unixboot.log com2=$B/logs/unixboot-com2.log hold=$B/unixbench/hold
	rm -f "$com2" "$hold"
	# QEMU goes on until the prompt is on COM2 (the driver sends it after
	# the shell has written it) or 20 s passed; the figure is taken already
	( for _ in $(seq 200); do
		grep -qF "$PROMPT" "$com2" 2>/dev/null && break
		sleep 0.1
	  done; touch "$hold" ) &
	python3 tools/qemu-run --kernel "$B/kernel/darbat.bin" --bench "${mods[@]}" \
		--extra-qemu "$DEVICES -serial file:$com2" --timeout 300 --log "$log" \
		--stop-on "unixd: terminal input first asked" --hold-until "$hold" || exit 1
	wait
	line=$(grep -m1 'unixd: terminal input first asked' "$log")
	if ! tr -d '\r' < "$com2" | sed 's/\x1b\[6n//g' | tail -c ${#PROMPT} | grep -qxF "$PROMPT"; then
		echo "boot.sh: run $i: COM2 ($com2) does not end with the prompt '$PROMPT'"
		exit 1
	fi
	t=$(sed -n 's/.* tsc=\([0-9]*\) .*/\1/p' <<< "$line")
	tsc+=("$t")
	idle+=("$(sed -n 's/.* idle=\([0-9]*\) .*/\1/p' <<< "$line")")
	early+=("$((t - $(sed -n 's/.* clock_ns=\([0-9]*\).*/\1/p' <<< "$line")))")
	echo "unixboot: run $i: $line"
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
min=$(printf '%s\n' "${tsc[@]}" | sort -n | head -1)
echo "BENCH unix_boot_to_prompt min=$min median=$(median "${tsc[@]}") unit=insns" \
	"idle_median=$(median "${idle[@]}") before_clock_median=$(median "${early[@]}") runs=$RUNS"
