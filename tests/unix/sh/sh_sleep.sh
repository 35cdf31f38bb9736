# SPDX-License-Identifier: BSD-2-Clause
# sleep: fractional seconds, and time passing.
set -u
d=/tmp/sh_sleep
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
a=$(date +%s)
sleep 1
b=$(date +%s)
[ $((b - a)) -ge 1 ] && echo "at least a second passed"
sleep 0.2 && echo "fractional sleep ok"
date +%Y | awk '{ print ($1 >= 2020) ? "year >= 2020" : "year before 2020" }'
