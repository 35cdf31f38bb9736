/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * exec_stack.c (unixd) - the initial stack of a new program image, as
 * Linux 6.1's execve leaves it (exec_stack.h draws the layout).
 *
 * Entry points: exec_stack_limit, exec_stack_bound, exec_stack_build.
 *
 * exec_stack_build decodes, then writes: every limit is checked and every
 * address computed (stack_layout) before the first byte of the buffer is
 * touched.  The buffer is the top of the new stack seen through the
 * server's own mapping, so it is written with memcpy at offsets (any
 * alignment), and the user addresses it stands for are computed apart:
 * user address A is buf[A - (stack_top - buf_size)].
 */
#include <stdbool.h>
#include "dstring.h"
#include "exec_stack.h"

#define WORD 8u	/* one pointer or aux value on the user stack */

_Static_assert(sizeof(EXEC_PLATFORM) == 7, "AT_PLATFORM string with its NUL");

/* Every address of the image, decided before anything is written. */
struct stack_layout {
	uint64_t base;		/* user address of buf[0] */
	uint64_t top;		/* stack_top */
	uint64_t execfn;	/* strings, from the top down */
	uint64_t env;
	uint64_t arg;
	uint64_t platform;	/* below the strings, 16-aligned */
	uint64_t random;
	uint64_t auxv;
	uint64_t sp;
	uint64_t argc;		/* 1 for an empty argv: the "" added */
	uint64_t envc;
	size_t execfn_len;	/* NUL included */
	size_t arg_len;		/* argument string bytes, the "" included */
	uint32_t auxc;		/* pairs, AT_NULL included */
};

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

int exec_stack_limit(uint64_t rlim_stack, uint64_t argc, uint64_t envc, size_t *limit)
{
	uint64_t lim, ptrs;

	if (argc > EXEC_MAX_ARG_STRINGS || envc > EXEC_MAX_ARG_STRINGS)
		return -LX_E2BIG;
	lim = min_u64(EXEC_STK_LIM / 4 * 3, rlim_stack / 4);
	lim = max_u64(lim, EXEC_ARG_MAX);
	ptrs = (max_u64(argc, 1) + envc) * WORD;
	if (lim <= ptrs)
		return -LX_E2BIG;
	*limit = (size_t)(lim - ptrs);
	return 0;
}

size_t exec_stack_bound(const struct exec_stack_in *in)
{
	uint64_t ptrs;

	if (in->argv.count > EXEC_MAX_ARG_STRINGS || in->envp.count > EXEC_MAX_ARG_STRINGS ||
	    in->execfn == NULL)
		return SIZE_MAX;
	ptrs = (max_u64(in->argv.count, 1) + in->envp.count) * WORD;
	if (in->argv.len > SIZE_MAX / 4 || in->envp.len > SIZE_MAX / 4 || ptrs > SIZE_MAX / 4)
		return SIZE_MAX;
	return in->argv.len + 1 + in->envp.len + strlen(in->execfn) + 1 + (size_t)ptrs +
	       EXEC_STACK_SLACK;
}

/*
 * The list holds exactly list->count NUL-terminated strings (else
 * -LX_EINVAL), none longer than EXEC_MAX_ARG_STRLEN with its NUL (else
 * -LX_E2BIG, as copy_strings).
 */
static int strings_check(const struct exec_strings *list)
{
	uint64_t found = 0;
	size_t start = 0;
	bool too_long = false;

	if (list->len > 0 && list->buf == NULL)
		return -LX_EINVAL;
	for (size_t i = 0; i < list->len; i++) {
		if (list->buf[i] != '\0')
			continue;
		too_long |= i + 1 - start > EXEC_MAX_ARG_STRLEN;
		found++;
		start = i + 1;
	}
	if (start != list->len || found != list->count)
		return -LX_EINVAL;
	return too_long ? -LX_E2BIG : 0;
}

/* Linux's checks, in execve's order: counts and pointers, then each string, then the total. */
static int stack_check(const struct exec_stack_in *in, struct stack_layout *lay)
{
	size_t limit, strings;
	int err;

	err = exec_stack_limit(in->rlim_stack, in->argv.count, in->envp.count, &limit);
	if (err)
		return err;
	if (in->execfn == NULL)
		return -LX_EINVAL;
	lay->execfn_len = strlen(in->execfn) + 1;
	if (lay->execfn_len > EXEC_MAX_ARG_STRLEN)
		return -LX_E2BIG;
	err = strings_check(&in->envp);
	if (err == 0)
		err = strings_check(&in->argv);
	if (err)
		return err;
	lay->argc = max_u64(in->argv.count, 1);
	lay->envc = in->envp.count;
	lay->arg_len = in->argv.count ? in->argv.len : 1;
	if (in->envp.len > limit || lay->arg_len > limit)
		return -LX_E2BIG;	/* and so the sum below cannot wrap */
	strings = lay->execfn_len + in->envp.len + lay->arg_len;
	return strings > limit ? -LX_E2BIG : 0;
}

/* create_elf_tables' arithmetic, without arch_align_stack's random shift. */
static int stack_layout(const struct exec_stack_in *in, size_t buf_size, uint64_t stack_top,
			struct stack_layout *lay)
{
	uint64_t p, words;

