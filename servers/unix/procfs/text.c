/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * procfs/text.c - the texts of /proc's files (procfs.h): struct ptext, a
 * buffer that grows as it is printed into, and procfs_text_fops, the
 * file_ops of every generated file.  As Linux's seq_file for small files,
 * the whole text is made at the first read (so that one open file reads a
 * consistent snapshot, however small its reads; a process gone by then is
 * -ESRCH) and read and seeked from there; a write goes to the entry's store
 * function.
 */
#include "procfs.h"
#include "fsalloc.h"

#define PTEXT_FIRST 512

static bool pt_room(struct ptext *t, size_t more)
{
	size_t cap = t->cap ? t->cap : PTEXT_FIRST;

	if (t->oom)
		return false;
	while (cap < t->len + more + 1)
		cap *= 2;
	if (cap != t->cap) {
		char *b = realloc(t->buf, cap);
		if (!b) {
			t->oom = true;
			return false;
		}
		t->buf = b;
		t->cap = cap;
	}
	return true;
}

void pt_put(struct ptext *t, const void *s, size_t n)
{
	if (!pt_room(t, n))
		return;
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = 0;
}

void pt_puts(struct ptext *t, const char *s)
{
	pt_put(t, s, strlen(s));
}

void pt_printf(struct ptext *t, const char *fmt, ...)
{
	va_list ap;
	char small[128];

	va_start(ap, fmt);
	int n = vsnfmt(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < (int)sizeof(small)) {
		pt_put(t, small, (size_t)n);
		return;
	}
	if (!pt_room(t, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnfmt(t->buf + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

void pt_mangled(struct ptext *t, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\') {
			char esc[4] = { '\\', (char)('0' + ((*s >> 6) & 3)), (char)('0' + ((*s >> 3) & 7)),
					(char)('0' + (*s & 7)) };
			pt_put(t, esc, 4);
		} else {
			pt_put(t, s, 1);
		}
	}
}

void pt_octal(struct ptext *t, uint64_t v, int width)
{
	char d[24];
	int n = 0;

	do
		d[n++] = (char)('0' + (v & 7));
	while ((v >>= 3) && n < 24);
	while (n < width)
		d[n++] = '0';
	while (n)
		pt_put(t, &d[--n], 1);
}

/* ---- the open file ---------------------------------------------------------------------- */

/* The text, made at the first read. */
struct text_file {
	struct ptext t;
	bool made;
};

static int text_open(struct file *f)
{
	struct pnode *n = pnode_of(f->inode);

	if (n->pid && !procfs_proc(n))
		return -LX_ESRCH;
	f->priv = calloc(1, sizeof(struct text_file));
	return f->priv ? 0 : -LX_ENOMEM;
}

static int text_make(struct file *f, struct text_file *tf)
{
	struct pnode *n = pnode_of(f->inode);
	struct proc *p = n->pid ? procfs_proc(n) : NULL;
	int err;

	if (n->pid && !p)
		return -LX_ESRCH;
	err = n->ent->show(n, p, &tf->t);
	if (!err && tf->t.oom)
		err = -LX_ENOMEM;
	if (err) {
		free(tf->t.buf);
		memset(&tf->t, 0, sizeof(tf->t));
		return err;
	}
	tf->made = true;
	return 0;
}

static int64_t text_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	struct text_file *tf = f->priv;
	struct ptext *t = &tf->t;
	int err = tf->made ? 0 : text_make(f, tf);

	if (err)
		return err;
	if (*pos >= t->len)
		return 0;
	if (n > t->len - *pos)
		n = (size_t)(t->len - *pos);
	memcpy(buf, t->buf + *pos, n);
	*pos += n;
	return (int64_t)n;
}

static int64_t text_write(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	struct pnode *pn = pnode_of(f->inode);
	struct proc *p = pn->pid ? procfs_proc(pn) : NULL;

	if (!pn->ent->store)
		return -LX_EINVAL;		/* as Linux's files without a write op */
	if (pn->pid && !p)
		return -LX_ESRCH;
	int err = pn->ent->store(pn, p, buf, n);
	if (err < 0)
		return err;
	*pos += n;
	return (int64_t)n;
}

/* seq_lseek: from the start or the current position, never from the end */
static int64_t text_lseek(struct file *f, int64_t off, int whence)
{
	int64_t to = whence == LX_SEEK_SET ? off : whence == LX_SEEK_CUR ? (int64_t)f->pos + off : -1;

	if (whence != LX_SEEK_SET && whence != LX_SEEK_CUR)
		return -LX_EINVAL;
	if (to < 0)
		return -LX_EINVAL;
	f->pos = (uint64_t)to;
	return to;
}

static void text_release(struct file *f)
{
	struct text_file *tf = f->priv;

	if (tf)
		free(tf->t.buf);
	free(tf);
}

const struct file_ops procfs_text_fops = {
	.open = text_open,
	.read = text_read,
	.write = text_write,
	.lseek = text_lseek,
	.release = text_release,
};
