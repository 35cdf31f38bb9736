# SPDX-License-Identifier: BSD-2-Clause
# env, id, export and the environment seen by children.
set -u
d=/tmp/sh_env_id
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
env | sort
id
id -u; id -g; id -un
export FOO=bar
sh -c 'echo "child sees FOO=$FOO"'
env -i A=1 sh -c 'env' | sort
BAR=once env | grep BAR
unset FOO
sh -c 'echo "FOO is [${FOO-unset}]"'
