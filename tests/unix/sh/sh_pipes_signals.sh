# SPDX-License-Identifier: BSD-2-Clause
# Pipelines and SIGPIPE: a reader that stops early, yes | head.
set -u
d=/tmp/sh_pipes_signals
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
yes | head -n 3
seq 1 100000 | head -n 2
seq 1 100000 | grep -m 1 99
yes abc | head -c 10; echo
(seq 1 1000; echo "after seq: writer finished") | tail -n 1
