/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * exec.c - execve: a new program in a process.
 *
 * Steps, as Linux's do_execveat_common:
 *   1. copy the path, argv and envp in (E2BIG by exec_stack_limit, EFAULT);
 *   2. find the file (vfs), check it may be executed (EACCES), read its head;
 *      a `#!` script restarts with its interpreter (up to EXEC_DEPTH_MAX
 *      times: ELOOP), an ELF file is planned (exec_elf.c: ENOEXEC, EINVAL...),
 *      its interpreter (PT_INTERP, ld.so) planned too;
 *   3. a new address space (struct mm with a new kernel task) and the
 *      caller's new kernel thread in it are made; then the point of no
 *      return: other threads go, close-on-exec files close, caught signals
 *      reset, the old thread and memory go (or, for a vfork child, are
 *      left to the parent, which continues);
 *   4. the segments are mapped as private anonymous areas and filled from the
 *      file now; the heap starts after the image; the stack is built
 *      (exec_stack.c) under UPROC_STACK_TOP;
 *   5. the new thread starts: rip the entry, rsp the stack, the others 0,
 *      a clean FPU.
 * A failure before step 3 leaves the process as it was and returns the
 * error; after it, the process is killed with SIGSEGV, as Linux does.
 */
#include "unixd.h"
#include "exec.h"
#include "exec_elf.h"
#include "exec_stack.h"
#include "mm/mm.h"
#include "fd.h"
#include "signal.h"
#include "vfs.h"
#include "lx_mount.h"

#define EXEC_DEPTH_MAX   5          /* binfmt rewrites (#! of #! ...) */
#define STACK_AREA       (128ull << 10)     /* mapped at first; it grows on faults */
#define INTERP_BASE      0x7f0000000000ull  /* where ld.so goes (below mmap_base) */
#define PIE_BASE         UPROC_PIE_BASE

struct exec_args {
	char *path;                     /* what execve was given (AT_EXECFN) */
	struct exec_strings argv, envp;
	char *strbuf;                   /* argv then envp strings */
	size_t strlen, strcap;
};

struct image {
	struct inode *ip;
	char *path;                     /* the ELF file's path as execve found it */
	struct elf_plan plan;
	struct elf_addrs at;
};

static int interp_prepare(struct proc *p, struct image *prog, struct image *interp);

static void args_free(struct exec_args *x)
{
	free(x->path);
	free(x->strbuf);
}

static int args_put(struct exec_args *x, const char *s, size_t n)
{
	if (x->strlen + n + 1 > x->strcap) {
		size_t cap = x->strcap ? x->strcap * 2 : 4096;
		while (cap < x->strlen + n + 1)
			cap *= 2;
		char *b = realloc(x->strbuf, cap);
		if (!b)
			return -LX_ENOMEM;
		x->strbuf = b;
		x->strcap = cap;
	}
	memcpy(x->strbuf + x->strlen, s, n);
	x->strbuf[x->strlen + n] = 0;
	x->strlen += n + 1;
	return 0;
}

/* Copy the NULL-terminated array of strings at uptr in; *count strings. */
static int args_copy_list(struct proc *p, struct exec_args *x, uint64_t uptr, uint64_t *count,
                          size_t limit)
{
	char *tmp = malloc(EXEC_MAX_ARG_STRLEN);
	int err = tmp ? 0 : -LX_ENOMEM;
	for (*count = 0; uptr && !err; (*count)++) {
		uint64_t sp;
		if ((err = copy_in(p, &sp, uptr + *count * 8, 8)) < 0 || !sp)
			break;
		long n = copy_in_str(p, tmp, sp, EXEC_MAX_ARG_STRLEN);
		if (n < 0)
			err = n == -LX_ENAMETOOLONG ? -LX_E2BIG : (int)n;
		else if (x->strlen + (size_t)n + 1 > limit)
			err = -LX_E2BIG;
		else
			err = args_put(x, tmp, (size_t)n);
	}
	free(tmp);
	return err;
}

