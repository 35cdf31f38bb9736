/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixfs/test_lookup.c - the Linux ABI values (errno, fcntl,
 * struct stat) against the host's headers, path lookup, symbolic links,
 * permissions and access(2), mounts.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "unit.h"
#include "lx_mount.h"

#define REG(path)	(LX_S_ISREG(mode_of(path)))

/* ---- the ABI ----------------------------------------------------------------------------- */

struct abi_value {
	const char *name;
	long long ours, host;
};

#define E(n)	{ #n, LX_##n, n }
static const struct abi_value errnos[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG), E(ENOEXEC),
	E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(ENOTBLK), E(EBUSY),
	E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE),
	E(ENOTTY), E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE),
	E(EDOM), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOLCK), E(ENOSYS), E(ENOTEMPTY),
	E(ELOOP), E(EWOULDBLOCK), E(ENOMSG), E(EIDRM), E(ECHRNG), E(EL2NSYNC), E(EL3HLT),
	E(EL3RST), E(ELNRNG), E(EUNATCH), E(ENOCSI), E(EL2HLT), E(EBADE), E(EBADR), E(EXFULL),
	E(ENOANO), E(EBADRQC), E(EBADSLT), E(EDEADLOCK), E(EBFONT), E(ENOSTR), E(ENODATA),
	E(ETIME), E(ENOSR), E(ENONET), E(ENOPKG), E(EREMOTE), E(ENOLINK), E(EADV), E(ESRMNT),
	E(ECOMM), E(EPROTO), E(EMULTIHOP), E(EDOTDOT), E(EBADMSG), E(EOVERFLOW), E(ENOTUNIQ),
	E(EBADFD), E(EREMCHG), E(ELIBACC), E(ELIBBAD), E(ELIBSCN), E(ELIBMAX), E(ELIBEXEC),
	E(EILSEQ), E(ERESTART), E(ESTRPIPE), E(EUSERS), E(ENOTSOCK), E(EDESTADDRREQ),
	E(EMSGSIZE), E(EPROTOTYPE), E(ENOPROTOOPT), E(EPROTONOSUPPORT), E(ESOCKTNOSUPPORT),
	E(EOPNOTSUPP), E(EPFNOSUPPORT), E(EAFNOSUPPORT), E(EADDRINUSE), E(EADDRNOTAVAIL),
	E(ENETDOWN), E(ENETUNREACH), E(ENETRESET), E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS),
	E(EISCONN), E(ENOTCONN), E(ESHUTDOWN), E(ETOOMANYREFS), E(ETIMEDOUT), E(ECONNREFUSED),
	E(EHOSTDOWN), E(EHOSTUNREACH), E(EALREADY), E(EINPROGRESS), E(ESTALE), E(EUCLEAN),
	E(ENOTNAM), E(ENAVAIL), E(EISNAM), E(EREMOTEIO), E(EDQUOT), E(ENOMEDIUM),
	E(EMEDIUMTYPE), E(ECANCELED), E(ENOKEY), E(EKEYEXPIRED), E(EKEYREVOKED),
	E(EKEYREJECTED), E(EOWNERDEAD), E(ENOTRECOVERABLE), E(ERFKILL), E(EHWPOISON),
};

