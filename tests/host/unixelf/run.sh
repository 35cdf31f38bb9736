#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/host/unixelf/run.sh UNIT FREESTANDING_OBJ WORKDIR
#
# The tests of unixd's execve pieces, run from the top of the tree by
# `make unixelf-test`.  Prints one `TEST unixelf/<name> PASS|FAIL <reason>`
# line per test and `DONE unixelf` at the end:
#   unixelf/*             crafted, fuzzed and stack tests (tests/host/unixelf/unit.c)
#   unixelf/real/*        plans of real static programs (busybox-static's
#                         /bin/busybox, a musl-gcc -static and a -static-pie
#                         program) equal what readelf reports; busybox cut
#                         short is refused with Linux's errno
#   unixelf/host/KIND/*   the musl programs run on the host kernel and print
#                         the stack it gave them; the same stack built here
#                         has the same string places, aux order, alignment,
#                         AT_PHDR and AT_ENTRY
#   unixelf/freestanding  the sources built with the user flags need only
#                         memcmp/memcpy/memset/strlen from lib/
# Without busybox or musl-gcc the tests needing them pass with "skipped: ...".
# Files made here live in WORKDIR.
set -u

unit=$1 fobj=$2 work=$3
mkdir -p "$work"

pass() { echo "TEST unixelf/$1 PASS${2:+ $2}"; }
fail() { echo "TEST unixelf/$1 FAIL $2"; }

# compare expected ($2) and got ($3) for test $1
same() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		local d
		d=$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | grep -m2 '^[<>]' | tr '\n' ' ')
		fail "$1" "differs: $d"
	fi
}

"$unit" > "$work/unit.out" 2>&1
cat "$work/unit.out"
grep -q '^DONE unit$' "$work/unit.out" ||
	fail unit/complete "tests/host/unixelf/unit.c stopped early: $(grep -v '^TEST ' "$work/unit.out" | head -3 | tr '\n' ' ')"
rm -f "$work/unit.out"

# ---- real files against readelf -------------------------------------------------------

# what `unit plan FILE` prints, from readelf
readelf_plan() {
	local type
	type=$(readelf -hW "$1" | awk '$1 == "Type:" { print $2 }')
	case "$type" in EXEC) echo "type 2" ;; DYN) echo "type 3" ;; *) echo "type $type" ;; esac
	printf 'entry 0x%x\n' "$(readelf -hW "$1" | awk '/Entry point address:/ { print $4 }')"
	readelf -hW "$1" | awk '/Number of program headers:/ { print "phnum " $5 }'
	readelf -lW "$1" | awk '$1 == "INTERP" { i = 1 } END { print "interp " (i ? 1 : 0) }'
	readelf -lW "$1" | awk '$1 == "GNU_STACK" { x = 0; for (i = 7; i < NF; i++) if ($i ~ /E/) x = 1 }
		END { print "stack_exec " (x ? 1 : 0) }'
	readelf -lW "$1" | awk '$1 == "LOAD" { f = ""; for (i = 7; i < NF; i++) f = f $i; print $2, $3, $5, $6, f }' |
		while read -r off va fs ms fl; do
			printf 'load 0x%x 0x%x 0x%x 0x%x %s\n' $((off)) $((va)) $((fs)) $((ms)) "$fl"
		done
}

# the end of the last file byte any PT_LOAD needs
load_file_end() {
	readelf -lW "$1" | awk '$1 == "LOAD" { print $2, $5 }' |
		while read -r off fs; do echo $((off + fs)); done | sort -n | tail -1
}

# busybox cut at each size: refused with Linux's errno until every segment is whole
busybox_truncated() {
	local bb=$1 cut=$work/busybox.cut phend end n want got bad=
	phend=$(( $(readelf -hW "$bb" | awk '/Start of program headers:/ { print $5 }') +
		  56 * $(readelf -hW "$bb" | awk '/Number of program headers:/ { print $5 }') ))
	end=$(load_file_end "$bb")
	for n in 0 16 63 64 $((phend - 1)) $phend 4096 $((end - 1)) $end; do
		head -c "$n" "$bb" > "$cut"
		if [ "$n" -lt "$phend" ]; then want="error -8 -ENOEXEC"
		elif [ "$n" -lt "$end" ]; then want="error -5 -EIO"
		else want=ok
		fi
		got=$("$unit" plan "$cut" 2>&1 | head -1)
		case "$got" in type*) got=ok ;; esac
		[ "$got" = "$want" ] || bad="$bad $n: $got (want $want);"
	done
	rm -f "$cut"
	[ -z "$bad" ] && pass real/busybox_truncated || fail real/busybox_truncated "$bad"
}

