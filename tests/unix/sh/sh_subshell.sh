# SPDX-License-Identifier: BSD-2-Clause
# Subshells and command substitution: variables and cwd stay inside, exit codes come out.
set -u
d=/tmp/sh_subshell
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
x=outer
(x=inner; cd /; echo "in subshell: $x $(pwd)")
echo "after: $x $(pwd)"
y=$(echo nested $(echo deeper))
echo "$y"
z=`echo backticks`
echo "$z"
(exit 3); echo "subshell status $?"
false | true; echo "pipeline status $?"
true | false; echo "pipeline status $?"
n=$(printf 'a\nb\n\n\n')
echo "trailing newlines stripped: [$n]"
