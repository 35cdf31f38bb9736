# SPDX-License-Identifier: BSD-2-Clause
# getopts, a counter loop and string building.
set -u
d=/tmp/sh_getopts_loop
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
parse() {
  OPTIND=1
  while getopts "ab:c" opt; do
    case $opt in
      a) echo "flag a";;
      b) echo "b=$OPTARG";;
      c) echo "flag c";;
      *) echo "bad option";;
    esac
  done
  shift $((OPTIND - 1)); echo "rest: $*"
}
parse -a -b val -c file1 file2
parse -x 2>/dev/null
s=""
i=0; while [ $i -lt 5 ]; do s="$s$i"; i=$((i + 1)); done; echo "$s"
