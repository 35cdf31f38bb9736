/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mm/uaccess.c - copying between a process's memory and the server.
 *
 * unixd holds every frame of its processes mapped in its own address space,
 * so a copy is a lookup per page (mm_user_ptr, which refuses what the
 * process itself could not access: EFAULT) and a memcpy of the piece.
 */
#include "unixd.h"
#include "mm/mm.h"

static uint64_t chunk(uint64_t va, uint64_t n)
{
	uint64_t room = UNIX_PAGE - (va & (UNIX_PAGE - 1));
	return n < room ? n : room;
}

int copy_in(struct proc *p, void *dst, uint64_t src, uint64_t n)
{
	char *d = dst;
	if (src + n < src)
		return -LX_EFAULT;
	while (n) {
		uint64_t c = chunk(src, n);
		const void *s = mm_user_ptr(p, src, false);
		if (!s)
			return -LX_EFAULT;
		memcpy(d, s, c);
		d += c, src += c, n -= c;
	}
	return 0;
}

int copy_out(struct proc *p, uint64_t dst, const void *src, uint64_t n)
{
	const char *s = src;
	if (dst + n < dst)
		return -LX_EFAULT;
	while (n) {
		uint64_t c = chunk(dst, n);
		void *d = mm_user_ptr(p, dst, true);
		if (!d)
			return -LX_EFAULT;
		memcpy(d, s, c);
		d = NULL;
		s += c, dst += c, n -= c;
	}
	return 0;
}

int clear_user(struct proc *p, uint64_t dst, uint64_t n)
{
	while (n) {
		uint64_t c = chunk(dst, n);
		void *d = mm_user_ptr(p, dst, true);
		if (!d)
			return -LX_EFAULT;
		memset(d, 0, c);
		dst += c, n -= c;
	}
	return 0;
}

long copy_in_str(struct proc *p, char *dst, uint64_t src, uint64_t max)
{
	uint64_t len = 0;
	while (len < max) {
		uint64_t c = chunk(src + len, max - len);
		const char *s = mm_user_ptr(p, src + len, false);
		if (!s)
			return -LX_EFAULT;
		for (uint64_t i = 0; i < c; i++) {
			dst[len] = s[i];
			if (!s[i])
				return (long)len;
			len++;
		}
	}
	return -LX_ENAMETOOLONG;
}
