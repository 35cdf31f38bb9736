/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fmt.c - printf-style formatting shared by the kernel and user programs.
 * Supports %d %i %u %x %p %s %c %% with l/ll/z length, '-' and 0/width.
 * Output goes to a buffer (vsnfmt) or a character callback (vcbfmt).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fmt.h"

struct sink {
	char *buf;
	size_t size, len;
	void (*put)(char c, void *arg);
	void *arg;
};

static void sink_put(struct sink *s, char c)
{
	if (s->put)
		s->put(c, s->arg);
	else if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void put_num(struct sink *s, uint64_t v, unsigned base, bool neg, int width, char pad)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg && pad == '0')
		sink_put(s, '-'), width--;
	else if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		sink_put(s, pad);
	while (n)
		sink_put(s, tmp[--n]);
}

static void put_str(struct sink *s, const char *str, int width, bool left)
{
	int len = 0;
	if (!str)
		str = "(null)";
	while (str[len])
		len++;
	for (int i = len; !left && i < width; i++)
		sink_put(s, ' ');
	for (int i = 0; i < len; i++)
		sink_put(s, str[i]);
	for (int i = len; left && i < width; i++)
		sink_put(s, ' ');
}

static void vformat(struct sink *s, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			sink_put(s, *fmt);
			continue;
		}
		char pad = ' ';
		bool left = false;
		int width = 0, lng = 0;
		fmt++;
		for (; *fmt == '-' || *fmt == '0'; fmt++)
			*fmt == '-' ? (left = true) : (pad = '0');
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z')
			lng++, fmt++;
		switch (*fmt) {
		case 'd': case 'i': {
			int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			put_num(s, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width, pad);
			break;
		}
		case 'u':
			put_num(s, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, false, width, pad);
			break;
		case 'x':
			put_num(s, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, false, width, pad);
			break;
		case 'p':
			sink_put(s, '0'), sink_put(s, 'x');
			put_num(s, (uint64_t)(uintptr_t)va_arg(ap, void *), 16, false, 16, '0');
			break;
		case 's':
			put_str(s, va_arg(ap, const char *), width, left);
			break;
		case 'c':
			sink_put(s, (char)va_arg(ap, int));
			break;
		case '%':
			sink_put(s, '%');
			break;
		default:
			sink_put(s, '?');
			break;
		}
	}
}

int vsnfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .size = size };
	vformat(&s, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = 0;
	return (int)s.len;
}

int snfmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnfmt(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void vcbfmt(void (*put)(char c, void *arg), void *arg, const char *fmt, va_list ap)
{
	struct sink s = { .put = put, .arg = arg };
	vformat(&s, fmt, ap);
}
