/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lx_termios.h (unixd) - the Linux x86-64 terminal ABI: what TCGETS/TCSETS
 * and the other terminal ioctls carry, bit for bit.
 *
 *   struct lx_termios    the kernel's struct termios (36 bytes, c_cc[19]), the
 *                        argument of TCGETS, TCSETS, TCSETSW, TCSETSF; it is
 *                        not the C library's struct termios (c_cc[32], speeds)
 *   struct lx_termios2   the same plus explicit speeds (TCGETS2, TCSETS2...)
 *   struct lx_winsize    TIOCGWINSZ / TIOCSWINSZ
 *   LX_<flag>            every c_iflag, c_oflag, c_cflag and c_lflag bit
 *   LX_V<name>           c_cc indices
 *   LX_TC* LX_TIOC* LX_FIO*   ioctl request numbers
 *   LX_TTY_STD_*         the termios Linux gives a fresh console
 *                        (tty_std_termios in drivers/tty/tty_io.c)
 *
 * Values follow include/uapi/asm-generic/termbits.h, termbits-common.h and
 * ioctls.h, which x86-64 uses unchanged.  Every name carries the LX_ prefix so
 * that this header never clashes with a host's <termios.h>; the host tests
 * compare each value with the host's <asm/termbits.h> and <asm/ioctls.h>.
 * Only the compiler's freestanding headers are used.
 */
#ifndef UNIXD_LX_TERMIOS_H
#define UNIXD_LX_TERMIOS_H

#include <stddef.h>
#include <stdint.h>

/* ---- structures ---------------------------------------------------------------- */

#define LX_NCCS 19		/* c_cc entries in the kernel's termios */

struct lx_termios {
	uint32_t c_iflag;	/* input modes */
	uint32_t c_oflag;	/* output modes */
	uint32_t c_cflag;	/* control modes */
	uint32_t c_lflag;	/* local modes */
	uint8_t c_line;		/* line discipline (0: N_TTY) */
	uint8_t c_cc[LX_NCCS];	/* control characters, indexed by LX_V* */
};
_Static_assert(sizeof(struct lx_termios) == 36, "struct termios is 36 bytes");
_Static_assert(offsetof(struct lx_termios, c_line) == 16, "c_line at 16");
_Static_assert(offsetof(struct lx_termios, c_cc) == 17, "c_cc at 17");

struct lx_termios2 {
	uint32_t c_iflag;
	uint32_t c_oflag;
	uint32_t c_cflag;
	uint32_t c_lflag;
	uint8_t c_line;
	uint8_t c_cc[LX_NCCS];
	uint32_t c_ispeed;	/* input speed, bits per second */
	uint32_t c_ospeed;	/* output speed */
};
_Static_assert(sizeof(struct lx_termios2) == 44, "struct termios2 is 44 bytes");

struct lx_winsize {
	uint16_t ws_row;
	uint16_t ws_col;
	uint16_t ws_xpixel;
	uint16_t ws_ypixel;
};
_Static_assert(sizeof(struct lx_winsize) == 8, "struct winsize is 8 bytes");

/* ---- c_cc indices ---------------------------------------------------------------- */

#define LX_VINTR	0
#define LX_VQUIT	1
#define LX_VERASE	2
#define LX_VKILL	3
#define LX_VEOF		4
#define LX_VTIME	5
#define LX_VMIN		6
#define LX_VSWTC	7
#define LX_VSTART	8
#define LX_VSTOP	9
#define LX_VSUSP	10
#define LX_VEOL		11
#define LX_VREPRINT	12
#define LX_VDISCARD	13
#define LX_VWERASE	14
#define LX_VLNEXT	15
#define LX_VEOL2	16

#define LX_VDISABLE	0	/* a c_cc value of 0 switches the function off */

/* ---- c_iflag ----------------------------------------------------------------------- */

#define LX_IGNBRK	0x0001u	/* ignore a break */
#define LX_BRKINT	0x0002u	/* a break sends SIGINT */
#define LX_IGNPAR	0x0004u	/* ignore bytes with parity errors */
#define LX_PARMRK	0x0008u	/* mark parity errors (and double 0377) */
#define LX_INPCK	0x0010u	/* check parity */
#define LX_ISTRIP	0x0020u	/* strip the eighth bit */
#define LX_INLCR	0x0040u	/* NL -> CR */
#define LX_IGNCR	0x0080u	/* drop CR */
#define LX_ICRNL	0x0100u	/* CR -> NL */
#define LX_IUCLC	0x0200u	/* upper case -> lower case (with IEXTEN) */
#define LX_IXON		0x0400u	/* VSTOP / VSTART stop and restart output */
#define LX_IXANY	0x0800u	/* any byte restarts output */
#define LX_IXOFF	0x1000u	/* send VSTOP / VSTART to the other end */
#define LX_IMAXBEL	0x2000u	/* ring the bell when the input is full */
#define LX_IUTF8	0x4000u	/* input is UTF-8: erase whole characters */

/* ---- c_oflag ----------------------------------------------------------------------- */