if [ -f /bin/busybox ] && command -v readelf >/dev/null; then
	same real/busybox_plan "$(readelf_plan /bin/busybox)" "$("$unit" plan /bin/busybox 2>&1)"
	busybox_truncated /bin/busybox
else
	for t in busybox_plan busybox_truncated; do
		pass real/$t "skipped: no /bin/busybox (busybox-static) or readelf"
	done
fi

# ---- musl programs: plans, and the stack the host kernel builds -------------------------

probe_source() {
	cat <<'C'
/* prints the initial stack as execve left it: tests/host/unixelf/run.sh */
#include <stdio.h>
int main(int argc, char **argv, char **envp)
{
	char **e = envp;
	unsigned long *a, random = 0, platform = 0;
	const char *execfn = "";
	while (*e)
		e++;
	for (a = (unsigned long *)(e + 1);; a += 2) {
		printf("aux %lu %lu\n", a[0], a[1]);
		if (a[0] == 31)
			execfn = (const char *)a[1];
		if (a[0] == 25)
			random = a[1];
		if (a[0] == 15)
			platform = a[1];
		if (a[0] == 0)
			break;
	}
	for (int i = 0; i < argc; i++)
		printf("arg %d %ld %s\n", i, (long)(execfn - argv[i]), argv[i]);
	for (int i = 0; envp[i]; i++)
		printf("env %d %ld %s\n", i, (long)(execfn - envp[i]), envp[i]);
	printf("execfn %s\nsp16 %lu\nplatform16 %lu\nplatdelta %ld\ngap %ld\n", execfn,
	       (unsigned long)(argv - 1) % 16, platform % 16, (long)(platform - random),
	       (long)(random - (unsigned long)(a + 2)));
	return 0;
}
C
}

host_tests="plan build strings auxv_order aux_values tables phdr_entry"
musl=/usr/lib/x86_64-linux-musl

# musl-gcc's specs always name a dynamic linker: a static PIE takes rcrt1.o by hand
build_probes() {
	probe_source > "$work/probe.c"
	musl-gcc -static -O1 -o "$work/probe-static" "$work/probe.c" &&
	musl-gcc -fPIE -static-pie -nostartfiles -Wl,--no-dynamic-linker -Wl,-Bstatic -O1 \
		-o "$work/probe-pie" "$musl/rcrt1.o" "$musl/crti.o" "$(gcc -print-file-name=crtbeginS.o)" \
		"$work/probe.c" "$(gcc -print-file-name=crtendS.o)" "$musl/crtn.o"
}

if command -v musl-gcc >/dev/null && [ -f "$musl/rcrt1.o" ] && build_probes 2>"$work/cc.err"; then
	for kind in static pie; do
		p=$work/probe-$kind
		same real/musl_${kind}_plan "$(readelf_plan "$p")" "$("$unit" plan "$p" 2>&1)"
		env -i A=1 'B=two words' EMPTY= "$p" one "" "three four" > "$work/probe.out" 2>&1
		"$unit" stackcmp "$kind" "$p" < "$work/probe.out"
	done
	rm -f "$work/probe.out"
else
	why="skipped: musl-gcc (musl-tools) missing or failed: $(head -c 200 "$work/cc.err" 2>/dev/null)"
	for kind in static pie; do
		pass real/musl_${kind}_plan "$why"
		for t in $host_tests; do pass host/$kind/$t "$why"; done
	done
fi

# ---- freestanding build ---------------------------------------------------------------
undef=$(nm -u "$fobj" 2>&1 | awk '{ print $NF }' | grep -Ev '^(memcmp|memcpy|memset|strlen)$' | tr '\n' ' ')
if [ ! -s "$fobj" ]; then
	fail freestanding "no $fobj"
elif [ -n "$undef" ]; then
	fail freestanding "undefined: $undef"
else
	pass freestanding
fi

echo "DONE unixelf"
