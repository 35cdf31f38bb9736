#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# initexit.sh - process 1 of run.py's second boot (boot_init_exit): it ends
# at once (exit 3), leaving three children: two end a second later, the
# third says ORPHAN-DONE two seconds after that and stays.
sleep 1 &
sleep 1 &
(sleep 3; echo ORPHAN-DONE; exec sleep 99) &
exit 3
