/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * devfs.c - /dev as Linux's devtmpfs: a file system instance of its own (a
 * ramfs, fstype "devtmpfs") mounted on the root's /dev at start-up, holding
 * the nodes of the devices unixd has, with the modes and numbers Linux's
 * devtmpfs gives them, and what udev adds on a Debian system:
 *
 *   null zero full random urandom   1:3 1:5 1:7 1:8 1:9    0666
 *   tty ptmx                        5:0 5:2                0666
 *   console ttyS0                   5:1 4:64               0600
 *   fd -> /proc/self/fd, stdin stdout stderr -> /proc/self/fd/0..2
 *   pts/                            devpts (tty/pty.c), Debian's options
 *   shm/                            a tmpfs (a ramfs), mode 1777, for shm_open
 *
 * /dev and /dev/pts are single instances, as Linux's devtmpfs (and here
 * devpts): mount(2) of their types mounts them again where they were
 * unmounted, and unmounting never frees them (the ptys and
 * devfs_add_node use them).
 *
 * Later devices (the disks) add their nodes with devfs_add_node.
 */
#include "unixd.h"
#include "devfs.h"
#include "tty.h"
#include "lx_mount.h"

#define DEVFS_DEV	vfs_mkdev(0, 18)
#define SHM_DEV		vfs_mkdev(0, 19)
#define DEVFS_MEM_PAGES	(urt_env->heap_max / UNIX_PAGE)	/* tmpfs's default limits: half of it */

struct devnode {
	const char *name;
	uint32_t mode, major, minor;
};

static const struct devnode devnodes[] = {
	{ "null", 0666, 1, 3 }, { "zero", 0666, 1, 5 }, { "full", 0666, 1, 7 },
	{ "random", 0666, 1, 8 }, { "urandom", 0666, 1, 9 },
	{ "tty", 0666, 5, 0 }, { "console", 0600, 5, 1 }, { "ptmx", 0666, 5, 2 },
	{ "ttyS0", 0600, 4, 64 },
};

static const struct { const char *name, *target; } devlinks[] = {
	{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
};

static const struct vfs_cred devfs_cred = { 0 };
static struct vfs_sb *devfs;
static struct vfs_sb_ops devfs_sops;

/* The context of names inside /dev. */
static struct vfs_ctx devfs_ctx(void)
{
	return (struct vfs_ctx){ devfs->root, devfs->root, &devfs_cred };
}

int devfs_add_node(const char *name, uint32_t mode, uint32_t rdev)
{
	uint32_t type = mode & LX_S_IFMT;
	if (!devfs)
		return -LX_ENODEV;
	if (type != LX_S_IFCHR && type != LX_S_IFBLK)
		return -LX_EINVAL;
	struct vfs_ctx ctx = devfs_ctx();
	return vfs_mknod(&ctx, name, mode, rdev);
}

/* A file system of its own mounted on dir (made in ctx's tree if absent). */
static int mount_new(const struct vfs_ctx *ctx, const char *dir, struct vfs_sb *sb,
                     const char *fstype)
{
	int err = vfs_mkdir(ctx, dir, 0755);
	if (err < 0 && err != -LX_EEXIST)
		return err;
	sb->fstype = fstype;
	strlcpy(sb->source, fstype, sizeof(sb->source));
	sb->mnt_flags = LX_MS_RELATIME;
	return vfs_mount(ctx, dir, sb);
}

/* mount -t devtmpfs: the one instance, where it is not mounted */
static int devtmpfs_mount(const struct vfs_mount_args *args, struct vfs_sb **out)
{
	(void)args;
	if (devfs->covered)
		return -LX_EBUSY;
	*out = devfs;
	return 0;
}

static const struct vfs_fstype devtmpfs_fstype = { .name = "devtmpfs", .nodev = true,
                                                   .mount = devtmpfs_mount };

static int devfs_fill(void)
{
	struct vfs_ctx ctx = devfs_ctx();
	int err = 0;
	for (unsigned i = 0; !err && i < ARRAY_SIZE(devnodes); i++) {
		const struct devnode *d = &devnodes[i];
		err = devfs_add_node(d->name, LX_S_IFCHR | d->mode, vfs_mkdev(d->major, d->minor));
	}
	for (unsigned i = 0; !err && i < ARRAY_SIZE(devlinks); i++)
		err = vfs_symlink(&ctx, devlinks[i].target, devlinks[i].name);
	struct vfs_sb *pts = NULL, *shm = NULL;
	if (!err)
		err = pty_init(&pts);
	if (!err)
		err = mount_new(&ctx, "pts", pts, "devpts");
	if (!err)
		err = ramfs_new(SHM_DEV, 01777, 0, 0, &shm);
	if (!err) {
		ramfs_as_tmpfs(shm, DEVFS_MEM_PAGES);
		err = mount_new(&ctx, "shm", shm, "tmpfs");
	}
	return err;
}

/* devtmpfs is a tmpfs to statfs; umount leaves it to devfs_add_node (no put_super). */
int devfs_init(const struct vfs_ctx *ctx)
{
	int err = ramfs_new(DEVFS_DEV, 0755, 0, 0, &devfs);
	if (err)
		return err;
	ramfs_as_tmpfs(devfs, DEVFS_MEM_PAGES);
	devfs_sops = *devfs->sops;
	devfs_sops.put_super = NULL;
	devfs->sops = &devfs_sops;
	err = vfs_fstype_register(&devtmpfs_fstype);      /* before devpts, as Linux lists them */
	if (!err)
		err = mount_new(ctx, "/dev", devfs, "devtmpfs");
	if (!err)
		err = devfs_fill();
	return err;
}
