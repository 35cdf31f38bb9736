/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * charstream_proto.h - what clients of the character-stream interface
 * (cstream.idl) need besides the generated stubs: error codes (reply
 * labels), open flags and limits.  Shared by the server side
 * (charstream.c) and clients (tests/qemu/legacy/serclient).
 */
#ifndef IOKIT_DRIVERS_CHARSTREAM_PROTO_H
#define IOKIT_DRIVERS_CHARSTREAM_PROTO_H

#define CSTREAM_E_BADHANDLE 0x200   /* not an open handle of this client */
#define CSTREAM_E_NOSTREAM  0x201   /* no such stream, or the service does not grant it */
#define CSTREAM_E_RANGE     0x202   /* read of more than CSTREAM_IO_MAX bytes */
#define CSTREAM_E_READONLY  0x203   /* write to a stream without CSTREAM_F_WRITE */
#define CSTREAM_E_GONE      0x204   /* the device behind the handle has stopped */
#define CSTREAM_E_NOHANDLES 0x205   /* every handle is in use */
#define CSTREAM_E_NAME      0x206   /* an empty name */
#define CSTREAM_E_IO        0x207   /* the driver failed the request */

#define CSTREAM_F_READ  0x1
#define CSTREAM_F_WRITE 0x2

#define CSTREAM_IO_MAX   256        /* bytes of one read or write */
#define CSTREAM_NAME_MAX 32         /* bytes of a stream name in open */

#endif
