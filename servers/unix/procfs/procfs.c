/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * procfs/procfs.c - the /proc file system (procfs.h): which entries each
 * directory holds (the table below, and the numbered ones: a process per
 * pid in /proc, a thread per tid in task/, a descriptor in fd/ and
 * fdinfo/), inodes made on lookup and freed with their last reference,
 * getdents, readlink and the magic links, and mount(2)'s "proc".
 *
 * Ownership: a PID's entries belong to the process's effective uid and gid
 * (Linux's task_dump_owner for a dumpable task); everything else to root.
 * Permissions are the VFS's, from the modes in the table (fd/ is 0500, so
 * another user's descriptors are -EACCES); environ, the magic links and
 * fdinfo also ask procfs_may_access (ptrace's read check) as Linux does.
 */
#include "procfs.h"
#include "fd.h"
#include "lx_mount.h"
#include "timeu.h"

#define PROC_ROOT_INO	1
#define DOT_ENTRIES	2		/* getdents positions 0 and 1: "." and ".." */
#define NUMBERED_BASE	1024		/* getdents positions of numbered entries: base + number */

static int show_self(struct pnode *n, struct proc *p, struct ptext *t);
static int show_thread_self(struct pnode *n, struct proc *p, struct ptext *t);
static int show_mounts_link(struct pnode *n, struct proc *p, struct ptext *t)
{
	(void)n, (void)p;
	pt_puts(t, "self/mounts");
	return 0;
}

#define DIR_(name, in, mode, lists)	{ name, in, LX_S_IFDIR | (mode), lists, NULL, NULL, NULL }
#define FILE_(name, in, mode, show)	{ name, in, LX_S_IFREG | (mode), PD_NONE, show, NULL, NULL }
#define RW_(name, in, show, store)	{ name, in, LX_S_IFREG | 0644, PD_NONE, show, store, NULL }
#define LINK_(name, in, show, jump)	{ name, in, LX_S_IFLNK | 0777, PD_NONE, show, NULL, jump }

static const struct pent ents[] = {
	LINK_("self", PD_ROOT, show_self, NULL),
	LINK_("thread-self", PD_ROOT, show_thread_self, NULL),
	LINK_("mounts", PD_ROOT, show_mounts_link, NULL),
	FILE_("meminfo", PD_ROOT, 0444, sys_show_meminfo),
	FILE_("cpuinfo", PD_ROOT, 0444, sys_show_cpuinfo),
	FILE_("uptime", PD_ROOT, 0444, sys_show_uptime),
	FILE_("loadavg", PD_ROOT, 0444, sys_show_loadavg),
	FILE_("timer_list", PD_ROOT, 0444, sys_show_timer_list),
	FILE_("stat", PD_ROOT, 0444, sys_show_stat),
	FILE_("version", PD_ROOT, 0444, sys_show_version),
	FILE_("filesystems", PD_ROOT, 0444, filesystems_show),
	DIR_("sys", PD_ROOT, 0555, PD_SYS),
	DIR_("kernel", PD_SYS, 0555, PD_SYS_KERNEL),
	RW_("hostname", PD_SYS_KERNEL, sys_show_kernel, sys_store_kernel),
	RW_("domainname", PD_SYS_KERNEL, sys_show_kernel, sys_store_kernel),
	FILE_("ostype", PD_SYS_KERNEL, 0444, sys_show_kernel),
	FILE_("osrelease", PD_SYS_KERNEL, 0444, sys_show_kernel),
	FILE_("version", PD_SYS_KERNEL, 0444, sys_show_kernel),
	FILE_("pid_max", PD_SYS_KERNEL, 0444, sys_show_kernel),
	FILE_("ngroups_max", PD_SYS_KERNEL, 0444, sys_show_kernel),
	FILE_("tainted", PD_SYS_KERNEL, 0444, sys_show_kernel),
	DIR_("random", PD_SYS_KERNEL, 0555, PD_SYS_RANDOM),
	FILE_("boot_id", PD_SYS_RANDOM, 0444, sys_show_kernel),
	FILE_("uuid", PD_SYS_RANDOM, 0444, sys_show_kernel),
	FILE_("entropy_avail", PD_SYS_RANDOM, 0444, sys_show_kernel),
	FILE_("poolsize", PD_SYS_RANDOM, 0444, sys_show_kernel),
	DIR_("fd", PD_PID, 0500, PD_FD),
	DIR_("fdinfo", PD_PID, 0555, PD_FDINFO),
	DIR_("task", PD_PID, 0555, PD_TASK),
	FILE_("environ", PD_PID, 0400, pid_show_environ),
	LINK_("exe", PD_PID, pid_show_exe, pid_jump_exe),
	FILE_("mounts", PD_PID, 0444, mounts_show),
	FILE_("mountinfo", PD_PID, 0444, mountinfo_show),
	LINK_("cwd", PD_PID, pid_show_cwd, pid_jump_cwd),
	LINK_("root", PD_PID, pid_show_root, pid_jump_root),
	FILE_("stat", PD_PID, 0444, pid_show_stat),
	FILE_("statm", PD_PID, 0444, pid_show_statm),
	FILE_("status", PD_PID, 0444, pid_show_status),
	FILE_("cmdline", PD_PID, 0444, pid_show_cmdline),
	RW_("comm", PD_PID, pid_show_comm, pid_store_comm),
	FILE_("maps", PD_PID, 0444, pid_show_maps),
	FILE_("limits", PD_PID, 0444, pid_show_limits),
};
#define NENTS (sizeof(ents) / sizeof(ents[0]))

/* the numbered entries and the root */
static const struct pent root_ent = DIR_("/", PD_NONE, 0555, PD_ROOT);
static const struct pent pid_ent = DIR_("PID", PD_ROOT, 0555, PD_PID);
static const struct pent tid_ent = DIR_("TID", PD_TASK, 0555, PD_PID);
static const struct pent fd_ent = LINK_("FD", PD_FD, pid_show_fd, pid_jump_fd);
static const struct pent fdinfo_ent = FILE_("FD", PD_FDINFO, 0444, pid_show_fdinfo);

static const struct inode_ops procfs_ops, procfs_magic_ops;

static const struct pent *ent_find(enum pdir in, const char *name)
{
	for (const struct pent *e = ents; e < ents + NENTS; e++)
		if (e->in == in && !strcmp(e->name, name))
			return e;
	return NULL;
}

/* ---- whom it is about --------------------------------------------------------------- */

struct proc *procfs_caller(void)
{
	return unix_current ? unix_current->proc : NULL;
}

struct proc *procfs_proc(const struct pnode *n)
{
	struct proc *p = proc_by_pid(n->pid);

	if (!p || p->start_ns != n->start_ns)
		return NULL;
	if (n->tid && n->tid != p->pid) {
		struct uthread *t = uthread_by_tid(n->tid);
		if (!t || t->proc != p)
			return NULL;
	}
	return p;
}

bool procfs_may_access(const struct proc *p)
{
	const struct proc *me = procfs_caller();

	if (!me || me == p || me->cred.euid == 0)
		return true;
	return me->cred.uid == p->cred.euid && me->cred.uid == p->suid &&
	       me->cred.uid == p->cred.uid && me->cred.gid == p->cred.egid &&
	       me->cred.gid == p->sgid && me->cred.gid == p->cred.gid;
}

static int show_self(struct pnode *n, struct proc *p, struct ptext *t)
{
	struct proc *me = procfs_caller();

	(void)n, (void)p;
	if (!me)
		return -LX_ENOENT;
	pt_printf(t, "%d", me->pid);
	return 0;
}

static int show_thread_self(struct pnode *n, struct proc *p, struct ptext *t)
{
	struct proc *me = procfs_caller();

	(void)n, (void)p;
	if (!me)
		return -LX_ENOENT;
	pt_printf(t, "%d/task/%d", me->pid, unix_current->tid);
	return 0;
}

/* ---- inodes ------------------------------------------------------------------------------ */

static uint64_t node_ino(const struct pent *e, int pid, int tid, int fd)
{
	uint64_t idx = e >= ents && e < ents + NENTS ? (uint64_t)(e - ents) + 8 :
		       e == &pid_ent ? 1 : e == &tid_ent ? 2 : e == &fd_ent ? 3 : 4;

	if (e == &root_ent)
		return PROC_ROOT_INO;
	return ((uint64_t)(fd + 1) << 40) | ((uint64_t)(tid ? tid : pid) << 8) | idx;
}

/* A symlink's size is its text's length, which the VFS's walk reserves room for. */
static uint64_t link_size(struct pnode *n, struct proc *p)
{
	struct ptext t = { 0 };
	uint64_t len;

	if (n->ent->jump || n->ent->show(n, p, &t))
		len = 0;
	else
		len = t.len;
	free(t.buf);
	return len;
}

static struct inode *pnode_new(struct vfs_sb *sb, const struct pent *e, struct proc *p, int tid,
			       int fd)
{
	struct pnode *n = calloc(1, sizeof(*n));
	struct inode *ip;

	if (!n)
		return NULL;
	ip = &n->vfs;
	n->ent = e;
	n->pid = p ? p->pid : 0;
	n->tid = tid;
	n->fd = fd;
	n->start_ns = p ? p->start_ns : 0;
	ip->ops = e->jump ? &procfs_magic_ops : &procfs_ops;
	ip->fops = LX_S_ISREG(e->mode) ? &procfs_text_fops : NULL;
	ip->sb = sb;
	ip->ino = node_ino(e, n->pid, tid, fd);
	ip->mode = e->mode;
	ip->uid = p ? p->cred.euid : 0;
	ip->gid = p ? p->cred.egid : 0;
	ip->nlink = LX_S_ISDIR(e->mode) ? 2 : 1;
	ip->refs = 1;
	ip->atime = ip->mtime = ip->ctime = (int64_t)time_realtime_ns();
	if (LX_S_ISLNK(e->mode))
		ip->size = link_size(n, p);
	return ip;
}

static void procfs_evict(struct inode *ip)
{
	free(pnode_of(ip));
}

/* ---- lookup --------------------------------------------------------------------------------- */

/* name as a pid, tid or fd: decimal, no sign, no leading zero (Linux's name_to_int) */
static int name_number(const char *name, size_t len)
{
	int v = 0;

	if (len == 0 || len > 9 || (name[0] == '0' && len > 1))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return v;
}

static struct file *fd_of(struct proc *p, int fd)
{
	return p && p->fds ? pid_fd_file(p, fd) : NULL;
}

/* the numbered entry name of directory d (which lists what) */
static int lookup_numbered(struct pnode *d, struct proc *p, int num, struct inode **out)
{
	const struct pent *e = NULL;
	struct proc *q = p;
	int tid = d->tid;

	if (d->ent->lists == PD_ROOT) {
		q = proc_by_pid(num);
		e = &pid_ent;
	} else if (d->ent->lists == PD_TASK) {
		struct uthread *t = uthread_by_tid(num);
		e = t && t->proc == p ? &tid_ent : NULL;
		tid = num;
	} else if (d->ent->lists == PD_FD || d->ent->lists == PD_FDINFO) {
		if (!procfs_may_access(p))
			return -LX_EACCES;
		e = !fd_of(p, num) ? NULL : d->ent->lists == PD_FD ? &fd_ent : &fdinfo_ent;
	}
	if (!e || !q)
		return -LX_ENOENT;
	*out = pnode_new(d->vfs.sb, e, q, tid, e == &fd_ent || e == &fdinfo_ent ? num : -1);
	return *out ? 0 : -LX_ENOMEM;
}

/* "..": the directory holding d */
static int lookup_parent(struct pnode *d, struct proc *p, struct inode **out)
{
	struct vfs_sb *sb = d->vfs.sb;
	enum pdir in = d->ent->in;

	if (d->ent == &root_ent || in == PD_ROOT) {
		*out = vfs_iget(sb->root);
		return 0;
	}
	if (d->ent == &tid_ent) {
		*out = pnode_new(sb, ent_find(PD_PID, "task"), p, 0, -1);
	} else if (in == PD_PID) {
		*out = pnode_new(sb, d->tid && d->tid != d->pid ? &tid_ent : &pid_ent, p, d->tid, -1);
	} else {
		const struct pent *e = ents;
		while (e < ents + NENTS && !(LX_S_ISDIR(e->mode) && e->lists == in))
			e++;
		*out = e < ents + NENTS ? pnode_new(sb, e, NULL, 0, -1) : NULL;
	}
	return *out ? 0 : -LX_ENOMEM;
}

/* New names: /proc has none to give (Linux: ENOENT, the name does not come to be). */
static int procfs_no_create(struct inode *dir, const char *name, size_t len,
			    const struct vfs_new *nw, struct inode **out)
{
	(void)dir, (void)name, (void)len, (void)nw;
	*out = NULL;
	return -LX_ENOENT;
}

static int procfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct pnode *d = pnode_of(dir);
	struct proc *p = d->pid ? procfs_proc(d) : NULL;
	int num;

	*out = NULL;
	if (d->pid && !p)
		return -LX_ENOENT;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return lookup_parent(d, p, out);
	for (const struct pent *e = ents; e < ents + NENTS; e++) {
		if (e->in != d->ent->lists || strlen(e->name) != len || memcmp(e->name, name, len))
			continue;
		*out = pnode_new(dir->sb, e, p, d->tid, -1);
		return *out ? 0 : -LX_ENOMEM;
	}
	num = name_number(name, len);
	return num < 0 ? -LX_ENOENT : lookup_numbered(d, p, num, out);
}

/* ---- directories ------------------------------------------------------------------------ */

static unsigned dtype_of(uint32_t mode)
{
	return LX_S_ISDIR(mode) ? LX_DT_DIR : LX_S_ISLNK(mode) ? LX_DT_LNK : LX_DT_REG;
}

/* The smallest number >= from that directory d lists (its pids, tids or fds), or -1. */
static int next_number(struct pnode *d, struct proc *p, int from)
{
	int best = -1;

	if (d->ent->lists == PD_ROOT) {
		struct proc *q = from > 0 ? proc_after(from - 1) : proc_next(NULL);
		return q ? q->pid : -1;
	}
	if (d->ent->lists == PD_TASK) {
		urt_list_foreach(t, &p->threads, struct uthread, plink)
			if (t->tid >= from && (best < 0 || t->tid < best))
				best = t->tid;
		return best;
	}
	if ((d->ent->lists == PD_FD || d->ent->lists == PD_FDINFO) && p->fds)
		for (int fd = from < 0 ? 0 : from; fd < (int)p->fds->size; fd++)
			if (fd_of(p, fd))
				return fd;
	return -1;
}

static bool lists_numbers(enum pdir d)
{
	return d == PD_ROOT || d == PD_TASK || d == PD_FD || d == PD_FDINFO;
}

/* the entry a numbered name in directory kind d is */
static const struct pent *numbered_ent(enum pdir d)
{
	return d == PD_ROOT ? &pid_ent : d == PD_TASK ? &tid_ent : d == PD_FD ? &fd_ent : &fdinfo_ent;
}

static int procfs_getdents(struct inode *dir, uint64_t *pos, vfs_filldir_t fill, void *arg)
{
	struct pnode *d = pnode_of(dir);
	struct proc *p = d->pid ? procfs_proc(d) : NULL;
	char name[16];

	if (d->pid && !p)
		return -LX_ENOENT;
	if ((d->ent->lists == PD_FD || d->ent->lists == PD_FDINFO) && !procfs_may_access(p))
		return -LX_EACCES;
	for (; *pos < DOT_ENTRIES; ++*pos)	/* "." (one byte of "..") at 0, ".." at 1 */
		if (!fill(arg, "..", *pos + 1, *pos ? PROC_ROOT_INO : dir->ino, LX_DT_DIR, *pos + 1))
			return 0;
	for (; *pos < DOT_ENTRIES + NENTS; ++*pos) {
		const struct pent *e = &ents[*pos - DOT_ENTRIES];
		if (e->in == d->ent->lists &&
		    !fill(arg, e->name, strlen(e->name), node_ino(e, d->pid, d->tid, -1),
			  dtype_of(e->mode), *pos + 1))
			return 0;
	}
	if (*pos < NUMBERED_BASE)
		*pos = NUMBERED_BASE;
	while (lists_numbers(d->ent->lists)) {
		int num = next_number(d, p, (int)(*pos - NUMBERED_BASE));
		if (num < 0)
			break;
		int len = snfmt(name, sizeof(name), "%d", num);
		const struct pent *e = numbered_ent(d->ent->lists);
		uint64_t ino = d->ent->lists == PD_ROOT ? node_ino(e, num, 0, -1) :
			       d->ent->lists == PD_TASK ? node_ino(e, d->pid, num, -1) :
			       node_ino(e, d->pid, d->tid, num);
		*pos = NUMBERED_BASE + (uint64_t)num;
		if (!fill(arg, name, (size_t)len, ino, dtype_of(e->mode), *pos + 1))
			return 0;
		++*pos;
	}
	return 0;
}

/* ---- links ---------------------------------------------------------------------------------- */

static int procfs_readlink(struct inode *ip, char *buf, size_t n)
{
	struct pnode *pn = pnode_of(ip);
	struct proc *p = pn->pid ? procfs_proc(pn) : NULL;
	struct ptext t = { 0 };
	int err;

	if (pn->pid && !p)
		return -LX_ENOENT;
	if (pn->ent->jump && !procfs_may_access(p))
		return -LX_EACCES;
	err = pn->ent->show(pn, p, &t);
	if (!err && t.oom)
		err = -LX_ENOMEM;
	if (!err) {
		err = (int)(t.len < n ? t.len : n);
		memcpy(buf, t.buf, (size_t)err);
	}
	free(t.buf);
	return err;
}

static int procfs_get_link(struct inode *ip, struct inode **out)
{
	struct pnode *pn = pnode_of(ip);
	struct proc *p = procfs_proc(pn);

	*out = NULL;
	if (!p)
		return -LX_ENOENT;
	if (!procfs_may_access(p))
		return -LX_EACCES;
	return pn->ent->jump(pn, p, out);
}

static const struct inode_ops procfs_ops = {
	.lookup = procfs_lookup,
	.create = procfs_no_create,
	.mknod = procfs_no_create,
	.mkdir = procfs_no_create,
	.symlink = procfs_no_create,
	.readlink = procfs_readlink,
	.getdents = procfs_getdents,
	.evict = procfs_evict,
};

static const struct inode_ops procfs_magic_ops = {
	.lookup = procfs_lookup,
	.create = procfs_no_create,
	.mknod = procfs_no_create,
	.mkdir = procfs_no_create,
	.symlink = procfs_no_create,
	.readlink = procfs_readlink,
	.getdents = procfs_getdents,
	.evict = procfs_evict,
	.get_link = procfs_get_link,
};

/* ---- the file system ------------------------------------------------------------------------ */

static int procfs_statfs(struct vfs_sb *sb, struct lx_statfs *st)
{
	(void)sb;
	memset(st, 0, sizeof(*st));
	st->f_type = LX_PROC_SUPER_MAGIC;
	st->f_bsize = UNIX_PAGE;
	st->f_namelen = VFS_NAME_MAX;
	return 0;
}

static void procfs_put_super(struct vfs_sb *sb)
{
	vfs_iput(sb->root);
	free(sb);
}

static const struct vfs_sb_ops procfs_sops = {
	.statfs = procfs_statfs,
	.put_super = procfs_put_super,
};

static int procfs_mount(const struct vfs_mount_args *a, struct vfs_sb **out)
{
	struct vfs_sb *sb = calloc(1, sizeof(*sb));

	*out = NULL;
	if (!sb)
		return -LX_ENOMEM;
	sb->sops = &procfs_sops;
	sb->fstype = "proc";
	strlcpy(sb->source, a->source ? a->source : "proc", sizeof(sb->source));
	sb->dev = a->dev;
	sb->max_size = 0;
	sb->root = pnode_new(sb, &root_ent, NULL, 0, -1);
	if (!sb->root) {
		free(sb);
		return -LX_ENOMEM;
	}
	*out = sb;
	return 0;
}

const struct vfs_fstype procfs_fstype = { "proc", true, procfs_mount };
