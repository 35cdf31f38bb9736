/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * charstream.h - character streams: how a driver offers a byte stream
 * (a serial port, the characters of a keyboard) to clients through the
 * cstream interface (cstream.idl, charstream_proto.h; docs/IOKIT.md,
 * "Platform drivers").
 *
 * A driver registers a stream with a name ("com2"), a kind ("serial") and
 * three operations; it calls charstream_notify when bytes arrive or room
 * is made, which wakes clients blocked in read or write.  The server side
 * runs threads that receive on a provided service endpoint: each service
 * grants the streams whose kind or name equals its own name (the service
 * "serial" grants every serial port, "com2" only that one), so a client
 * sees only what its route reaches.  Handles belong to the client that
 * opened them (its badge); another client's handle number is refused.
 */
#ifndef IOKIT_DRIVERS_CHARSTREAM_H
#define IOKIT_DRIVERS_CHARSTREAM_H

#include <stddef.h>
#include <stdint.h>
#include <darbat/abi.h>
#include "charstream_proto.h"

struct charstream;

struct charstream_status {
	uint64_t rx, tx, overruns, errors, dropped;
};

/*
 * Called on a client's server thread (never on the driver's work loop);
 * the driver moves the work onto its loop itself (a command gate).  read
 * and write never block: they return the bytes moved (0: none now) or a
 * negative IO_E* code.
 */
struct charstream_ops {
	int (*read)(void *dev, void *buf, size_t n);
	int (*write)(void *dev, const void *buf, size_t n);
	int (*status)(void *dev, struct charstream_status *st);
};

#define CHARSTREAM_EV_RX 0x1    /* bytes to read */
#define CHARSTREAM_EV_TX 0x2    /* room to write */

/* A new stream; NULL when out of memory, the name or kind is bad (1..15
 * characters) or the name is taken.  flags: CSTREAM_F_*. */
struct charstream *charstream_register(const char *name, const char *kind, unsigned flags,
                                       const struct charstream_ops *ops, void *dev);
/* Withdraw it: waits until no client call is inside ops, wakes blocked
 * clients; their handles then fail with CSTREAM_E_GONE.  After it
 * returns, dev is no longer used. */
void charstream_unregister(struct charstream *cs);
/* From the driver (any thread, the work loop included): CHARSTREAM_EV_*. */
void charstream_notify(struct charstream *cs, unsigned events);

/* Serve the cstream interface on endpoint ep with `threads` receiving
 * threads (1..4); the service grants the streams whose kind or name is
 * `grant`.  0, or a URT_E* code. */
int charstream_serve(dbt_slot_t ep, const char *grant, unsigned threads);
/* Serve every provided service named in the component's argument
 * `cstream=SERVICE[:GRANT][,...]` (GRANT defaults to SERVICE).  Runs once;
 * later calls return 0.  Returns how many services were started. */
unsigned charstream_services_start(void);

/* The operations behind the interface, with the grant and the caller's
 * badge made explicit (what the IDL ops call; tests call them directly).
 * 0 or a CSTREAM_E_* code. */
unsigned charstream_open(const char *grant, dbt_word_t badge, const char *name,
                         dbt_word_t *handle, dbt_word_t *flags);
unsigned charstream_read(dbt_word_t badge, dbt_word_t handle, size_t max, uint64_t timeout_us,
                         void *buf, size_t *len);
unsigned charstream_write(dbt_word_t badge, dbt_word_t handle, const void *buf, size_t len,
                          size_t *written);
unsigned charstream_stat(dbt_word_t badge, dbt_word_t handle, struct charstream_status *st);
unsigned charstream_close(dbt_word_t badge, dbt_word_t handle);

#endif
