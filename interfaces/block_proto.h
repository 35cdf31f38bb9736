/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * block_proto.h (iokit/drivers) - error codes of the block layer and of the
 * block client interface (block.idl), and the interface's open flags.
 * Errors are reply labels from 0x200 up, as docs/IDL.md asks of applications.  The storage stack returns the same
 * values internally, so an error travels to the client unchanged.
 */
#ifndef IOKIT_DRIVERS_BLOCK_PROTO_H
#define IOKIT_DRIVERS_BLOCK_PROTO_H

#define BLK_OK          0
#define BLK_E_RANGE     0x200   /* blocks outside the media (read/write past the end) */
#define BLK_E_HANDLE    0x201   /* no such open handle for this client */
#define BLK_E_GONE      0x202   /* the device went away (driver stopped, instance restarted) */
#define BLK_E_NOBUF     0x203   /* no shared buffer, or the range is outside it */
#define BLK_E_IO        0x204   /* the device reported an I/O error */
#define BLK_E_UNSUPP    0x205   /* the device does not support the request (flush) */
#define BLK_E_RDONLY    0x206   /* write to a read-only media */
#define BLK_E_NODEV     0x207   /* open: no such device among those the route grants */
#define BLK_E_INVAL     0x208   /* bad argument: 0 blocks, too many, misaligned name */
#define BLK_E_BUSY      0x209   /* too many open handles */
#define BLK_E_NOMEM     0x20a   /* out of memory in the server */

/* open: what the media is */
#define BLK_FLAG_WRITABLE 1
#define BLK_FLAG_WHOLE    2     /* a whole disk */
#define BLK_FLAG_LEAF     4     /* no partition scheme on it */
#define BLK_FLAG_FLUSH    8     /* the device takes flushes */

#endif
