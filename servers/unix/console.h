/* SPDX-License-Identifier: BSD-2-Clause */
/* console.h - the console terminal and the random devices (console.c). */
#ifndef UNIX_CONSOLE_H
#define UNIX_CONSOLE_H

#include <stdbool.h>
#include "unixd.h"

#define UNIX_BADGE_INTERNAL 0xfffffffffull      /* unixd's own threads */

#define UNIX_LABEL_INPUT   0x400  /* bytes typed at the terminal (console.c) */
#define UNIX_LABEL_CONTROL 0x401  /* a management console command (control.c) */

int devices_init(void);
int control_init(void);
void control_command(const char *text);
int console_init(void);
/* A message from unixd's own threads (label); true: answer with *reply_tag. */
bool console_message(dbt_word_t label, const dbt_word_t *mr, dbt_word_t *reply_tag);
/* A session leader exited: its controlling terminal's foreground group
 * gets SIGHUP and SIGCONT (tty_session_gone; any terminal, not only the console). */
void console_session_gone(int sid);
int console_fg_pgrp(void);

#endif
