#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/host/comp/run.sh COMPCHECK UNIT "FREESTANDING_OBJS" WORKDIR
#
# The composition tests, run from the top of the tree by `make comp-test`.
# Prints one `TEST comp/<name> PASS` or `TEST comp/<name> FAIL <reason>`
# line per test and `DONE comp` at the end:
#   comp/bad/<n>          tests/host/comp/bad/<n>.comp is refused (exit 1) with exactly
#                         the stderr in <n>.err, and nothing on stdout; with the
#                         options in <n>.args when that file exists
#   comp/good/<n>         tests/host/comp/good/<n>.comp is accepted (exit 0), with
#                         --bin (a directory of the modules it names) and --ram 1G,
#                         printing exactly the warnings in <n>.warn (none without it)
#   comp/good/<n>.<mode>  `compcheck --<mode>` prints exactly <n>.<mode>
#                         (mode: order, dot, modules; when the file exists)
#   comp/compositions/<n> compositions/<n>.comp is valid, silently, with --bin and
#                         --ram 256M (what `make run` boots); the one warning
#                         allowed is that a `pci` grant is looked for at boot
#                         (default.comp's virtio-rng: `make run` adds the device)
#   comp/doc-example      docs/COMPOSITION.md's example is tests/host/comp/good/storage.comp
#   comp/dot-render       `dot -Tsvg` renders the graph of compositions/default.comp
#   comp/warn/*           what was not checked: warnings, exit 0
#   comp/usage/*          command-line errors exit 2
#   comp/freestanding     the target build of lib/comp (FREESTANDING_OBJS, one word,
#                         space-separated) needs only lib/ symbols
#   comp/unit/*           tests/host/comp/unit.c (printed by the unit program)
set -u

cc=$1 unit=$2 fobjs=$3 work=$4
mkdir -p "$work"

pass() { echo "TEST comp/$1 PASS"; }
fail() { echo "TEST comp/$1 FAIL $2"; }

# first line where $1 (expected) and $2 (got) differ, as a one-line reason
first_diff() {
	local d
	d=$(diff <(printf '%s\n' "$1") <(printf '%s\n' "$2") | grep -m2 '^[<>]' | tr '\n' ' ')
	echo "output differs: $d"
}

# A directory of empty files named as the boot modules $1 needs (for --bin).
fake_bin() {
	local dir
	dir=$work/bin/$(basename "$1" .comp)
	rm -rf "$dir"
	mkdir -p "$dir"
	for m in $("$cc" --modules "$1" 2>/dev/null); do
		: >"$dir/$m"
	done
	echo "$dir"
}

