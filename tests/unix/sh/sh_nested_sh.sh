# SPDX-License-Identifier: BSD-2-Clause
# Nested shells: sh -c with arguments, exit codes through levels, exec.
set -u
d=/tmp/sh_nested_sh
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
sh -c 'echo "args: $0 $1 $2"' zero one two
sh -c 'sh -c "exit 7"; echo "inner $?"; exit 3'; echo "outer $?"
sh -c 'exec echo exec replaced the shell; echo not reached'
echo 'echo from a script file $1' > s.sh
sh s.sh arg
chmod +x s.sh; ./s.sh direct 2>&1 || echo "no shebang status $?"
printf '#!/bin/sh\necho shebang ok\n' > t.sh; chmod +x t.sh; ./t.sh