static int args_copy(struct proc *p, struct exec_args *x, uint64_t upath, uint64_t uargv,
                     uint64_t uenvp)
{
	x->path = malloc(VFS_PATH_MAX);
	if (!x->path)
		return -LX_ENOMEM;
	long n = copy_in_str(p, x->path, upath, VFS_PATH_MAX);
	if (n < 0)
		return (int)n;
	size_t limit = (size_t)(p->rlim[3].cur == LX_RLIM_INFINITY ? EXEC_STK_LIM : p->rlim[3].cur) / 4;
	if (limit > 3 * EXEC_STK_LIM / 4)
		limit = 3 * EXEC_STK_LIM / 4;
	if (limit < EXEC_ARG_MAX)
		limit = EXEC_ARG_MAX;
	int err = args_copy_list(p, x, uargv, &x->argv.count, limit);
	size_t argv_len = x->strlen;
	if (!err)
		err = args_copy_list(p, x, uenvp, &x->envp.count, limit);
	x->argv = (struct exec_strings){ x->strbuf, argv_len, x->argv.count };
	x->envp = (struct exec_strings){ x->strbuf + argv_len, x->strlen - argv_len, x->envp.count };
	return err;
}

/* Read n bytes at off of ip: 0, or -EIO when the file is shorter. */
static int file_read(struct inode *ip, void *buf, size_t n, uint64_t off)
{
	struct file *f;
	int err = vfs_file_open_inode(ip, LX_O_RDONLY, &f);
	if (err < 0)
		return err;
	int64_t got = vfs_pread(f, buf, n, (int64_t)off);
	vfs_close(f);
	return got == (int64_t)n ? 0 : -LX_EIO;
}

/* Look path up and check that it may run: a reference in *ip. */
static int exec_lookup(struct proc *p, const char *path, struct inode **ip)
{
	struct vfs_ctx ctx;
	fs_ctx(p, &ctx);
	int err = vfs_lookup_inode(&ctx, path, VFS_LOOKUP_FOLLOW, ip);
	if (err < 0)
		return err;
	if ((((*ip)->mode & LX_S_IFMT) != LX_S_IFREG) ||
	    vfs_permission(ctx.cred, *ip, VFS_MAY_EXEC) < 0 || vfs_sb_flag(*ip, LX_MS_NOEXEC)) {
		vfs_iput(*ip);
		*ip = NULL;             /* the caller's image_put must not put it again */
		return -LX_EACCES;
	}
	return 0;
}

/* Plan the ELF file ip; head holds its first hlen bytes. */
static int image_plan(struct image *im, const uint8_t *head, size_t hlen)
{
	uint64_t phoff;
	uint32_t phsize;
	int err = elf_header_check(head, hlen, im->ip->size, &phoff, &phsize);
	if (err < 0)
		return err;
	uint8_t *ph = malloc(phsize);
	if (!ph)
		return -LX_ENOMEM;
	err = file_read(im->ip, ph, phsize, phoff);
	if (!err)
		err = elf_plan_make(head, hlen, ph, phsize, im->ip->size, &im->plan);
	free(ph);
	return err;
}

/* Rebuild argv for a script: interp [arg] path argv[1..]. */
static int script_rewrite(struct exec_args *x, const char *interp, size_t ilen, const char *arg,
                          size_t alen)
{
	struct exec_args nx = { 0 };
	const char *rest = x->argv.count ? x->argv.buf + strlen(x->argv.buf) + 1 : x->argv.buf;
	size_t rest_len = x->argv.count ? x->argv.len - (size_t)(rest - x->argv.buf) : 0;
	int err = args_put(&nx, interp, ilen);
	if (!err && arg)
		err = args_put(&nx, arg, alen);
	if (!err)
		err = args_put(&nx, x->path, strlen(x->path));
	for (size_t off = 0; !err && off < rest_len; off += strlen(rest + off) + 1)
		err = args_put(&nx, rest + off, strlen(rest + off));
	size_t argv_len = nx.strlen;
	for (size_t off = 0; !err && off < x->envp.len; off += strlen(x->envp.buf + off) + 1)
		err = args_put(&nx, x->envp.buf + off, strlen(x->envp.buf + off));
	if (err) {
		free(nx.strbuf);
		return err;
	}
	uint64_t argc = 1 + (arg ? 1 : 0) + 1 + (x->argv.count ? x->argv.count - 1 : 0);
	nx.argv = (struct exec_strings){ nx.strbuf, argv_len, argc };
	nx.envp = (struct exec_strings){ nx.strbuf + argv_len, nx.strlen - argv_len, x->envp.count };
	free(x->strbuf);
	x->strbuf = nx.strbuf;
	x->strlen = nx.strlen;
	x->strcap = nx.strcap;
	x->argv = nx.argv;
	x->envp = nx.envp;
	return 0;
}