#define V(n)	{ #n, LX_##n, n }
static const struct abi_value fcntls[] = {
	V(O_ACCMODE), V(O_RDONLY), V(O_WRONLY), V(O_RDWR), V(O_CREAT), V(O_EXCL), V(O_NOCTTY),
	V(O_TRUNC), V(O_APPEND), V(O_NONBLOCK), V(O_DSYNC), V(O_ASYNC), V(O_DIRECT),
	V(O_DIRECTORY), V(O_NOFOLLOW), V(O_NOATIME), V(O_CLOEXEC), V(O_SYNC),
	V(O_PATH), V(O_TMPFILE), V(AT_FDCWD), V(AT_SYMLINK_NOFOLLOW), V(AT_EACCESS),
	V(AT_REMOVEDIR), V(AT_SYMLINK_FOLLOW), V(AT_EMPTY_PATH), V(SEEK_SET), V(SEEK_CUR),
	V(SEEK_END), V(SEEK_DATA), V(SEEK_HOLE), V(F_OK), V(X_OK), V(W_OK), V(R_OK),
	V(S_IFMT), V(S_IFSOCK), V(S_IFLNK), V(S_IFREG), V(S_IFBLK), V(S_IFDIR), V(S_IFCHR),
	V(S_IFIFO), V(S_ISUID), V(S_ISGID), V(S_ISVTX), V(S_IXGRP), V(UTIME_NOW), V(UTIME_OMIT),
	V(DT_UNKNOWN), V(DT_FIFO), V(DT_CHR), V(DT_DIR), V(DT_BLK), V(DT_REG), V(DT_LNK),
	V(DT_SOCK),
};

static int abi_compare(const struct abi_value *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].ours != v[i].host) {
			snprintf(why, sizeof(why), "%s is %lld, the host says %lld", v[i].name,
				 v[i].ours, v[i].host);
			return 0;
		}
	}
	return 1;
}

TEST(abi_errno)
{
	CHECK(abi_compare(errnos, sizeof(errnos) / sizeof(errnos[0])));
	CHECK(sizeof(errnos) / sizeof(errnos[0]) == 133);	/* 1..133 but 41 and 58 */
	CHECK_ERR(LX_EHWPOISON, 133);
	END;
}

TEST(abi_fcntl)
{
	CHECK(abi_compare(fcntls, sizeof(fcntls) / sizeof(fcntls[0])));
	CHECK(LX_O_LARGEFILE == 0100000);	/* glibc's x86-64 O_LARGEFILE is 0: implied */
	CHECK(LX_DT_FROM_MODE(LX_S_IFLNK) == LX_DT_LNK);
	CHECK(LX_DT_FROM_MODE(LX_S_IFSOCK) == LX_DT_SOCK);
	END;
}

#define SAME_FIELD(ours, host)                                                          \
	CHECK(offsetof(struct lx_stat, ours) == offsetof(struct stat, host) &&          \
	      sizeof(((struct lx_stat *)0)->ours) == sizeof(((struct stat *)0)->host))

TEST(abi_stat_layout)
{
	CHECK(sizeof(struct lx_stat) == sizeof(struct stat) && sizeof(struct stat) == 144);
	SAME_FIELD(st_dev, st_dev);
	SAME_FIELD(st_ino, st_ino);
	SAME_FIELD(st_nlink, st_nlink);
	SAME_FIELD(st_mode, st_mode);
	SAME_FIELD(st_uid, st_uid);
	SAME_FIELD(st_gid, st_gid);
	SAME_FIELD(st_rdev, st_rdev);
	SAME_FIELD(st_size, st_size);
	SAME_FIELD(st_blksize, st_blksize);
	SAME_FIELD(st_blocks, st_blocks);
	SAME_FIELD(st_atime_sec, st_atim.tv_sec);
	SAME_FIELD(st_atime_nsec, st_atim.tv_nsec);
	SAME_FIELD(st_mtime_sec, st_mtim.tv_sec);
	SAME_FIELD(st_ctime_nsec, st_ctim.tv_nsec);
	CHECK(offsetof(struct lx_dirent64, d_name) == 19);
	END;
}

TEST(abi_mkdev)
{
	static const uint32_t majmin[][2] = { { 1, 3 }, { 4, 64 }, { 136, 0 }, { 259, 4 },
					      { 4095, 1048575 }, { 8, 256 } };
	for (size_t i = 0; i < sizeof(majmin) / sizeof(majmin[0]); i++) {
		uint32_t d = vfs_mkdev(majmin[i][0], majmin[i][1]);
		CHECK(d == makedev(majmin[i][0], majmin[i][1]));
		CHECK(vfs_major(d) == majmin[i][0] && vfs_minor(d) == majmin[i][1]);
	}
	END;
}

