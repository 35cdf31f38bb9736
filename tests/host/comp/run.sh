#!/usr/bin/env bash
# tests/host/comp/run.sh COMPCHECK UNIT "FREESTANDING_OBJS" WORKDIR
#
# The composition tests, run from the top of the tree by `make comp-test`.
# Prints one `TEST comp/<name> PASS` or `TEST comp/<name> FAIL <reason>`
# line per test and `DONE comp` at the end:
#   comp/bad/<n>          tests/host/comp/bad/<n>.comp is refused (exit 1) with exactly
#                         the stderr in <n>.err, and nothing on stdout
#   comp/good/<n>         tests/host/comp/good/<n>.comp is accepted silently (exit 0)
#   comp/good/<n>.<mode>  `compcheck --<mode>` prints exactly <n>.<mode>
#                         (mode: order, dot, modules; when the file exists)
#   comp/compositions/<n> compositions/<n>.comp is valid
#   comp/doc-example      docs/COMPOSITION.md's example is tests/host/comp/good/storage.comp
#   comp/dot-render       `dot -Tsvg` renders the graph of compositions/default.comp
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

for f in tests/host/comp/bad/*.comp; do
	n=$(basename "$f" .comp)
	errf=${f%.comp}.err
	if [ ! -f "$errf" ]; then
		fail "bad/$n" "no $errf"
		continue
	fi
	got=$("$cc" "$f" 2>&1 >"$work/stdout")
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
	got=$("$cc" "$f" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] || [ -n "$got" ]; then
		fail "good/$n" "exit $rc: $(echo "$got" | head -1)"
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
	got=$("$cc" "$f" 2>&1)
	rc=$?
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
check_usage no-file "usage: compcheck [--order | --dot | --modules] FILE"
check_usage bad-mode "usage: compcheck [--order | --dot | --modules] FILE" --svg compositions/default.comp
check_usage missing "compcheck: tests/host/comp/nosuch.comp: No such file or directory" tests/host/comp/nosuch.comp

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