/* Find what will run for x->path: the ELF image (and its interpreter). */
static int exec_prepare(struct proc *p, struct exec_args *x, struct image *prog,
                        struct image *interp)
{
	char *file = strdup(x->path), head[SCRIPT_BUF_SIZE];
	int err = file ? 0 : -LX_ENOMEM;
	for (int depth = 0; !err; depth++) {
		if (depth > EXEC_DEPTH_MAX) {
			err = -LX_ELOOP;
			break;
		}
		if ((err = exec_lookup(p, file, &prog->ip)) < 0)
			break;
		size_t hlen = prog->ip->size < sizeof(head) ? (size_t)prog->ip->size : sizeof(head);
		memset(head, 0, sizeof(head));
		if ((err = file_read(prog->ip, head, hlen, 0)) < 0)
			break;
		const char *in, *arg;
		size_t in_len, arg_len;
		int s = script_parse(head, sizeof(head), &in, &in_len, &arg, &arg_len);
		if (s == 0) {
			err = image_plan(prog, (const uint8_t *)head, hlen);
			prog->path = file;
			file = NULL;
			break;
		}
		if (s < 0 || (err = script_rewrite(x, in, in_len, arg, arg_len)) < 0) {
			err = s < 0 ? s : err;
			break;
		}
		vfs_iput(prog->ip);
		prog->ip = NULL;
		free(file);
		if (!(file = malloc(in_len + 1))) {
			err = -LX_ENOMEM;
			break;
		}
		memcpy(file, in, in_len);
		file[in_len] = 0;
	}
	free(file);
	if (!err && prog->plan.has_interp)
		err = interp_prepare(p, prog, interp);
	return err;
}

static int interp_prepare(struct proc *p, struct image *prog, struct image *interp)
{
	char *path = malloc(prog->plan.interp_size);
	int err = path ? file_read(prog->ip, path, prog->plan.interp_size, prog->plan.interp_offset)
	               : -LX_ENOMEM;
	if (!err)
		err = elf_interp_check(path, prog->plan.interp_size);
	if (!err)
		err = exec_lookup(p, path, &interp->ip);
	free(path);
	if (err)
		return err == -LX_ENOENT ? -LX_ENOENT : err;
	uint8_t head[ELF_EHDR_SIZE] = { 0 };
	if (interp->ip->size < sizeof(head))
		return -LX_EIO;         /* Linux's short read of the interpreter's header */
	err = file_read(interp->ip, head, sizeof(head), 0);
	if (!err)
		err = image_plan(interp, head, sizeof(head));
	return err == -LX_ENOEXEC ? -LX_ELIBBAD : err;
}

/*
 * The file bytes that share a segment's last file page but lie past its
 * p_filesz become zeros, as Linux's load_elf_binary clears them: up to
 * p_memsz for a segment with a bss, and for the last segment to the end of
 * the page (padzero) when it has a bss or is the interpreter's.  ld.so
 * counts on that: its first allocations come from the rest of the page
 * after its own bss, unzeroed (rtld's minimal calloc).
 */
static int image_zero_tail(struct proc *p, const struct elf_segment *s, uint64_t bias, bool last,
                           bool is_interp)
{
	uint64_t z = s->vaddr + bias + s->filesz, zend = PAGE_UP(z);
	bool bss = s->memsz > s->filesz;
	if (!s->filesz || !(z & (UNIX_PAGE - 1)) || !(bss || (last && is_interp)))
		return 0;
	if (!last && zend - z > s->memsz - s->filesz)
		zend = z + (s->memsz - s->filesz);
	char *dst = mm_write_ptr(p, z);
	if (!dst)
		return -LX_ENOMEM;
	memset(dst, 0, zend - z);
	return 0;
}

/* Map the segments of im at its bias: the file's own pages, copied on
 * write (mm.c), for the bytes the file holds; zeros for the rest. */