#define LX_OPOST	0x00001u	/* process output (every other bit needs it) */
#define LX_OLCUC	0x00002u	/* lower case -> upper case */
#define LX_ONLCR	0x00004u	/* NL -> CR NL */
#define LX_OCRNL	0x00008u	/* CR -> NL */
#define LX_ONOCR	0x00010u	/* no CR at column 0 */
#define LX_ONLRET	0x00020u	/* NL also returns the carriage */
#define LX_OFILL	0x00040u
#define LX_OFDEL	0x00080u
#define LX_NLDLY	0x00100u
#define LX_CRDLY	0x00600u
#define LX_TABDLY	0x01800u
#define LX_XTABS	0x01800u	/* TABDLY value: expand tabs to spaces */
#define LX_BSDLY	0x02000u
#define LX_VTDLY	0x04000u
#define LX_FFDLY	0x08000u

/* ---- c_cflag ----------------------------------------------------------------------- */

#define LX_CBAUD	0x0000100fu
#define LX_B0		0x00000000u	/* hang up */
#define LX_B9600	0x0000000du
#define LX_B38400	0x0000000fu
#define LX_B115200	0x00001002u
#define LX_CSIZE	0x00000030u
#define LX_CS5		0x00000000u
#define LX_CS6		0x00000010u
#define LX_CS7		0x00000020u
#define LX_CS8		0x00000030u
#define LX_CSTOPB	0x00000040u
#define LX_CREAD	0x00000080u
#define LX_PARENB	0x00000100u
#define LX_PARODD	0x00000200u
#define LX_HUPCL	0x00000400u
#define LX_CLOCAL	0x00000800u
#define LX_CBAUDEX	0x00001000u
#define LX_BOTHER	0x00001000u
#define LX_CIBAUD	0x100f0000u
#define LX_CMSPAR	0x40000000u
#define LX_CRTSCTS	0x80000000u

/* ---- c_lflag ----------------------------------------------------------------------- */

#define LX_ISIG		0x00001u	/* VINTR, VQUIT, VSUSP send signals */
#define LX_ICANON	0x00002u	/* line editing, reads return lines */
#define LX_XCASE	0x00004u
#define LX_ECHO		0x00008u	/* echo input */
#define LX_ECHOE	0x00010u	/* VERASE echoes as "\b \b" */
#define LX_ECHOK	0x00020u	/* VKILL echoes a newline */
#define LX_ECHONL	0x00040u	/* echo NL even without ECHO */
#define LX_NOFLSH	0x00080u	/* no flush on VINTR, VQUIT, VSUSP */
#define LX_TOSTOP	0x00100u	/* background writes get SIGTTOU */
#define LX_ECHOCTL	0x00200u	/* echo control bytes as ^X */
#define LX_ECHOPRT	0x00400u	/* hard-copy erase: \erased/ */
#define LX_ECHOKE	0x00800u	/* VKILL erases the line on the screen */
#define LX_FLUSHO	0x01000u
#define LX_PENDIN	0x04000u
#define LX_IEXTEN	0x08000u	/* VWERASE, VLNEXT, VREPRINT, VEOL2, IUCLC */
#define LX_EXTPROC	0x10000u

/* ---- tcsetattr, tcflow, tcflush arguments ------------------------------------------ */

#define LX_TCSANOW	0
#define LX_TCSADRAIN	1
#define LX_TCSAFLUSH	2

#define LX_TCOOFF	0	/* suspend output */
#define LX_TCOON	1	/* restart output */
#define LX_TCIOFF	2	/* send VSTOP */
#define LX_TCION	3	/* send VSTART */

#define LX_TCIFLUSH	0	/* drop received, unread input */
#define LX_TCOFLUSH	1	/* drop written, unsent output */
#define LX_TCIOFLUSH	2

/* ---- ioctl numbers ----------------------------------------------------------------- */

/* _IOC(dir, 'T', nr, size) of asm-generic/ioctl.h, for the few encoded numbers */
#define LX_IOC_WRITE	1u
#define LX_IOC_READ	2u
#define LX_IOC_T(dir, nr, size) \
	(((dir) << 30) | ((uint32_t)(size) << 16) | ((uint32_t)'T' << 8) | (nr))