TEST(abi_stat_to_linux)
{
	struct vfs_stat st = { .dev = 7, .rdev = 0x103, .ino = 42, .mode = LX_S_IFREG | 0644,
			       .nlink = 3, .uid = 5, .gid = 6, .size = 4097, .blksize = 4096,
			       .blocks = 16, .atime = -1, .mtime = 1500000000123456789ll,
			       .ctime = 0 };
	struct lx_stat ls;

	vfs_stat_to_linux(&st, &ls);
	CHECK(ls.st_dev == 7 && ls.st_rdev == 0x103 && ls.st_ino == 42 && ls.st_nlink == 3);
	CHECK(ls.st_mode == (LX_S_IFREG | 0644) && ls.st_uid == 5 && ls.st_gid == 6);
	CHECK(ls.st_size == 4097 && ls.st_blksize == 4096 && ls.st_blocks == 16);
	CHECK((int64_t)ls.st_atime_sec == -1 && ls.st_atime_nsec == 999999999);
	CHECK(ls.st_mtime_sec == 1500000000 && ls.st_mtime_nsec == 123456789);
	CHECK(ls.st_ctime_sec == 0 && ls.st_ctime_nsec == 0 && ls.pad0 == 0);
	END;
}

/* ---- lookup -------------------------------------------------------------------------------- */

TEST(lookup_paths)
{
	struct inode *a = NULL;
	uint64_t ino;

	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/a", 0755), 0);
	CHECK_ERR(vfs_mkdir(&fx, "a/b", 0755), 0);
	CHECK_ERR(put_file("/a/b/c", "hi", 0644), 0);
	ino = ino_of("/a/b/c");
	CHECK(ino != 0 && ino_of("a/b/c") == ino && ino_of("//a///b//c") == ino);
	CHECK(ino_of("/a/./b/../b/c") == ino && ino_of("/a/b/c/.") == 0);
	CHECK(ino_of("/") == fx_sb->root->ino && ino_of("///") == fx_sb->root->ino);
	CHECK(ino_of("/a/b/") == ino_of("/a/b") && ino_of("/a/b//.//") == ino_of("/a/b"));
	CHECK_ERR(vfs_lookup_inode(&fx, "/a", VFS_LOOKUP_DIRECTORY, &a), 0);
	fx.cwd = a;
	CHECK(ino_of("b/c") == ino && ino_of("../a/b/c") == ino && ino_of(".") == a->ino);
	fx.cwd = fx.root;
	vfs_iput(a);
	END;
}

TEST(lookup_dotdot_chroot)
{
	struct inode *j = NULL, *k = NULL, *ip = NULL;
	struct vfs_ctx jail;

	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/j", 0755), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/j/k", 0755), 0);
	CHECK_ERR(put_file("/j/k/f", "", 0644), 0);
	CHECK_ERR(put_file("/outside", "", 0644), 0);
	CHECK(ino_of("/..") == fx.root->ino && ino_of("/../../..") == fx.root->ino);
	CHECK_ERR(vfs_lookup_inode(&fx, "/j", 0, &j), 0);
	CHECK_ERR(vfs_lookup_inode(&fx, "/j/k", 0, &k), 0);
	jail = (struct vfs_ctx){ j, k, &fx_root };
	CHECK_ERR(vfs_lookup_inode(&jail, "/../../k/f", 0, &ip), 0);
	CHECK(ip->ino == ino_of("/j/k/f"));
	vfs_iput(ip);
	CHECK_ERR(vfs_lookup_inode(&jail, "../../../../outside", 0, &ip), -LX_ENOENT);
	CHECK_ERR(vfs_lookup_inode(&jail, "../../../../k/f", 0, &ip), 0);
	vfs_iput(ip);
	CHECK_ERR(vfs_lookup_inode(&jail, "/k/../../..", 0, &ip), 0);
	CHECK(ip == j);
	vfs_iput(ip);
	vfs_iput(k);
	vfs_iput(j);
	END;
}