static int image_load(struct proc *p, struct image *im, uint64_t bias, bool is_interp)
{
	int err = elf_plan_place(&im->plan, bias, &im->at);
	struct file *f = NULL;
	if (!err)
		err = vfs_file_open_inode(im->ip, LX_O_RDONLY, &f);
	struct mobj *o = err ? NULL : fmap_new(f);
	if (!err && !o)
		err = -LX_ENOMEM;
	struct vma_cb cb;
	mm_cb(p, &cb);
	for (uint32_t i = 0; !err && i < im->plan.nload; i++) {
		const struct elf_segment *s = &im->plan.load[i];
		uint64_t start = PAGE_DOWN(s->vaddr + bias), fend = PAGE_UP(s->vaddr + bias + s->filesz);
		uint64_t end = PAGE_UP(s->vaddr + bias + s->memsz);
		if (s->filesz && vma_map(&p->mm->vmas, start, fend - start, s->prot, 0, o,
		                         PAGE_DOWN(s->offset), VMA_FIXED, &cb) < 0)
			err = -LX_ENOMEM;
		if (!err && end > fend && vma_map(&p->mm->vmas, s->filesz ? fend : start,
		                                  end - (s->filesz ? fend : start), s->prot, VMA_ANON,
		                                  NULL, 0, VMA_FIXED, &cb) < 0)
			err = -LX_ENOMEM;
	}
	for (uint32_t i = 0; !err && i < im->plan.nload; i++)
		err = image_zero_tail(p, &im->plan.load[i], bias, i + 1 == im->plan.nload, is_interp);
	if (o)
		mobj_put(o);
	vfs_close(f);
	return err;
}

/* Where a program's image goes: ET_EXEC where it says, a PIE at
 * PIE_BASE, an interpreter at INTERP_BASE. */
static uint64_t image_bias(const struct image *im, uint64_t base)
{
	return im->plan.type == ET_DYN ? base - im->plan.span_start : 0;
}

static void cpu_hwcap(uint64_t *hwcap)
{
	uint32_t a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	*hwcap = d;
}

/* Build the stack for x and map it; *sp the initial rsp. */
static int stack_build(struct proc *p, struct exec_args *x, struct image *prog,
                       struct image *interp, uint64_t *sp)
{
	struct exec_stack_in in = {
		.argv = x->argv, .envp = x->envp, .execfn = x->path, .rlim_stack = p->rlim[3].cur,
	};
	struct exec_aux *aux = &in.aux;
	aux->minsigstksz = LX_MINSIGSTKSZ;
	cpu_hwcap(&aux->hwcap);
	aux->phdr = prog->at.phdr;
	aux->phnum = prog->plan.phnum;
	aux->entry = prog->at.entry;
	aux->base = interp->ip ? interp->at.bias + interp->plan.span_start : 0;
	aux->secure = p->exec_secure;
	aux->uid = p->cred.uid, aux->euid = p->cred.euid;
	aux->gid = p->cred.gid, aux->egid = p->cred.egid;
	unix_random(aux->random, sizeof(aux->random));
	size_t bound = exec_stack_bound(&in);
	uint8_t *buf = malloc(bound);
	struct exec_stack_out out;
	int err = buf ? exec_stack_build(&in, buf, bound, UPROC_STACK_TOP, &out) : -LX_ENOMEM;
	uint64_t area = PAGE_UP(out.used) > STACK_AREA ? PAGE_UP(out.used) : STACK_AREA;
	struct vma_cb cb;
	mm_cb(p, &cb);
	unsigned prot = VMA_PROT_READ | VMA_PROT_WRITE | (prog->plan.stack_exec ? VMA_PROT_EXEC : 0);
	if (!err && vma_map(&p->mm->vmas, UPROC_STACK_TOP - area, area, prot,
	                    VMA_ANON | VMA_GROWSDOWN, NULL, 0, VMA_FIXED, &cb) < 0)
		err = -LX_ENOMEM;
	if (!err)
		err = copy_out(p, out.sp, buf + bound - out.used, out.used);
	p->mm->stack_start = UPROC_STACK_TOP - area;
	if (!err) {
		p->mm->arg_start = out.arg_start, p->mm->arg_end = out.arg_end;
		p->mm->env_start = out.env_start, p->mm->env_end = out.env_end;
	}
	*sp = out.sp;
	free(buf);
	return err;
}