	if (buf_size > stack_top)
		return -LX_EINVAL;
	lay->top = stack_top;
	lay->base = stack_top - buf_size;
	lay->execfn = stack_top - WORD - lay->execfn_len;
	lay->env = lay->execfn - in->envp.len;
	lay->arg = lay->env - lay->arg_len;
	p = lay->arg & ~15ull;
	lay->platform = p - sizeof(EXEC_PLATFORM);
	lay->random = lay->platform - sizeof(in->aux.random);
	lay->auxc = in->aux.sysinfo_ehdr ? EXEC_AUX_MAX : EXEC_AUX_MAX - 1;
	words = 1 + (lay->argc + 1) + (lay->envc + 1);
	lay->sp = (lay->random - lay->auxc * 2 * WORD - words * WORD) & ~15ull;
	lay->auxv = lay->sp + words * WORD;
	if (lay->top - lay->sp > buf_size)
		return -LX_ENOMEM;	/* wrapping: also when the image is larger than stack_top */
	return 0;
}

/* The aux vector, in create_elf_tables' order; returns the pairs written. */
static uint32_t stack_aux(const struct exec_stack_in *in, const struct stack_layout *lay,
			  uint64_t *v)
{
	const struct exec_aux *a = &in->aux;
	uint32_t n = 0;

#define AUX(key, val) (v[2 * n] = (key), v[2 * n + 1] = (val), n++)
	if (a->sysinfo_ehdr)
		AUX(LX_AT_SYSINFO_EHDR, a->sysinfo_ehdr);
	AUX(LX_AT_MINSIGSTKSZ, a->minsigstksz);
	AUX(LX_AT_HWCAP, a->hwcap);
	AUX(LX_AT_PAGESZ, EXEC_PAGE_SIZE);
	AUX(LX_AT_CLKTCK, EXEC_CLKTCK);
	AUX(LX_AT_PHDR, a->phdr);
	AUX(LX_AT_PHENT, EXEC_PHENT);
	AUX(LX_AT_PHNUM, a->phnum);
	AUX(LX_AT_BASE, a->base);
	AUX(LX_AT_FLAGS, a->flags);
	AUX(LX_AT_ENTRY, a->entry);
	AUX(LX_AT_UID, a->uid);
	AUX(LX_AT_EUID, a->euid);
	AUX(LX_AT_GID, a->gid);
	AUX(LX_AT_EGID, a->egid);
	AUX(LX_AT_SECURE, a->secure);
	AUX(LX_AT_RANDOM, lay->random);
	AUX(LX_AT_HWCAP2, a->hwcap2);
	AUX(LX_AT_EXECFN, lay->execfn);
	AUX(LX_AT_PLATFORM, lay->platform);
	AUX(LX_AT_NULL, 0);
#undef AUX
	return n;
}

static void put_bytes(uint8_t *buf, const struct stack_layout *lay, uint64_t addr,
		      const void *src, size_t n)
{
	memcpy(buf + (addr - lay->base), src, n);
}

static void put_word(uint8_t *buf, const struct stack_layout *lay, uint64_t addr, uint64_t v)
{
	put_bytes(buf, lay, addr, &v, sizeof(v));
}

/* One pointer per string of list, copied at strings, into the array at array; then NULL. */
static void put_pointers(uint8_t *buf, const struct stack_layout *lay, uint64_t array,
			 const struct exec_strings *list, uint64_t strings)
{
	size_t start = 0;

	for (size_t i = 0; i < list->len; i++) {
		if (list->buf[i] != '\0')
			continue;
		put_word(buf, lay, array, strings + start);
		array += WORD;
		start = i + 1;
	}
	put_word(buf, lay, array, 0);
}

static void stack_write(const struct exec_stack_in *in, const struct stack_layout *lay,
			uint8_t *buf)
{
	uint64_t aux[2 * EXEC_AUX_MAX];
	uint64_t argv = lay->sp + WORD;
	uint64_t envp = argv + (lay->argc + 1) * WORD;

	memset(buf + (lay->sp - lay->base), 0, (size_t)(lay->top - lay->sp));
	put_bytes(buf, lay, lay->execfn, in->execfn, lay->execfn_len);
	if (in->envp.len)
		put_bytes(buf, lay, lay->env, in->envp.buf, in->envp.len);
	if (in->argv.len)
		put_bytes(buf, lay, lay->arg, in->argv.buf, in->argv.len);
	put_bytes(buf, lay, lay->platform, EXEC_PLATFORM, sizeof(EXEC_PLATFORM));
	put_bytes(buf, lay, lay->random, in->aux.random, sizeof(in->aux.random));
	put_word(buf, lay, lay->sp, lay->argc);
	if (in->argv.count)
		put_pointers(buf, lay, argv, &in->argv, lay->arg);
	else
		put_word(buf, lay, argv, lay->arg);	/* argv[0] = "", argv[1] = NULL (zeroed) */
	put_pointers(buf, lay, envp, &in->envp, lay->env);
	put_bytes(buf, lay, lay->auxv, aux, stack_aux(in, lay, aux) * 2 * WORD);
}

int exec_stack_build(const struct exec_stack_in *in, void *buf, size_t buf_size,
		     uint64_t stack_top, struct exec_stack_out *out)
{
	struct stack_layout lay;
	int err;

	err = stack_check(in, &lay);
	if (err == 0)
		err = stack_layout(in, buf_size, stack_top, &lay);
	if (err)
		return err;
	stack_write(in, &lay, buf);
	out->sp = lay.sp;
	out->used = (size_t)(stack_top - lay.sp);
	out->arg_start = lay.arg;
	out->arg_end = lay.env;
	out->env_start = lay.env;
	out->env_end = lay.execfn;
	out->execfn = lay.execfn;
	out->auxv = lay.auxv;
	out->auxc = lay.auxc;
	return 0;
}