TEST(lookup_enoent)
{
	struct inode *ip;

	fx_setup();
	CHECK_ERR(vfs_lookup_inode(&fx, "", VFS_LOOKUP_FOLLOW, &ip), -LX_ENOENT);
	CHECK_ERR(vfs_lookup_inode(&fx, "/nope", VFS_LOOKUP_FOLLOW, &ip), -LX_ENOENT);
	CHECK_ERR(vfs_lookup_inode(&fx, "/nope/x", VFS_LOOKUP_FOLLOW, &ip), -LX_ENOENT);
	CHECK_ERR(vfs_lookup_inode(&fx, "nope/", VFS_LOOKUP_FOLLOW, &ip), -LX_ENOENT);
	CHECK_ERR(vfs_mkdir(&fx, "/nope/x", 0755), -LX_ENOENT);
	CHECK(ip == NULL);
	END;
}

TEST(lookup_enotdir)
{
	struct vfs_stat st;

	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	CHECK_ERR(vfs_stat(&fx, "/f/x", 0, &st), -LX_ENOTDIR);
	CHECK_ERR(vfs_stat(&fx, "/f/", 0, &st), -LX_ENOTDIR);
	CHECK_ERR(vfs_stat(&fx, "/f/.", 0, &st), -LX_ENOTDIR);
	CHECK_ERR(vfs_stat(&fx, "/f/..", 0, &st), -LX_ENOTDIR);
	CHECK_ERR(vfs_mkdir(&fx, "/f/d", 0755), -LX_ENOTDIR);
	CHECK_ERR(vfs_stat(&fx, "/f/nope/x", 0, &st), -LX_ENOTDIR);
	END;
}

TEST(lookup_trailing_slash)
{
	struct vfs_stat st;
	struct file *f = NULL;

	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(vfs_symlink(&fx, "d", "/dl"), 0);
	CHECK_ERR(vfs_symlink(&fx, "f", "/fl"), 0);
	CHECK_ERR(vfs_open(&fx, "/f/", LX_O_RDONLY, 0, &f), -LX_ENOTDIR);
	CHECK_ERR(vfs_open(&fx, "/d/", LX_O_RDONLY, 0, &f), 0);
	vfs_close(f);
	CHECK_ERR(vfs_stat(&fx, "/dl/", LX_AT_SYMLINK_NOFOLLOW, &st), 0);	/* "/" follows */
	CHECK(LX_S_ISDIR(st.mode));
	CHECK_ERR(vfs_stat(&fx, "/fl/", LX_AT_SYMLINK_NOFOLLOW, &st), -LX_ENOTDIR);
	CHECK_ERR(vfs_stat(&fx, "/dl", LX_AT_SYMLINK_NOFOLLOW, &st), 0);
	CHECK(LX_S_ISLNK(st.mode));
	END;
}

TEST(lookup_name_max)
{
	char name[300], path[320];
	struct vfs_stat st;

	fx_setup();
	memset(name, 'n', sizeof(name));
	name[255] = 0;
	snprintf(path, sizeof(path), "/%s", name);
	CHECK_ERR(put_file(path, "x", 0644), 0);
	CHECK_ERR(vfs_stat(&fx, path, 0, &st), 0);
	name[255] = 'n';
	name[256] = 0;
	snprintf(path, sizeof(path), "/%s", name);
	CHECK_ERR(put_file(path, "x", 0644), -LX_ENAMETOOLONG);
	CHECK_ERR(vfs_stat(&fx, path, 0, &st), -LX_ENAMETOOLONG);
	snprintf(path, sizeof(path), "/%s/x", name);
	CHECK_ERR(vfs_mkdir(&fx, path, 0755), -LX_ENAMETOOLONG);
	END;
}