/* Load the images into p's fresh memory; *entry where to start. */
static int exec_load(struct proc *p, struct exec_args *x, struct image *prog, struct image *interp,
                     uint64_t *entry, uint64_t *sp)
{
	int err = image_load(p, prog, image_bias(prog, PIE_BASE), false);
	if (!err && interp->ip)
		err = image_load(p, interp, image_bias(interp, INTERP_BASE), true);
	if (err)
		return err;
	p->mm->brk_start = p->mm->brk = prog->at.brk;
	*entry = interp->ip ? interp->at.entry : prog->at.entry;
	return stack_build(p, x, prog, interp, sp);
}

static void image_put(struct image *im)
{
	vfs_iput(im->ip);
	im->ip = NULL;
	free(im->path);
	im->path = NULL;
}

/* /proc/self/exe: the program file's own path, symbolic links resolved
 * (for a script, the interpreter's), as Linux keeps it. */
static void exe_path(struct proc *p, const char *path, char *out, size_t n)
{
	struct vfs_ctx ctx;
	struct vfs_path vp;
	fs_ctx(p, &ctx);
	if (vfs_lookup(&ctx, path, VFS_LOOKUP_FOLLOW, &vp) < 0) {
		fs_abspath(p, path, out, n);
		return;
	}
	if (vp.magic) {		/* /proc/self/exe, /proc/PID/fd/N: the file's path is the link's text */
		int len = vfs_readlink(&ctx, path, out, n - 1);
		out[len > 0 ? len : 0] = 0;
		vfs_path_put(&vp);
		if (len <= 0)
			fs_abspath(p, path, out, n);
		return;
	}
	long len = fs_inode_path(p, vp.dir, out, n);
	if (len < 0 || (size_t)len + vp.last_len + 2 > n)
		fs_abspath(p, path, out, n);
	else if (vp.last_type == VFS_LAST_NORM) {
		if (len > 1)
			out[len++] = '/';
		memcpy(out + len, vp.last, vp.last_len);
		out[len + vp.last_len] = 0;
	}
	vfs_path_put(&vp);
}

/* The name the process goes by: the last component of the path. */
static void proc_set_names(struct proc *p, const char *path, const char *elf)
{
	const char *base = path;
	for (const char *s = path; *s; s++)
		if (*s == '/' && s[1])
			base = s + 1;
	size_t n = strlen(base);
	n = n < sizeof(p->comm) - 1 ? n : sizeof(p->comm) - 1;
	memcpy(p->comm, base, n);
	p->comm[n] = 0;
	exe_path(p, elf ? elf : path, p->exe, sizeof(p->exe));
}

/* The credentials the new program runs with (set-user-ID and set-group-ID
 * files; the saved ids follow the effective ones, as Linux does), and
 * whether that makes the exec secure (AT_SECURE). */
static bool exec_creds(struct proc *p, const struct inode *ip)
{
	struct vfs_cred *c = &p->cred;
	/* a nosuid mount or PR_SET_NO_NEW_PRIVS: the bits mean nothing */
	bool nosuid = vfs_sb_flag(ip, LX_MS_NOSUID) || p->no_new_privs;
	if ((ip->mode & LX_S_ISUID) && !nosuid)
		c->euid = ip->uid;
	if ((ip->mode & LX_S_ISGID) && (ip->mode & LX_S_IXGRP) && !nosuid)
		c->egid = ip->gid;
	c->fsuid = c->euid, c->fsgid = c->egid;
	p->suid = c->euid, p->sgid = c->egid;
	return c->euid != c->uid || c->egid != c->gid;
}

/* Everything of the old program goes; p runs in nm, t in k.  The old mm
 * goes with its task, or stays with the process that lent it (vfork). */
static void exec_flush(struct proc *p, struct uthread *t, struct mm *nm, const struct kthread *k)
{
	urt_list_foreach_safe(u, tmp, &p->threads, struct uthread, plink)
		if (u != t)
			uthread_free(u);
	if (t->tid != p->pid)
		uthread_take_tid(t, p->pid);
	fd_close_on_exec(p);
	signal_exec_reset(p, t);
	uthread_move(t, k);
	mm_put(p);
	p->mm = nm;
}

