/* SPDX-License-Identifier: BSD-2-Clause */
/* exec.h - execve (exec.c). */
#ifndef UNIX_EXEC_H
#define UNIX_EXEC_H

/* Start process 1 running path with the space-separated words of args. */
int exec_first(const char *path, const char *args);
/* 16 bytes of AT_RANDOM and getrandom (random.c). */
void unix_random(void *buf, size_t n);

#endif