TEST(lookup_path_max)
{
	static char path[VFS_PATH_MAX + 8];
	struct vfs_stat st;

	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	memset(path, '/', VFS_PATH_MAX - 2);		/* 4095 bytes: "////...//f" */
	path[VFS_PATH_MAX - 2] = 'f';
	path[VFS_PATH_MAX - 1] = 0;
	CHECK_ERR(vfs_stat(&fx, path, 0, &st), 0);
	memset(path, '/', VFS_PATH_MAX - 1);		/* 4096 bytes */
	path[VFS_PATH_MAX - 1] = 'f';
	path[VFS_PATH_MAX] = 0;
	CHECK_ERR(vfs_stat(&fx, path, 0, &st), -LX_ENAMETOOLONG);
	CHECK_ERR(vfs_mkdir(&fx, path, 0755), -LX_ENAMETOOLONG);
	END;
}

/* ---- symbolic links ---------------------------------------------------------------------- */

TEST(symlink_follow)
{
	char buf[64];
	struct vfs_stat st;

	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/a", 0755), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/a/b", 0755), 0);
	CHECK_ERR(put_file("/a/b/f", "data", 0644), 0);
	CHECK_ERR(vfs_symlink(&fx, "b", "/a/rel"), 0);
	CHECK_ERR(vfs_symlink(&fx, "/a/b", "/abs"), 0);
	CHECK_ERR(vfs_symlink(&fx, "../a/b/f", "/a/up"), 0);
	CHECK_ERR(vfs_symlink(&fx, "rel/f", "/a/chain"), 0);
	CHECK(ino_of("/a/rel/f") == ino_of("/a/b/f") && ino_of("/abs/f") == ino_of("/a/b/f"));
	CHECK_ERR(get_file("/a/up", buf, sizeof(buf)), 4);
	CHECK_ERR(get_file("/a/chain", buf, sizeof(buf)), 4);
	CHECK(strcmp(buf, "data") == 0);
	CHECK_ERR(vfs_stat(&fx, "/a/up", 0, &st), 0);
	CHECK(LX_S_ISREG(st.mode) && st.size == 4);
	CHECK_ERR(vfs_stat(&fx, "/a/up", LX_AT_SYMLINK_NOFOLLOW, &st), 0);
	CHECK(LX_S_ISLNK(st.mode) && st.size == 8 && (st.mode & 07777) == 0777);
	END;
}

TEST(symlink_loop)
{
	struct vfs_stat st;
	struct file *f;

	fx_setup();
	CHECK_ERR(vfs_symlink(&fx, "b", "/a"), 0);
	CHECK_ERR(vfs_symlink(&fx, "/a", "/b"), 0);
	CHECK_ERR(vfs_symlink(&fx, "s", "/s"), 0);
	CHECK_ERR(vfs_open(&fx, "/a", LX_O_RDONLY, 0, &f), -LX_ELOOP);
	CHECK_ERR(vfs_stat(&fx, "/s", 0, &st), -LX_ELOOP);
	CHECK_ERR(vfs_stat(&fx, "/a/x", LX_AT_SYMLINK_NOFOLLOW, &st), -LX_ELOOP);
	CHECK_ERR(vfs_open(&fx, "/b", LX_O_RDWR | LX_O_CREAT, 0644, &f), -LX_ELOOP);
	CHECK_ERR(vfs_stat(&fx, "/s", LX_AT_SYMLINK_NOFOLLOW, &st), 0);
	CHECK_ERR(vfs_unlink(&fx, "/s"), 0);
	END;
}