/* The new address space and t's kernel thread in it, made before the
 * point of no return (Linux's bprm_mm_init): a failure is an error the
 * program sees, and a vfork child still runs in its parent's memory. */
static int exec_space(struct uthread *t, struct mm **nm, struct kthread *k)
{
	*nm = mm_new();
	if (!*nm)
		return -LX_ENOMEM;
	int err = uthread_move_prepare(t, *nm, k);
	if (err < 0) {
		mm_drop(*nm);
		*nm = NULL;
	}
	return err;
}

/* The new thread starts at entry with a clean FPU (its registers are 0). */
static int thread_start(struct uthread *t, uint64_t entry, uint64_t sp)
{
	signal_fpu_reset(t);
	return dbt_thread_start(t->thread, entry, sp) ? -LX_EFAULT : 0;
}

static int exec_run(struct proc *p, struct uthread *t, struct exec_args *x)
{
	struct image prog = { 0 }, interp = { 0 };
	struct mm *nm = NULL;
	struct kthread k = { 0 };
	int err = exec_prepare(p, x, &prog, &interp);
	if (!err)
		err = exec_space(t, &nm, &k);
	if (err < 0) {
		image_put(&prog);
		image_put(&interp);
		return err;
	}
	uint64_t entry = 0, sp = 0;
	exec_flush(p, t, nm, &k);
	p->exec_secure = exec_creds(p, prog.ip);
	if (p->exec_secure)
		p->pdeathsig = 0;          /* as Linux: a set-id program does not keep it */
	p->undumpable = p->exec_secure;    /* a new address space: dumpable unless set-id */
	p->membarrier_private = false;
	p->exec_done = true;
	err = exec_load(p, x, &prog, &interp, &entry, &sp);
	if (!err)
		proc_set_names(p, x->path, prog.path);
	image_put(&prog);
	image_put(&interp);
	if (!err)
		err = thread_start(t, entry, sp);
	if (p->vfork_waiter)
		vfork_release(p);
	if (err) {
		uprintf("unixd: pid %d: execve of %s failed after the point of no return (%d)\n",
		        p->pid, x->path, -err);
		proc_exit(p, LX_SIGSEGV);   /* what Linux does: force_fatal_sig */
	}
	return SYS_NOREPLY;
}

/* The calling thread does not return from a successful execve: it is
 * replaced by a new kernel thread in the new task, which starts the
 * program (exec_run answers SYS_NOREPLY). */
long sys_execve(struct uthread *t, const uint64_t *a)
{
	struct exec_args x = { 0 };
	int err = args_copy(t->proc, &x, a[0], a[1], a[2]);
	if (!err)
		err = exec_run(t->proc, t, &x);
	args_free(&x);
	return err;
}

/* Process 1: path with the words of args as argv[1..]. */
int exec_first(const char *path, const char *args)
{
	struct proc *p = proc_new(NULL);
	struct uthread *t;
	if (!p || proc_setup_first(p) < 0 || uthread_new(p, &t) < 0)
		return -LX_ENOMEM;
	proc_init_proc = p;
	struct exec_args x = { 0 };
	int err = (x.path = strdup(path)) ? args_put(&x, path, strlen(path)) : -LX_ENOMEM;
	uint64_t argc = 1;
	for (const char *s = args; !err && *s;) {
		while (*s == ' ')
			s++;
		const char *e = s;
		while (*e && *e != ' ')
			e++;
		if (e > s) {
			err = args_put(&x, s, (size_t)(e - s));
			argc++;
		}
		s = e;
	}
	size_t argv_len = x.strlen;
	static const char *const env[] = { "HOME=/", "PATH=/sbin:/usr/sbin:/bin:/usr/bin", "TERM=vt100" };
	for (unsigned i = 0; !err && i < ARRAY_SIZE(env); i++)
		err = args_put(&x, env[i], strlen(env[i]));
	x.argv = (struct exec_strings){ x.strbuf, argv_len, argc };
	x.envp = (struct exec_strings){ x.strbuf + argv_len, x.strlen - argv_len, ARRAY_SIZE(env) };
	if (!err)
		err = exec_run(p, t, &x);
	args_free(&x);
	return err == SYS_NOREPLY && p->state == PROC_ALIVE ? 0 : err;
}