#define LX_TCGETS	0x5401u	/* struct lx_termios * */
#define LX_TCSETS	0x5402u	/* set now */
#define LX_TCSETSW	0x5403u	/* set after the output drains */
#define LX_TCSETSF	0x5404u	/* drain output, drop input, set */
#define LX_TCGETA	0x5405u	/* struct termio (old System V form) */
#define LX_TCSETA	0x5406u
#define LX_TCSETAW	0x5407u
#define LX_TCSETAF	0x5408u
#define LX_TCSBRK	0x5409u	/* int: 0 sends a break, else drains (tcdrain) */
#define LX_TCXONC	0x540Au	/* int: LX_TCOOFF.. (tcflow) */
#define LX_TCFLSH	0x540Bu	/* int: LX_TCIFLUSH.. (tcflush) */
#define LX_TIOCEXCL	0x540Cu
#define LX_TIOCNXCL	0x540Du
#define LX_TIOCSCTTY	0x540Eu	/* int: steal if 1 */
#define LX_TIOCGPGRP	0x540Fu	/* pid_t *: foreground process group */
#define LX_TIOCSPGRP	0x5410u	/* const pid_t * */
#define LX_TIOCOUTQ	0x5411u	/* int *: bytes not yet sent */
#define LX_TIOCSTI	0x5412u	/* const char *: fake one input byte */
#define LX_TIOCGWINSZ	0x5413u	/* struct lx_winsize * */
#define LX_TIOCSWINSZ	0x5414u	/* const struct lx_winsize *, SIGWINCH on change */
#define LX_TIOCMGET	0x5415u
#define LX_TIOCMBIS	0x5416u
#define LX_TIOCMBIC	0x5417u
#define LX_TIOCMSET	0x5418u
#define LX_TIOCGSOFTCAR	0x5419u
#define LX_TIOCSSOFTCAR	0x541Au
#define LX_FIONREAD	0x541Bu	/* int *: bytes a read would find (TIOCINQ) */
#define LX_TIOCINQ	LX_FIONREAD
#define LX_TIOCLINUX	0x541Cu
#define LX_TIOCCONS	0x541Du
#define LX_TIOCGSERIAL	0x541Eu
#define LX_TIOCSSERIAL	0x541Fu
#define LX_TIOCPKT	0x5420u
#define LX_FIONBIO	0x5421u	/* const int *: O_NONBLOCK on or off */
#define LX_TIOCNOTTY	0x5422u	/* give up the controlling terminal */
#define LX_TIOCSETD	0x5423u	/* const int *: line discipline */
#define LX_TIOCGETD	0x5424u
#define LX_TCSBRKP	0x5425u
#define LX_TIOCSBRK	0x5427u
#define LX_TIOCCBRK	0x5428u
#define LX_TIOCGSID	0x5429u	/* pid_t *: session of the terminal */
#define LX_TCGETS2	LX_IOC_T(LX_IOC_READ, 0x2Au, sizeof(struct lx_termios2))
#define LX_TCSETS2	LX_IOC_T(LX_IOC_WRITE, 0x2Bu, sizeof(struct lx_termios2))
#define LX_TCSETSW2	LX_IOC_T(LX_IOC_WRITE, 0x2Cu, sizeof(struct lx_termios2))
#define LX_TCSETSF2	LX_IOC_T(LX_IOC_WRITE, 0x2Du, sizeof(struct lx_termios2))
#define LX_TIOCGPTN	LX_IOC_T(LX_IOC_READ, 0x30u, sizeof(uint32_t))	/* pty number */
#define LX_TIOCSPTLCK	LX_IOC_T(LX_IOC_WRITE, 0x31u, sizeof(int32_t))	/* (un)lock pty */
#define LX_TIOCGDEV	LX_IOC_T(LX_IOC_READ, 0x32u, sizeof(uint32_t))
#define LX_TIOCSIG	LX_IOC_T(LX_IOC_WRITE, 0x36u, sizeof(int32_t))	/* pty: signal */
#define LX_TIOCVHANGUP	0x5437u
#define LX_TIOCGPKT	LX_IOC_T(LX_IOC_READ, 0x38u, sizeof(int32_t))
#define LX_TIOCGPTLCK	LX_IOC_T(LX_IOC_READ, 0x39u, sizeof(int32_t))
#define LX_TIOCGEXCL	LX_IOC_T(LX_IOC_READ, 0x40u, sizeof(int32_t))
#define LX_TIOCGPTPEER	LX_IOC_T(0u, 0x41u, 0u)	/* open the pty's other side */
#define LX_FIONCLEX	0x5450u
#define LX_FIOCLEX	0x5451u
#define LX_FIOASYNC	0x5452u

/* ---- a fresh console: tty_std_termios ---------------------------------------------- */

#define LX_TTY_STD_IFLAG	(LX_ICRNL | LX_IXON)
#define LX_TTY_STD_OFLAG	(LX_OPOST | LX_ONLCR)
#define LX_TTY_STD_CFLAG	(LX_B38400 | LX_CS8 | LX_CREAD | LX_HUPCL)
#define LX_TTY_STD_LFLAG	(LX_ISIG | LX_ICANON | LX_ECHO | LX_ECHOE | LX_ECHOK | \
				 LX_ECHOCTL | LX_ECHOKE | LX_IEXTEN)
#define LX_TTY_STD_SPEED	38400u
/* INIT_C_CC: ^C ^\ DEL ^U ^D, VTIME 0, VMIN 1, VSWTC 0, ^Q ^S ^Z, VEOL 0,
 * ^R ^O ^W ^V, VEOL2 0 (a string initializer for c_cc, in LX_V* order) */
#define LX_INIT_C_CC	"\003\034\177\025\004\0\1\0\021\023\032\0\022\017\027\026\0"

#endif