TEST(symlink_max_40)
{
	char name[16], target[16];
	struct vfs_stat st;

	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	CHECK_ERR(vfs_symlink(&fx, "f", "/l0"), 0);
	for (int i = 1; i <= 40; i++) {
		snprintf(name, sizeof(name), "/l%d", i);
		snprintf(target, sizeof(target), "l%d", i - 1);
		CHECK_ERR(vfs_symlink(&fx, target, name), 0);
	}
	CHECK_ERR(vfs_stat(&fx, "/l39", 0, &st), 0);	/* 40 links */
	CHECK(LX_S_ISREG(st.mode));
	CHECK_ERR(vfs_stat(&fx, "/l40", 0, &st), -LX_ELOOP);	/* 41 */
	END;
}

TEST(symlink_dangling_creat)
{
	struct vfs_stat st;
	struct file *f = NULL;

	fx_setup();
	CHECK_ERR(vfs_symlink(&fx, "/made", "/dl"), 0);
	CHECK_ERR(vfs_stat(&fx, "/dl", 0, &st), -LX_ENOENT);
	CHECK_ERR(vfs_open(&fx, "/dl", LX_O_WRONLY | LX_O_CREAT | LX_O_EXCL, 0600, &f),
		  -LX_EEXIST);
	CHECK_ERR(vfs_open(&fx, "/dl", LX_O_WRONLY | LX_O_CREAT | LX_O_NOFOLLOW, 0600, &f),
		  -LX_ELOOP);
	CHECK(!exists("/made"));
	CHECK_ERR(vfs_open(&fx, "/dl", LX_O_WRONLY | LX_O_CREAT, 0600, &f), 0);
	vfs_close(f);
	CHECK(REG("/made") && (mode_of("/made") & 07777) == 0600);
	END;
}

/* ---- permissions ------------------------------------------------------------------------- */

static int try_open(const char *path, uint32_t flags)
{
	struct file *f;
	int err = vfs_open(&fx, path, flags, 0, &f);

	if (!err)
		vfs_close(f);
	return err;
}

TEST(perm_search)
{
	struct vfs_stat st;

	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0700), 0);
	CHECK_ERR(put_file("/d/f", "x", 0600), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_stat(&fx, "/d/f", 0, &st), -LX_EACCES);
	CHECK_ERR(vfs_stat(&fx, "/d/nope", 0, &st), -LX_EACCES);
	CHECK_ERR(vfs_stat(&fx, "/d", 0, &st), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/d/e", 0755), -LX_EACCES);
	as_root();
	CHECK_ERR(vfs_chmod(&fx, "/d", 0711), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_stat(&fx, "/d/f", 0, &st), 0);
	CHECK_ERR(try_open("/d/f", LX_O_RDONLY), -LX_EACCES);
	CHECK_ERR(try_open("/d", LX_O_RDONLY), -LX_EACCES);	/* no read: no listing */
	END;
}

TEST(perm_owner_group_other)
{
	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0640), 0);
	CHECK_ERR(vfs_chown(&fx, "/f", 100, 200, 0), 0);
	as_user(100, 100);
	CHECK_ERR(try_open("/f", LX_O_RDWR), 0);
	as_user(101, 200);
	CHECK_ERR(try_open("/f", LX_O_RDONLY), 0);
	CHECK_ERR(try_open("/f", LX_O_WRONLY), -LX_EACCES);
	as_user(102, 300);
	CHECK_ERR(try_open("/f", LX_O_RDONLY), -LX_EACCES);
	fx_user.ngroups = 2;
	fx_user.groups[1] = 200;		/* a supplementary group */
	CHECK_ERR(try_open("/f", LX_O_RDONLY), 0);
	as_root();
	CHECK_ERR(vfs_chmod(&fx, "/f", 0077), 0);	/* the owner's bits alone count for him */
	as_user(100, 100);
	CHECK_ERR(try_open("/f", LX_O_RDONLY), -LX_EACCES);
	as_user(102, 300);
	CHECK_ERR(try_open("/f", LX_O_RDWR), 0);
	END;
}

