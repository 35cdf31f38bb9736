/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fsctx.c - a process's place in the file system (root, working directory,
 * umask) and the root file system itself.
 *
 * The root is a ramfs filled at boot from the cpio (newc) archive the
 * composition grants as `file rootfs.cpio` (the build makes it from the
 * root tree: busybox and its applet links, /etc), or with `root=NAME` in
 * the arguments the ext2 file system on the disk NAME (disk.c; written back
 * at power-off: rootfs_shutdown); /dev is a file
 * system of its own mounted on it (devfs.c), and /proc its procfs (mounted as
 * Linux's init scripts do: nosuid, nodev, noexec).  The working directory's path is kept as text for getcwd,
 * made absolute and cleaned of "." and ".." on each chdir (a logical path:
 * it does not resolve symbolic links, see docs/UNIX.md).  Every mounted file
 * system that writes back is synced by sync(2) (fs_sync_all) and ticked
 * every second while mounted (fs_tick: what has been dirty long enough).
 */
#include "unixd.h"
#include "fd.h"
#include "cpio.h"
#include "console.h"
#include "devfs.h"
#include "fsalloc.h"
#include "lx_mount.h"
#include "procfs/procfs.h"
#include "disk.h"
#if __has_include("ext2.h")
#include "ext2.h"
#define UNIXD_HAVE_EXT2 1
#endif

#define ROOTFS_FILE "rootfs.cpio"
#define ROOT_DEV    vfs_mkdev(0, 1)
#define PROC_DEV    vfs_mkdev(0, 21)

#define FS_TICK_NS 1000000000ull       /* the file systems' periodic write-back */

static struct vfs_sb *root_sb;
uint64_t fs_tick_ns = UINT64_MAX;      /* none until a file system with a tick is mounted (fd.h) */

struct fsctx *fsctx_new_root(void)
{
	struct fsctx *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->refs = 1;
	f->root = vfs_iget(root_sb->root);
	f->cwd = vfs_iget(root_sb->root);
	f->umask = 022;
	return f;
}

struct fsctx *fsctx_copy(const struct fsctx *src)
{
	struct fsctx *f = malloc(sizeof(*f));
	if (!f)
		return NULL;
	*f = *src;
	f->refs = 1;
	vfs_iget(f->root);
	vfs_iget(f->cwd);
	return f;
}

void fsctx_put(struct fsctx *f)
{
	if (!f || --f->refs)
		return;
	vfs_iput(f->root);
	vfs_iput(f->cwd);
	free(f);
}

void fs_ctx(struct proc *p, struct vfs_ctx *ctx)
{
	ctx->root = p->fs->root;
	ctx->cwd = p->fs->cwd;
	ctx->cred = &p->cred;
}

int fs_ctx_at(struct proc *p, int dirfd, const char *path, struct vfs_ctx *ctx)
{
	fs_ctx(p, ctx);
	if (dirfd == LX_AT_FDCWD || path[0] == '/' || !path[0])
		return 0;       /* an empty path is ENOENT before any dirfd is looked at */
	struct file *f = fd_file_raw(p, dirfd);
	if (!f)
		return -LX_EBADF;
	if ((f->inode->mode & LX_S_IFMT) != LX_S_IFDIR)
		return -LX_ENOTDIR;
	ctx->cwd = f->inode;
	return 0;
}

/* Append component c (n bytes) to the absolute path out, handling . and .. */
static void path_push(char *out, size_t cap, const char *c, size_t n)
{
	size_t len = strlen(out);
	if (n == 1 && c[0] == '.')
		return;
	if (n == 2 && c[0] == '.' && c[1] == '.') {
		while (len > 1 && out[len - 1] != '/')
			len--;
		if (len > 1)
			len--;
		out[len] = 0;
		return;
	}
	if (len + (len > 1) + n + 1 > cap)
		return;
	if (len > 1)
		out[len++] = '/';
	memcpy(out + len, c, n);
	out[len + n] = 0;
}

struct name_find {
	uint64_t ino;
	char *name;
	size_t len;
};

static bool name_fill(void *arg, const char *name, size_t len, uint64_t ino, unsigned dtype,
                      uint64_t next)
{
	struct name_find *nf = arg;
	(void)dtype, (void)next;
	if (ino != nf->ino || (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return true;
	nf->name = fs_alloc(len + 1);
	if (nf->name) {
		memcpy(nf->name, name, len);
		nf->len = len;
	}
	return false;
}

/* Prepend "/name" (of child in dir) to the path ending at buf[*at]. */
static int path_prepend(struct inode *dir, const struct inode *child, char *buf, size_t *at)
{
	struct name_find nf = { child->ino, NULL, 0 };
	uint64_t pos = 0;
	if (!dir->ops->getdents)
		return -LX_ENOENT;
	dir->ops->getdents(dir, &pos, name_fill, &nf);
	if (!nf.name)
		return -LX_ENOENT;      /* an unlinked directory */
	int err = nf.len + 1 > *at ? -LX_ENAMETOOLONG : 0;
	if (!err) {
		*at -= nf.len;
		memcpy(buf + *at, nf.name, nf.len);
		buf[--*at] = '/';
	}
	fs_free(nf.name);
	return err;
}

long fs_inode_path(struct proc *p, struct inode *ip, char *buf, size_t n)
{
	size_t at = n - 1;
	buf[at] = 0;
	struct inode *cur = vfs_iget(ip);
	int err = 0;
	while (!err && cur != p->fs->root) {
		struct inode *parent = NULL;
		if (cur == cur->sb->root && cur->sb->covered) {
			parent = vfs_iget(cur->sb->covered);     /* up across a mount */
		} else if (!cur->ops->lookup || cur->ops->lookup(cur, "..", 2, &parent) || parent == cur) {
			vfs_iput(parent);
			break;                                  /* the top of the tree */
		} else {
			err = path_prepend(parent, cur, buf, &at);
		}
		vfs_iput(cur);
		cur = parent;
	}
	vfs_iput(cur);
	if (err)
		return err;
	if (at == n - 1)
		buf[--at] = '/';
	memmove(buf, buf + at, n - at);
	return (long)(n - 1 - at);
}

void fs_abspath(struct proc *p, const char *path, char *out, size_t n)
{
	if (path[0] == '/' || !p->fs || fs_inode_path(p, p->fs->cwd, out, n) < 0)
		strlcpy(out, "/", n);
	for (const char *s = path; *s;) {
		while (*s == '/')
			s++;
		const char *e = s;
		while (*e && *e != '/')
			e++;
		if (e > s)
			path_push(out, n, s, (size_t)(e - s));
		s = e;
	}
}

/* The directories every root has; /dev is devfs.c's. */
static int rootfs_dirs(const struct vfs_ctx *ctx)
{
	static const char *const dirs[] = { "/tmp", "/proc", "/root" };
	for (unsigned i = 0; i < ARRAY_SIZE(dirs); i++)
		vfs_mkdir(ctx, dirs[i], i == 0 ? 01777 : 0755);
	return devfs_init(ctx);
}

/* /proc, as `mount -t proc -o nosuid,nodev,noexec proc /proc` */
static int rootfs_proc(const struct vfs_ctx *ctx)
{
	struct vfs_mount_args args = { .source = "proc", .dev = PROC_DEV, .ctx = ctx };
	struct vfs_sb *sb;
	int err = procfs_fstype.mount(&args, &sb);

	if (err)
		return err;
	sb->mnt_flags = LX_MS_NOSUID | LX_MS_NODEV | LX_MS_NOEXEC | LX_MS_RELATIME;
	err = vfs_mount(ctx, "/proc", sb);
	if (err)
		vfs_sb_free(sb);
	return err;
}

/* ---- the root on a disk (root=NAME) -------------------------------------------- */

static void ext2_log_line(const char *line)
{
	uprintf("unixd: ext2: %s\n", line);
}

/* root=NAME in the arguments: mount the ext2 file system on disk NAME
 * ("vda1") as the root; false (logged) when there is no such argument, disk
 * or file system, and the root is the archive's. */
static bool root_on_disk(void)
{
	char name[16];
	if (!urt_arg("root", name, sizeof(name)))
		return false;
	struct blkdev *b = disk_by_name(name);
	if (!b) {
		uprintf("unixd: root=%s: no such disk: the root is the archive's\n", name);
		return false;
	}
#ifdef UNIXD_HAVE_EXT2
	ext2_set_log(ext2_log_line);
	int err = ext2_mount(b, 0, b->rdev, &root_sb);
	if (err) {
		uprintf("unixd: root=%s: not mounted (error %d): the root is the archive's\n", name,
		        -err);
		root_sb = NULL;
		return false;
	}
	snfmt(root_sb->source, sizeof(root_sb->source), "/dev/%s", name);
	uprintf("unixd: the root is ext2 on /dev/%s\n", name);
	fs_tick_start();
	return true;
#else
	(void)ext2_log_line;
	uprintf("unixd: root=%s: this unixd has no ext2: the root is the archive's\n", name);
	return false;
#endif
}

int rootfs_sync(void)
{
	if (!root_sb || !root_sb->sops || !root_sb->sops->sync)
		return 0;
	return root_sb->sops->sync(root_sb, true);
}

int rootfs_shutdown(bool undo)
{
#ifdef UNIXD_HAVE_EXT2
	if (root_sb && root_sb->fstype && !strcmp(root_sb->fstype, "ext2"))
		return ext2_shutdown(root_sb, undo);
#endif
	return undo ? 0 : rootfs_sync();
}

int fs_sync_all(void)
{
	int err = 0;
	for (struct vfs_sb *sb = vfs_mount_next(NULL); sb; sb = vfs_mount_next(sb)) {
		int e = sb->sops && sb->sops->sync ? sb->sops->sync(sb, true) : 0;
		if (!err)
			err = e;
	}
	return err;
}

void fs_tick_start(void)
{
	if (fs_tick_ns == UINT64_MAX)
		fs_tick_ns = unix_now_ns() + FS_TICK_NS;
}

/* Each file system's tick; the next one only while one of them is mounted. */
void fs_tick(uint64_t now_ns)
{
	if (now_ns < fs_tick_ns)
		return;
	fs_tick_ns = UINT64_MAX;
	for (struct vfs_sb *sb = vfs_mount_next(NULL); sb; sb = vfs_mount_next(sb)) {
		if (sb->sops && sb->sops->tick) {
			sb->sops->tick(sb, now_ns);
			fs_tick_ns = now_ns + FS_TICK_NS;
		}
	}
}

/* The root in memory, filled from the cpio archive granted as file (or
 * rootfs=NAME): it answers as Linux's initramfs (type rootfs, tmpfs figures). */
static int rootfs_ram(void)
{
	const void *archive;
	size_t size;
	char name[32];
	int err = ramfs_new(ROOT_DEV, 0755, 0, 0, &root_sb);
	if (err < 0)
		return err;
	ramfs_as_tmpfs(root_sb, urt_env->heap_max / UNIX_PAGE);
	root_sb->fstype = "rootfs";
	strlcpy(root_sb->source, "rootfs", sizeof(root_sb->source));
	root_sb->mnt_flags = LX_MS_RELATIME;
	vfs_mount_root(root_sb);
	struct vfs_ctx ctx;
	rootfs_ctx(&ctx);
	const char *file = urt_arg("rootfs", name, sizeof(name));
	if (!file)
		file = ROOTFS_FILE;
	if (urt_file_map(file, &archive, &size) == 0) {
		err = cpio_unpack(&ctx, archive, size);
		if (err < 0)
			uprintf("unixd: %s: malformed archive (%d); what it held so far is kept\n",
			        file, -err);
	} else {
		uprintf("unixd: no %s granted: the root file system is empty\n", file);
	}
	return 0;
}

int rootfs_init(void)
{
	int err = vfs_init();
	if (!err)
		err = mount_init();
	if (err)
		return err;
	if (root_on_disk()) {
		root_sb->mnt_flags |= LX_MS_RELATIME;
		vfs_mount_root(root_sb);
	} else if ((err = rootfs_ram()) < 0) {
		return err;
	}
	struct vfs_ctx ctx;
	rootfs_ctx(&ctx);
	err = devices_init();
	if (!err)
		err = rootfs_dirs(&ctx);
	if (!err)
		err = rootfs_proc(&ctx);
	if (err < 0)
		uprintf("unixd: cannot make /dev or /proc (%d)\n", -err);
	return err;
}

/* What the root's creator sees: the root as root (start-up's device nodes). */
void rootfs_ctx(struct vfs_ctx *ctx)
{
	static const struct vfs_cred root_cred = { 0 };
	ctx->root = root_sb->root;
	ctx->cwd = root_sb->root;
	ctx->cred = &root_cred;
}
