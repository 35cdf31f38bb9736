# SPDX-License-Identifier: BSD-2-Clause
# busybox sh redirections and descriptors: >>, 2>&1, exec with fds,
# here-documents, subshells, traps on exit, pipelines' status.
set -u
d=/tmp/t2_sh_redirect
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
echo one > f; echo two >> f; cat f
(echo out; echo err >&2) > both 2>&1; sort both
exec 3> fd3; echo via3 >&3; exec 3>&-; cat fd3
exec 4< f; read -r line <&4; echo "read: $line"; read -r line <&4; echo "read: $line"; exec 4<&-
cat <<EOT
here $((2 + 3))
EOT
cat <<'EOT'
literal $((2 + 3))
EOT
x=outer; (x=inner; echo "sub $x"); echo "main $x"
false | true; echo "pipe status $?"
sh -c 'trap "echo trapped" EXIT; exit 3'; echo "exit $?"
sh -c 'kill -TERM $$; echo not reached'; echo "killed $?"
echo no > /nonexistent/x 2>/dev/null; echo "redir fail $?"
set -o noclobber; echo x > f 2>/dev/null; echo "noclobber $?"; set +o noclobber
echo ok >| f; cat f