TEST(perm_root)
{
	struct vfs_stat st;

	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0000), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0000), 0);
	CHECK_ERR(try_open("/f", LX_O_RDWR), 0);
	CHECK_ERR(vfs_access(&fx, "/f", LX_R_OK | LX_W_OK, 0), 0);
	CHECK_ERR(vfs_access(&fx, "/f", LX_X_OK, 0), -LX_EACCES);	/* no x bit anywhere */
	CHECK_ERR(vfs_chmod(&fx, "/f", 0001), 0);
	CHECK_ERR(vfs_access(&fx, "/f", LX_X_OK, 0), 0);
	CHECK_ERR(vfs_stat(&fx, "/d/x", 0, &st), -LX_ENOENT);	/* searches /d */
	CHECK_ERR(vfs_access(&fx, "/d", LX_X_OK | LX_R_OK | LX_W_OK, 0), 0);
	END;
}

TEST(access_real_ids)
{
	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0700), 0);
	CHECK_ERR(put_file("/d/f", "x", 0600), 0);
	CHECK_ERR(put_file("/f", "x", 0600), 0);
	as_user(100, 100);
	fx_user.euid = fx_user.fsuid = 0;		/* a set-uid-root program */
	CHECK_ERR(vfs_access(&fx, "/f", LX_R_OK, 0), -LX_EACCES);
	CHECK_ERR(vfs_access(&fx, "/f", LX_R_OK, LX_AT_EACCESS), 0);
	CHECK_ERR(vfs_access(&fx, "/d/f", LX_F_OK, 0), -LX_EACCES);	/* searched as uid 100 */
	CHECK_ERR(try_open("/d/f", LX_O_RDONLY), 0);
	as_user(0, 0);
	fx_user.euid = fx_user.fsuid = 100;
	CHECK_ERR(vfs_access(&fx, "/f", LX_R_OK | LX_W_OK, 0), 0);
	CHECK_ERR(vfs_access(&fx, "/f", LX_R_OK, LX_AT_EACCESS), -LX_EACCES);
	END;
}

TEST(access_errors)
{
	fx_setup();
	CHECK_ERR(vfs_symlink(&fx, "/nope", "/dl"), 0);
	CHECK_ERR(vfs_access(&fx, "/", 8, 0), -LX_EINVAL);
	CHECK_ERR(vfs_access(&fx, "/", LX_R_OK, 0x1), -LX_EINVAL);
	CHECK_ERR(vfs_access(&fx, "/nope", LX_F_OK, 0), -LX_ENOENT);
	CHECK_ERR(vfs_access(&fx, "/dl", LX_F_OK, 0), -LX_ENOENT);
	CHECK_ERR(vfs_access(&fx, "/dl", LX_F_OK, LX_AT_SYMLINK_NOFOLLOW), 0);
	END;
}

/* ---- mounts -------------------------------------------------------------------------------- */

TEST(mount_cross)
{
	struct vfs_sb *sb2 = NULL;
	struct vfs_stat st;

	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/mnt", 0755), 0);
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	CHECK_ERR(ramfs_new(2, 0700, 0, 0, &sb2), 0);
	CHECK_ERR(vfs_mount(&fx, "/mnt", sb2), 0);
	CHECK_ERR(vfs_mount(&fx, "/mnt", sb2), -LX_EBUSY);
	CHECK_ERR(put_file("/mnt/g", "y", 0644), 0);
	CHECK_ERR(vfs_stat(&fx, "/mnt/g", 0, &st), 0);
	CHECK(st.dev == 2 && ino_of("/mnt") == sb2->root->ino && (mode_of("/mnt") & 0777) == 0700);
	CHECK(ino_of("/mnt/..") == fx.root->ino && ino_of("/mnt/../f") == ino_of("/f"));
	CHECK_ERR(vfs_rename(&fx, "/f", "/mnt/f"), -LX_EXDEV);
	CHECK_ERR(vfs_link(&fx, "/mnt/g", "/g", 0), -LX_EXDEV);
	CHECK_ERR(vfs_rmdir(&fx, "/mnt"), -LX_EBUSY);
	CHECK_ERR(vfs_rename(&fx, "/mnt", "/mnt2"), -LX_EBUSY);
	CHECK_ERR(ramfs_check(sb2), 0);
out:
	if (sb2) {
		vfs_umount(sb2);	/* out of the table, which outlives the test */
		ramfs_destroy(sb2);
	}
	return fx_finish();
}