for f in tests/host/comp/bad/*.comp; do
	n=$(basename "$f" .comp)
	errf=${f%.comp}.err
	if [ ! -f "$errf" ]; then
		fail "bad/$n" "no $errf"
		continue
	fi
	args=
	[ -f "${f%.comp}.args" ] && args=$(cat "${f%.comp}.args")
	# shellcheck disable=SC2086  # the options are words
	got=$("$cc" $args "$f" 2>&1 >"$work/stdout")
	rc=$?
	want=$(cat "$errf")
	if [ $rc -ne 1 ]; then
		fail "bad/$n" "exit $rc, expected 1"
	elif [ -s "$work/stdout" ]; then
		fail "bad/$n" "printed on stdout"
	elif [ "$got" != "$want" ]; then
		fail "bad/$n" "$(first_diff "$want" "$got")"
	else
		pass "bad/$n"
	fi
done

for f in tests/host/comp/good/*.comp; do
	n=$(basename "$f" .comp)
	want=
	[ -f "${f%.comp}.warn" ] && want=$(cat "${f%.comp}.warn")
	got=$("$cc" --bin "$(fake_bin "$f")" --ram 1G "$f" 2>&1 >"$work/stdout")
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "good/$n" "exit $rc: $(echo "$got" | head -1)"
		continue
	elif [ -s "$work/stdout" ]; then
		fail "good/$n" "printed on stdout"
		continue
	elif [ "$got" != "$want" ]; then
		fail "good/$n" "$(first_diff "$want" "$got")"
		continue
	fi
	pass "good/$n"
	for mode in order dot modules; do
		exp=${f%.comp}.$mode
		[ -f "$exp" ] || continue
		got=$("$cc" "--$mode" "$f" 2>&1)
		rc=$?
		if [ $rc -ne 0 ]; then
			fail "good/$n.$mode" "exit $rc"
		elif [ "$got" != "$(cat "$exp")" ]; then
			fail "good/$n.$mode" "$(first_diff "$(cat "$exp")" "$got")"
		else
			pass "good/$n.$mode"
		fi
	done
done

for f in compositions/*.comp; do
	n=$(basename "$f" .comp)
	got=$("$cc" --bin "$(fake_bin "$f")" --ram 256M "$f" 2>&1)
	rc=$?
	got=$(echo "$got" | grep -v "^$f:[0-9]*: warning: 'pci [^']*' of '[^']*' is looked for at boot: compcheck cannot know the machine's PCI functions$")
	if [ $rc -eq 0 ] && [ -z "$got" ]; then
		pass "compositions/$n"
	else
		fail "compositions/$n" "exit $rc: $(echo "$got" | head -1)"
	fi
done

# The complete example of docs/COMPOSITION.md is a tested file.
doc=$(awk '/^```$/{if(on){exit}} on{print} /^```$/{on=1}' docs/COMPOSITION.md)
if [ "$doc" = "$(cat tests/host/comp/good/storage.comp)" ]; then
	pass doc-example
else
	fail doc-example "$(first_diff "$(cat tests/host/comp/good/storage.comp)" "$doc")"
fi

# Graphviz must accept the exported graph and draw every component.
if ! command -v dot >/dev/null 2>&1; then
	fail dot-render "dot not installed (bash mk/deps.sh graphviz)"
elif ! "$cc" --dot compositions/default.comp >"$work/default.dot"; then
	fail dot-render "compcheck --dot failed"
elif ! dot -Tsvg "$work/default.dot" >"$work/default.svg" 2>"$work/dot.err"; then
	fail dot-render "dot: $(head -1 "$work/dot.err")"
else
	missing=
	for c in $("$cc" --order compositions/default.comp); do
		grep -q "<title>$c</title>" "$work/default.svg" || missing="$missing $c"
	done
	if [ -n "$missing" ]; then
		fail dot-render "not drawn:$missing"
	else
		pass dot-render
	fi
fi

# Command-line misuse: exit 2 with a message.
check_usage() {
	local name=$1 want=$2
	shift 2
	got=$("$cc" "$@" 2>&1)
	rc=$?
	if [ $rc -ne 2 ]; then
		fail "usage/$name" "exit $rc, expected 2"
	elif [ "$got" != "$want" ]; then
		fail "usage/$name" "$(first_diff "$want" "$got")"
	else
		pass "usage/$name"
	fi
}
usage="usage: compcheck [--bin DIR] [--ram SIZE] [--order | --dot | --modules] FILE"
min=compositions/minimal.comp
check_usage no-file "$usage"
check_usage bad-mode "$usage" --svg $min
check_usage two-modes "$usage" --order --dot $min
check_usage two-files "$usage" $min $min
check_usage missing "compcheck: tests/host/comp/nosuch.comp: No such file or directory" tests/host/comp/nosuch.comp
check_usage bin-no-value "$usage" $min --bin
check_usage bin-twice "$usage" --bin tests/host/comp/bin --bin tests/host/comp/bin $min
check_usage bin-missing "compcheck: --bin tests/host/comp/nosuch: No such file or directory" \
	--bin tests/host/comp/nosuch $min
check_usage bin-not-dir "compcheck: --bin tests/host/comp/run.sh: Not a directory" \
	--bin tests/host/comp/run.sh $min
check_usage ram-no-value "$usage" $min --ram
check_usage ram-twice "$usage" --ram 1G --ram 2G $min
check_usage ram-bad "compcheck: --ram 12Q: a size with an optional K, M or G suffix, not zero" \
	--ram 12Q $min
check_usage ram-zero "compcheck: --ram 0: a size with an optional K, M or G suffix, not zero" \
	--ram 0 $min

# What the checker was not told is said, on stderr, when the file is valid
# (exit 0) and only when checking: the output modes print what they are asked.
check_warn() {
	local name=$1 want=$2
	shift 2
	got=$("$cc" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "warn/$name" "exit $rc, expected 0"
	elif [ "$got" != "$want" ]; then
		fail "warn/$name" "$(first_diff "$want" "$got")"
	else
		pass "warn/$name"
	fi
}
nobin="compcheck: warning: no --bin DIR: binaries and files not looked for"
noram="compcheck: warning: no --ram SIZE: memory budgets not compared with the machine's RAM"
check_warn no-options "$nobin
$noram" $min
check_warn no-bin "$nobin" --ram 256M $min
check_warn no-ram "$noram" --bin "$(fake_bin $min)" $min
check_warn found "" --bin "$(fake_bin $min)" --ram 4M $min
check_warn order-quiet "" --order $min
check_warn modules-quiet "" --modules $min
check_warn pci "tests/host/comp/good/full.comp:27: warning: 'pci 00:1f.2' of 'iokit' is looked for at boot: compcheck cannot know the machine's PCI functions
tests/host/comp/good/full.comp:28: warning: 'pci 8086:100e' of 'iokit' is looked for at boot: compcheck cannot know the machine's PCI functions
$nobin
$noram" tests/host/comp/good/full.comp

# The composer links the parser freestanding (every lib/comp object): together
# they may only need lib/ symbols; what one object needs from another is theirs.
allowed="memcmp memcpy memmove memset num_digit num_parse_u64 num_scan snfmt strcmp strlen strncmp vsnfmt"
missing= defined= extra=
for o in $fobjs; do
	[ -f "$o" ] || missing="$missing $o"
done
if [ -z "$fobjs" ] || [ -n "$missing" ]; then
	fail freestanding "no object:${missing:- none given}"
else
	defined=" $(nm --defined-only $fobjs | awk 'NF == 3 {print $3}' | tr '\n' ' ') "
	for s in $(nm -u $fobjs | awk 'NF == 2 {print $2}' | sort -u); do
		case " $allowed $defined " in
		*" $s "*) ;;
		*) extra="$extra $s" ;;
		esac
	done
	if [ -n "$extra" ]; then
		fail freestanding "undefined symbols outside lib/:$extra"
	else
		pass freestanding
	fi
fi

"$unit" || true
echo "DONE comp"
