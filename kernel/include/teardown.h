/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * teardown.h - per-type destruction, dispatched by obj_reap().
 * Each returns true when the object may be freed now, false to be queued
 * again (a quota waits until the objects charged to it are gone).
 */
#ifndef KERNEL_TEARDOWN_H
#define KERNEL_TEARDOWN_H

#include "object.h"

bool obj_teardown(struct kobj *o);
bool endpoint_teardown(struct kobj *o);
bool notification_teardown(struct kobj *o);
bool task_teardown(struct kobj *o);
bool thread_teardown(struct kobj *o);
bool quota_teardown(struct kobj *o);
bool irq_teardown(struct kobj *o);
bool reply_teardown(struct kobj *o);

#endif