/* fs/mount.c: stacked mounts, the table's order, unmounting, the flags the VFS checks */
TEST(mount_stack)
{
	struct vfs_sb *sb2 = NULL, *sb3 = NULL;
	struct file *f = NULL;
	uint64_t dir_ino;

	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/mnt", 0755), 0);
	dir_ino = ino_of("/mnt");
	CHECK_ERR(ramfs_new(2, 0700, 0, 0, &sb2), 0);
	CHECK_ERR(ramfs_new(3, 0755, 0, 0, &sb3), 0);
	vfs_mount_root(fx.root->sb);
	CHECK_ERR(vfs_mount(&fx, "/mnt", sb2), 0);
	CHECK_ERR(vfs_mount(&fx, "/mnt", sb3), 0);
	CHECK(ino_of("/mnt") == sb3->root->ino && vfs_mount_parent(sb3) == sb2);
	CHECK(vfs_mount_next(NULL) == fx.root->sb && vfs_mount_next(fx.root->sb) == sb2 &&
	      vfs_mount_next(sb2) == sb3 && !vfs_mount_next(sb3));
	CHECK(ino_of("/mnt/..") == fx.root->ino);
	sb3->mnt_flags = LX_MS_RDONLY | LX_MS_NODEV;
	CHECK_ERR(vfs_mkdir(&fx, "/mnt/d", 0755), -LX_EROFS);
	CHECK_ERR(vfs_chmod(&fx, "/mnt", 0700), -LX_EROFS);
	sb3->mnt_flags = 0;
	CHECK_ERR(vfs_mknod(&fx, "/mnt/null", LX_S_IFCHR | 0666, vfs_mkdev(1, 3)), 0);
	sb3->mnt_flags = LX_MS_NODEV;
	CHECK_ERR(vfs_open(&fx, "/mnt/null", LX_O_RDONLY, 0, &f), -LX_EACCES);
	vfs_umount(sb3);
	vfs_sb_free(sb3);
	sb3 = NULL;
	CHECK(ino_of("/mnt") == sb2->root->ino && vfs_mount_next(sb2) == NULL);
	vfs_umount(sb2);
	CHECK(ino_of("/mnt") == dir_ino && vfs_mount_next(fx.root->sb) == NULL);
	vfs_umount(fx.root->sb);
	CHECK(vfs_mount_next(NULL) == NULL);
out:
	if (sb3) {
		vfs_umount(sb3);
		ramfs_destroy(sb3);
	}
	if (sb2) {
		vfs_umount(sb2);
		ramfs_destroy(sb2);
	}
	vfs_umount(fx.root->sb);
	return fx_finish();
}

const struct unit_test lookup_tests[] = {
	T(abi_errno), T(abi_fcntl), T(abi_stat_layout), T(abi_mkdev), T(abi_stat_to_linux),
	T(lookup_paths), T(lookup_dotdot_chroot), T(lookup_enoent), T(lookup_enotdir),
	T(lookup_trailing_slash), T(lookup_name_max), T(lookup_path_max),
	T(symlink_follow), T(symlink_loop), T(symlink_max_40), T(symlink_dangling_creat),
	T(perm_search), T(perm_owner_group_other), T(perm_root), T(access_real_ids),
	T(access_errors), T(mount_cross), T(mount_stack),
};
TESTS(lookup);
