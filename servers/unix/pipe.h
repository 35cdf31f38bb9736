/* SPDX-License-Identifier: BSD-2-Clause */
/* pipe.h - pipes and FIFOs (pipe.c). */
#ifndef UNIX_PIPE_H
#define UNIX_PIPE_H

#include <stdbool.h>
#include "vfs.h"

#define PIPE_BUF_ATOMIC 4096    /* PIPE_BUF: writes up to this are atomic */
#define PIPE_SIZE_DEFAULT 65536

int pipe_init(void);
/* An open of a FIFO that must wait for the other end (vfs_open said EAGAIN
 * with fifo_open_queue set): park t until it comes; fifo_open_again when the
 * open runs again. */
extern struct urt_list *fifo_open_queue;
long fifo_open_wait(struct uthread *t);
void fifo_open_again(struct uthread *t);
/* The queue a blocked read (write) of f waits on, or NULL if f is no pipe. */
struct urt_list *pipe_wait_queue(struct file *f, bool write);
int pipe_bytes(struct file *f);
/* poll(2) events of f, or -1 if f is no pipe. */
long pipe_size(struct file *f);
long pipe_set_size(struct file *f, uint64_t size);

#endif
