/* SPDX-License-Identifier: BSD-2-Clause */
/* exec.h - execve (exec.c). */
#ifndef UNIX_EXEC_H
#define UNIX_EXEC_H

/* Start process 1 running path with the space-separated words of args. */
int exec_first(const char *path, const char *args);
/* AT_RANDOM, getrandom and /dev/urandom (random.c): random_init seeds the
 * generator before process 1 starts (waiting up to 3 s for the rng route);
 * unix_random is for the receive loop's thread only. */
void random_init(void);
void unix_random(void *buf, size_t n);

#endif
