# SPDX-License-Identifier: BSD-2-Clause
# stat formats, touch -d/-r/-c, truncate, mkfifo and mknod, ls -l columns
# that do not depend on time.
set -u
d=/tmp/sh_stat_touch
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
umask 022
echo data > f
touch -d '2001-02-03 04:05:06' f
TZ=UTC stat -c '%n %s %a %F %Y' f
touch -r f g; stat -c '%Y' g
touch -c nothere; [ -e nothere ] || echo touch -c made nothing
truncate -s 10000 f; stat -c '%s' f
truncate -s 10 f; stat -c %s f; od -c f
mkfifo p; stat -c '%F %a' p
mknod c c 1 3; stat -c '%F %t %T' c
ln -s f l; stat -c '%F' l; stat -L -c '%F' l
mkdir dd; stat -c '%F %h' dd; mkdir dd/x dd/y; stat -c '%h' dd
ls -l f | cut -c1-10
ls -ld dd | cut -c1-10
chmod 4755 f; ls -l f | cut -c1-10
chmod 1777 dd; ls -ld dd | cut -c1-10
