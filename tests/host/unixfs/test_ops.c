/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixfs/test_ops.c - open's flags, the name-space operations
 * (mkdir, rmdir, unlink, rename, link, symlink, readlink) and attributes
 * (chmod, chown, utimens): each Linux error case, with root and non-root
 * credentials.
 */
#include "unit.h"

static int try_open(const char *path, uint32_t flags, uint32_t mode)
{
	struct file *f;
	int err = vfs_open(&fx, path, flags, mode, &f);

	if (!err)
		vfs_close(f);
	return err;
}

static struct vfs_stat stat_of(const char *path)
{
	struct vfs_stat st = { 0 };
	vfs_stat(&fx, path, LX_AT_SYMLINK_NOFOLLOW, &st);
	return st;
}

#define PERM(path)	(mode_of(path) & 07777)
#define WR_CREAT	(LX_O_WRONLY | LX_O_CREAT)

/* ---- open ------------------------------------------------------------------------------ */

TEST(open_creat_excl)
{
	fx_setup();
	CHECK_ERR(try_open("/f", WR_CREAT | LX_O_EXCL, 0644), 0);
	CHECK_ERR(try_open("/f", WR_CREAT | LX_O_EXCL, 0644), -LX_EEXIST);
	CHECK_ERR(try_open("/f", WR_CREAT, 0600), 0);
	CHECK(PERM("/f") == 0644);
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(try_open("/d", LX_O_RDONLY | LX_O_CREAT | LX_O_EXCL, 0644), -LX_EEXIST);
	CHECK_ERR(try_open("/d", LX_O_RDONLY | LX_O_CREAT, 0644), -LX_EISDIR);
	CHECK_ERR(try_open("/", LX_O_RDONLY | LX_O_CREAT, 0644), -LX_EISDIR);
	CHECK_ERR(try_open(".", LX_O_RDONLY | LX_O_CREAT | LX_O_EXCL, 0644), -LX_EEXIST);
	CHECK_ERR(try_open("/new/", WR_CREAT, 0644), -LX_EISDIR);
	CHECK_ERR(try_open("/d/", LX_O_RDONLY | LX_O_CREAT, 0644), -LX_EISDIR);
	CHECK_ERR(try_open("/nope/x", WR_CREAT, 0644), -LX_ENOENT);
	CHECK(!exists("/new"));
	END;
}

TEST(open_creat_mode)
{
	struct file *f = NULL;

	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/u", 0777), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_open(&fx, "/u/ro", LX_O_RDWR | LX_O_CREAT, 0444, &f), 0);
	CHECK_ERR(vfs_write(f, "ok", 2), 2);		/* a new file is not checked */
	vfs_close(f);
	CHECK(mode_of("/u/ro") == (LX_S_IFREG | 0444) && stat_of("/u/ro").uid == 100);
	CHECK(stat_of("/u/ro").gid == 100 && stat_of("/u/ro").size == 2);
	CHECK_ERR(try_open("/u/ro", LX_O_RDWR, 0), -LX_EACCES);
	CHECK_ERR(try_open("/u/ro", LX_O_RDONLY, 0), 0);
	CHECK_ERR(try_open("/u/s", WR_CREAT, 04755), 0);
	CHECK(PERM("/u/s") == 04755);			/* the caller applies the umask */
	END;
}

TEST(open_trunc)
{
	char buf[16];

	fx_setup();
	CHECK_ERR(put_file("/f", "hello", 0644), 0);
	CHECK_ERR(try_open("/f", LX_O_RDONLY | LX_O_TRUNC, 0), 0);
	CHECK(stat_of("/f").size == 0);			/* Linux truncates even so */
	CHECK_ERR(put_file("/f", "hello", 0644), 0);
	as_user(100, 100);
	CHECK_ERR(try_open("/f", LX_O_RDONLY | LX_O_TRUNC, 0), -LX_EACCES);
	CHECK_ERR(get_file("/f", buf, sizeof(buf)), 5);
	as_root();
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(try_open("/d", LX_O_RDONLY | LX_O_TRUNC, 0), -LX_EISDIR);
	CHECK_ERR(vfs_mknod(&fx, "/null", LX_S_IFCHR | 0666, vfs_mkdev(1, 3)), 0);
	CHECK_ERR(try_open("/null", LX_O_WRONLY | LX_O_TRUNC, 0), 0);
	END;
}

TEST(open_directory_flags)
{
	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(try_open("/f", LX_O_RDONLY | LX_O_DIRECTORY, 0), -LX_ENOTDIR);
	CHECK_ERR(try_open("/d", LX_O_WRONLY, 0), -LX_EISDIR);
	CHECK_ERR(try_open("/d", LX_O_RDWR, 0), -LX_EISDIR);
	CHECK_ERR(try_open("/d", LX_O_RDONLY | LX_O_DIRECTORY, 0), 0);
	/* Linux 6.1 makes the file, then refuses it */
	CHECK_ERR(try_open("/new", LX_O_RDONLY | LX_O_CREAT | LX_O_DIRECTORY, 0644), -LX_ENOTDIR);
	CHECK(LX_S_ISREG(mode_of("/new")));
	CHECK_ERR(try_open("/f", LX_O_RDONLY | LX_O_TMPFILE, 0600), -LX_EINVAL);	/* O_TMPFILE needs write */
	CHECK_ERR(try_open("/f", LX_O_RDWR | LX_O_TMPFILE, 0600), -LX_ENOTDIR);
	END;
}

TEST(open_nofollow)
{
	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(vfs_symlink(&fx, "f", "/l"), 0);
	CHECK_ERR(vfs_symlink(&fx, "d", "/dl"), 0);
	CHECK_ERR(try_open("/l", LX_O_RDONLY | LX_O_NOFOLLOW, 0), -LX_ELOOP);
	CHECK_ERR(try_open("/l", LX_O_RDONLY | LX_O_NOFOLLOW | LX_O_DIRECTORY, 0), -LX_ENOTDIR);
	CHECK_ERR(try_open("/dl/", LX_O_RDONLY | LX_O_NOFOLLOW, 0), 0);	/* "/" follows */
	CHECK_ERR(try_open("/dl/../l", LX_O_RDONLY | LX_O_NOFOLLOW, 0), -LX_ELOOP);
	CHECK_ERR(try_open("/l", WR_CREAT | LX_O_NOFOLLOW, 0644), -LX_ELOOP);
	CHECK_ERR(try_open("/l", LX_O_RDONLY, 0), 0);
	END;
}

TEST(open_access_modes)
{
	struct file *f = NULL;
	char c;

	fx_setup();
	CHECK_ERR(put_file("/f", "abc", 0644), 0);
	CHECK_ERR(vfs_open(&fx, "/f", LX_O_RDONLY, 0, &f), 0);
	CHECK_ERR(vfs_write(f, "x", 1), -LX_EBADF);
	CHECK_ERR(vfs_pwrite(f, "x", 1, 0), -LX_EBADF);
	CHECK_ERR(vfs_ftruncate(f, 0), -LX_EINVAL);
	vfs_close(f);
	CHECK_ERR(vfs_open(&fx, "/f", LX_O_WRONLY, 0, &f), 0);
	CHECK_ERR(vfs_read(f, &c, 1), -LX_EBADF);
	CHECK_ERR(vfs_pread(f, &c, 1, -1), -LX_EINVAL);
	vfs_close(f);
	CHECK_ERR(vfs_open(&fx, "/f", LX_O_ACCMODE, 0, &f), 0);
	CHECK_ERR(vfs_read(f, &c, 1), -LX_EBADF);
	CHECK_ERR(vfs_write(f, &c, 1), -LX_EBADF);
	CHECK(f->flags == (LX_O_ACCMODE | LX_O_LARGEFILE));
	vfs_close(f);
	f = NULL;
	CHECK_ERR(vfs_open(&fx, "/f", LX_O_RDWR | LX_O_CREAT | LX_O_TRUNC | LX_O_APPEND, 0, &f), 0);
	/* F_GETFL shows no creation flags */
	CHECK(f->flags == (LX_O_RDWR | LX_O_APPEND | LX_O_LARGEFILE));
	vfs_close(f);
	END;
}

/* ---- mkdir, rmdir, unlink ------------------------------------------------------------------- */

TEST(mkdir_errors)
{
	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(vfs_symlink(&fx, "/nowhere", "/dang"), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), -LX_EEXIST);
	CHECK_ERR(vfs_mkdir(&fx, "/f", 0755), -LX_EEXIST);
	CHECK_ERR(vfs_mkdir(&fx, "/dang", 0755), -LX_EEXIST);
	CHECK_ERR(vfs_mkdir(&fx, "/", 0755), -LX_EEXIST);
	CHECK_ERR(vfs_mkdir(&fx, "/d/.", 0755), -LX_EEXIST);
	CHECK_ERR(vfs_mkdir(&fx, "/d/..", 0755), -LX_EEXIST);
	CHECK_ERR(vfs_mkdir(&fx, "/x/", 0755), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/nope/x", 0755), -LX_ENOENT);
	CHECK_ERR(vfs_mkdir(&fx, "/f/x", 0755), -LX_ENOTDIR);
	as_user(100, 100);
	CHECK_ERR(vfs_mkdir(&fx, "/d/y", 0755), -LX_EACCES);
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), -LX_EEXIST);	/* before the write check */
	END;
}

TEST(mkdir_nlink_size)
{
	fx_setup();
	CHECK(nlink_of("/") == 2);
	CHECK_ERR(vfs_mkdir(&fx, "/a", 0755), 0);
	CHECK(nlink_of("/") == 3 && nlink_of("/a") == 2 && stat_of("/a").size == 40);
	CHECK_ERR(put_file("/a/f", "", 0644), 0);
	CHECK(nlink_of("/a") == 2 && stat_of("/a").size == 60);
	CHECK_ERR(vfs_mkdir(&fx, "/a/b", 0755), 0);
	CHECK(nlink_of("/a") == 3);
	CHECK_ERR(vfs_rmdir(&fx, "/a/b"), 0);
	CHECK(nlink_of("/a") == 2);
	CHECK_ERR(vfs_mkdir(&fx, "/s", 07777), 0);
	CHECK(PERM("/s") == 01777);			/* no set-id bits from mkdir */
	CHECK(LX_S_ISDIR(mode_of("/s")));
	END;
}

TEST(rmdir_errors)
{
	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(put_file("/d/f", "x", 0644), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/e", 0755), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/e/q", 0755), 0);
	CHECK_ERR(vfs_symlink(&fx, "e", "/el"), 0);
	CHECK_ERR(vfs_rmdir(&fx, "/d"), -LX_ENOTEMPTY);
	CHECK_ERR(vfs_rmdir(&fx, "/d/."), -LX_EINVAL);
	CHECK_ERR(vfs_rmdir(&fx, "/d/.."), -LX_ENOTEMPTY);
	CHECK_ERR(vfs_rmdir(&fx, "/"), -LX_EBUSY);
	CHECK_ERR(vfs_rmdir(&fx, "/d/f"), -LX_ENOTDIR);
	CHECK_ERR(vfs_rmdir(&fx, "/el"), -LX_ENOTDIR);
	CHECK_ERR(vfs_rmdir(&fx, "/el/"), -LX_ENOTDIR);
	CHECK_ERR(vfs_rmdir(&fx, "/nope"), -LX_ENOENT);
	as_user(100, 100);
	CHECK_ERR(vfs_rmdir(&fx, "/e/q"), -LX_EACCES);
	as_root();
	CHECK_ERR(vfs_rmdir(&fx, "/e/q/"), 0);
	CHECK_ERR(vfs_rmdir(&fx, "/e"), 0);
	CHECK(!exists("/e") && nlink_of("/") == 3);
	END;
}

TEST(rmdir_cwd)
{
	struct inode *r = NULL;
	struct file *f = NULL;
	char buf[64];

	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/r", 0755), 0);
	CHECK_ERR(vfs_lookup_inode(&fx, "/r", 0, &r), 0);
	CHECK_ERR(vfs_open(&fx, "/r", LX_O_RDONLY, 0, &f), 0);
	fx.cwd = r;
	CHECK_ERR(vfs_rmdir(&fx, "/r"), 0);		/* Linux removes a working directory */
	CHECK(r->nlink == 0 && nlink_of("/") == 2);
	CHECK_ERR(try_open("x", WR_CREAT, 0644), -LX_ENOENT);
	CHECK_ERR(vfs_mkdir(&fx, "y", 0755), -LX_ENOENT);
	CHECK_ERR(vfs_symlink(&fx, "t", "z"), -LX_ENOENT);
	CHECK(ino_of("..") == fx.root->ino && ino_of(".") == r->ino);
	CHECK_ERR(vfs_getdents64(f, buf, sizeof(buf)), -LX_ENOENT);
	fx.cwd = fx.root;
	vfs_close(f);
	vfs_iput(r);
	END;
}

TEST(unlink_errors)
{
	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	CHECK_ERR(vfs_symlink(&fx, "f", "/l"), 0);
	CHECK_ERR(vfs_unlink(&fx, "/d"), -LX_EISDIR);
	CHECK_ERR(vfs_unlink(&fx, "/d/."), -LX_EISDIR);
	CHECK_ERR(vfs_unlink(&fx, "/"), -LX_EISDIR);
	CHECK_ERR(vfs_unlink(&fx, "/nope"), -LX_ENOENT);
	CHECK_ERR(vfs_unlink(&fx, "/nope/"), -LX_ENOENT);
	CHECK_ERR(vfs_unlink(&fx, "/f/"), -LX_ENOTDIR);
	CHECK_ERR(vfs_unlink(&fx, "/d/"), -LX_EISDIR);
	as_user(100, 100);
	CHECK_ERR(vfs_unlink(&fx, "/f"), -LX_EACCES);
	as_root();
	CHECK_ERR(vfs_unlink(&fx, "/l"), 0);		/* the link, not the file */
	CHECK(!exists("/l") && exists("/f"));
	END;
}

TEST(sticky_dir)
{
	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/tmp", 01777), 0);
	CHECK_ERR(vfs_chown(&fx, "/tmp", 101, 101, 0), 0);
	as_user(100, 100);
	CHECK_ERR(put_file("/tmp/a", "x", 0666), 0);
	CHECK_ERR(put_file("/tmp/b", "x", 0666), 0);
	as_user(102, 102);
	CHECK_ERR(vfs_unlink(&fx, "/tmp/a"), -LX_EPERM);
	CHECK_ERR(vfs_rename(&fx, "/tmp/a", "/tmp/c"), -LX_EPERM);
	CHECK_ERR(put_file("/tmp/mine", "x", 0666), 0);
	CHECK_ERR(vfs_rename(&fx, "/tmp/mine", "/tmp/a"), -LX_EPERM);	/* replacing theirs */
	CHECK_ERR(vfs_unlink(&fx, "/tmp/mine"), 0);
	as_user(101, 101);				/* the directory's owner */
	CHECK_ERR(vfs_unlink(&fx, "/tmp/a"), 0);
	as_root();
	CHECK_ERR(vfs_unlink(&fx, "/tmp/b"), 0);
	CHECK_ERR(vfs_chmod(&fx, "/tmp", 0777), 0);
	as_user(100, 100);
	CHECK_ERR(put_file("/tmp/c", "x", 0666), 0);
	as_user(102, 102);
	CHECK_ERR(vfs_unlink(&fx, "/tmp/c"), 0);		/* not sticky any more */
	END;
}

/* ---- rename ---------------------------------------------------------------------------------- */

TEST(rename_replace_file)
{
	char buf[16];
	uint64_t a;

	fx_setup();
	CHECK_ERR(put_file("/a", "A", 0644), 0);
	CHECK_ERR(put_file("/b", "B", 0644), 0);
	a = ino_of("/a");
	CHECK_ERR(vfs_rename(&fx, "/a", "/b"), 0);
	CHECK(!exists("/a") && ino_of("/b") == a && nlink_of("/b") == 1);
	CHECK_ERR(get_file("/b", buf, sizeof(buf)), 1);
	CHECK(buf[0] == 'A');
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(vfs_rename(&fx, "/b", "/d/c"), 0);
	CHECK(ino_of("/d/c") == a && stat_of("/").size == 60);
	END;
}

TEST(rename_dir_onto_dir)
{
	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/x", 0755), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/x/sub", 0755), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/y", 0755), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/z", 0755), 0);
	CHECK_ERR(put_file("/z/f", "", 0644), 0);
	CHECK(nlink_of("/") == 5);
	CHECK_ERR(vfs_rename(&fx, "/x", "/y"), 0);
	CHECK(!exists("/x") && LX_S_ISDIR(mode_of("/y/sub")) && nlink_of("/") == 4);
	CHECK_ERR(vfs_rename(&fx, "/y", "/z"), -LX_ENOTEMPTY);
	CHECK(exists("/y/sub") && exists("/z/f"));
	END;
}

TEST(rename_type_mix)
{
	fx_setup();
	CHECK_ERR(put_file("/f", "", 0644), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(vfs_rename(&fx, "/f", "/d"), -LX_EISDIR);
	CHECK_ERR(vfs_rename(&fx, "/d", "/f"), -LX_ENOTDIR);
	CHECK_ERR(vfs_rename(&fx, "/f", "/g/"), -LX_ENOTDIR);
	CHECK_ERR(vfs_rename(&fx, "/f/", "/g"), -LX_ENOTDIR);
	CHECK_ERR(vfs_rename(&fx, "/d/", "/e/"), 0);
	CHECK(LX_S_ISDIR(mode_of("/e")) && LX_S_ISREG(mode_of("/f")));
	END;
}

TEST(rename_subtree)
{
	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/a", 0755), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/a/b", 0755), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/a/b/c", 0755), 0);
	CHECK_ERR(vfs_rename(&fx, "/a", "/a/b/c/x"), -LX_EINVAL);
	CHECK_ERR(vfs_rename(&fx, "/a", "/a/x"), -LX_EINVAL);
	CHECK_ERR(vfs_rename(&fx, "/a/b", "/a/b/c"), -LX_EINVAL);
	CHECK_ERR(vfs_rename(&fx, "/a/b/c", "/a"), -LX_ENOTEMPTY);
	CHECK_ERR(vfs_rename(&fx, "/a/b", "/a/b"), 0);
	CHECK_ERR(vfs_rename(&fx, "/a/b/c", "/a/../a/b/c"), 0);
	CHECK_ERR(vfs_rename(&fx, "/a/.", "/q"), -LX_EBUSY);
	CHECK_ERR(vfs_rename(&fx, "/a/b", "/"), -LX_EBUSY);
	CHECK(LX_S_ISDIR(mode_of("/a/b/c")));
	END;
}

TEST(rename_same_inode)
{
	fx_setup();
	CHECK_ERR(put_file("/a", "x", 0644), 0);
	CHECK_ERR(vfs_link(&fx, "/a", "/b", 0), 0);
	CHECK_ERR(vfs_rename(&fx, "/a", "/b"), 0);	/* hard links of one file: nothing */
	CHECK(exists("/a") && exists("/b") && nlink_of("/a") == 2);
	END;
}

TEST(rename_errors)
{
	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	CHECK_ERR(vfs_rename(&fx, "/nope", "/x"), -LX_ENOENT);
	CHECK_ERR(vfs_rename(&fx, "/f", "/nope/x"), -LX_ENOENT);
	CHECK_ERR(vfs_rename(&fx, "/f/x", "/y"), -LX_ENOTDIR);
	as_user(100, 100);
	CHECK_ERR(vfs_rename(&fx, "/f", "/g"), -LX_EACCES);
	CHECK(exists("/f") && !exists("/g"));
	END;
}

TEST(rename_dir_parent)
{
	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/p1", 0755), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/p2", 0755), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/p1/d", 0755), 0);
	CHECK_ERR(vfs_rename(&fx, "/p1/d", "/p2/d"), 0);
	CHECK(nlink_of("/p1") == 2 && nlink_of("/p2") == 3);
	CHECK(ino_of("/p2/d/..") == ino_of("/p2"));
	CHECK_ERR(vfs_rmdir(&fx, "/p1"), 0);		/* the old parent goes */
	CHECK(ino_of("/p2/d/../d/..") == ino_of("/p2"));
	END;
}

TEST(rename_dir_needs_write)
{
	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/u", 0777), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_mkdir(&fx, "/u/a", 0555), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/u/b", 0755), 0);
	CHECK_ERR(vfs_rename(&fx, "/u/a", "/u/b/a"), -LX_EACCES);	/* ".." to change */
	CHECK_ERR(vfs_rename(&fx, "/u/a", "/u/c"), 0);
	CHECK(LX_S_ISDIR(mode_of("/u/c")));
	END;
}

/* ---- link, symlink, readlink ------------------------------------------------------------- */

TEST(link_basic)
{
	char buf[8];

	fx_setup();
	CHECK_ERR(put_file("/a", "x", 0644), 0);
	CHECK_ERR(vfs_link(&fx, "/a", "/b", 0), 0);
	CHECK(nlink_of("/a") == 2 && ino_of("/a") == ino_of("/b"));
	CHECK_ERR(vfs_symlink(&fx, "b", "/s"), 0);
	CHECK_ERR(vfs_link(&fx, "/s", "/t", 0), 0);
	CHECK(LX_S_ISLNK(mode_of("/t")) && nlink_of("/s") == 2);
	CHECK_ERR(vfs_link(&fx, "/s", "/u", LX_AT_SYMLINK_FOLLOW), 0);
	CHECK(ino_of("/u") == ino_of("/a") && nlink_of("/a") == 3);
	CHECK_ERR(vfs_unlink(&fx, "/a"), 0);
	CHECK_ERR(vfs_unlink(&fx, "/b"), 0);
	CHECK_ERR(get_file("/u", buf, sizeof(buf)), 1);
	CHECK(nlink_of("/u") == 1);
	END;
}

TEST(link_errors)
{
	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	CHECK_ERR(vfs_link(&fx, "/d", "/x", 0), -LX_EPERM);
	CHECK_ERR(vfs_link(&fx, "/f", "/f", 0), -LX_EEXIST);
	CHECK_ERR(vfs_link(&fx, "/f", "/d/.", 0), -LX_EEXIST);
	CHECK_ERR(vfs_link(&fx, "/nope", "/x", 0), -LX_ENOENT);
	CHECK_ERR(vfs_link(&fx, "/f", "/x/", 0), -LX_ENOENT);
	CHECK_ERR(vfs_link(&fx, "/f", "/nope/x", 0), -LX_ENOENT);
	CHECK_ERR(vfs_link(&fx, "/f", "/x", 0x1), -LX_EINVAL);
	CHECK_ERR(vfs_chown(&fx, "/f", 100, 100, 0), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_link(&fx, "/f", "/d/y", 0), -LX_EACCES);
	CHECK(!exists("/x") && nlink_of("/f") == 1);
	END;
}

TEST(link_protected)
{
	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/u", 0777), 0);
	CHECK_ERR(put_file("/f", "x", 0666), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_link(&fx, "/f", "/u/l1", 0), 0);	/* readable and writable */
	as_root();
	CHECK_ERR(vfs_chmod(&fx, "/f", 0644), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_link(&fx, "/f", "/u/l2", 0), -LX_EPERM);
	as_root();
	CHECK_ERR(vfs_chmod(&fx, "/f", 04777), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_link(&fx, "/f", "/u/l3", 0), -LX_EPERM);	/* set-uid */
	as_root();
	CHECK_ERR(vfs_chown(&fx, "/f", 100, 0, 0), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_link(&fx, "/f", "/u/l4", 0), 0);	/* his own */
	END;
}

TEST(symlink_readlink)
{
	char buf[64];

	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	CHECK_ERR(vfs_symlink(&fx, "target/x", "/l"), 0);
	CHECK_ERR(vfs_symlink(&fx, "d", "/dl"), 0);
	CHECK_ERR(vfs_readlink(&fx, "/l", buf, sizeof(buf)), 8);
	CHECK(memcmp(buf, "target/x", 8) == 0 && stat_of("/l").size == 8);
	CHECK_ERR(vfs_readlink(&fx, "/l", buf, 3), 3);
	CHECK(memcmp(buf, "tar", 3) == 0);
	CHECK_ERR(vfs_readlink(&fx, "/l", buf, 0), -LX_EINVAL);
	CHECK_ERR(vfs_readlink(&fx, "/f", buf, sizeof(buf)), -LX_EINVAL);
	CHECK_ERR(vfs_readlink(&fx, "/", buf, sizeof(buf)), -LX_EINVAL);
	CHECK_ERR(vfs_readlink(&fx, "/dl/", buf, sizeof(buf)), -LX_EINVAL);
	CHECK_ERR(vfs_readlink(&fx, "/nope", buf, sizeof(buf)), -LX_ENOENT);
	CHECK_ERR(vfs_symlink(&fx, "", "/e"), -LX_ENOENT);
	CHECK_ERR(vfs_symlink(&fx, "t", "/l"), -LX_EEXIST);
	CHECK_ERR(vfs_symlink(&fx, "t", "/new/"), -LX_ENOENT);
	CHECK_ERR(vfs_symlink(&fx, "t", "/d/.."), -LX_EEXIST);
	END;
}

/* ---- attributes ------------------------------------------------------------------------------ */

TEST(chmod_rules)
{
	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	CHECK_ERR(vfs_symlink(&fx, "f", "/l"), 0);
	CHECK_ERR(vfs_chown(&fx, "/f", 100, 100, 0), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_chmod(&fx, "/l", 0600), 0);		/* follows */
	CHECK(PERM("/f") == 0600 && PERM("/l") == 0777);
	CHECK_ERR(vfs_chmod(&fx, "/f", 02755), 0);
	CHECK(PERM("/f") == 02755);
	as_user(101, 100);
	CHECK_ERR(vfs_chmod(&fx, "/f", 0777), -LX_EPERM);
	as_root();
	CHECK_ERR(vfs_chown(&fx, "/f", (uint32_t)-1, 200, 0), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_chmod(&fx, "/f", 02755), 0);
	CHECK(PERM("/f") == 0755);				/* not in group 200 */
	as_root();
	CHECK_ERR(vfs_chmod(&fx, "/f", 0107755), 0);
	CHECK(mode_of("/f") == (LX_S_IFREG | 07755));
	END;
}

TEST(chown_rules)
{
	fx_setup();
	CHECK_ERR(put_file("/f", "x", 04755), 0);
	CHECK_ERR(vfs_chown(&fx, "/f", 100, 100, 0), 0);
	CHECK(PERM("/f") == 0755 && stat_of("/f").uid == 100);	/* set-uid gone */
	CHECK_ERR(vfs_chmod(&fx, "/f", 06755), 0);
	CHECK_ERR(vfs_chown(&fx, "/f", (uint32_t)-1, (uint32_t)-1, 0), 0);
	CHECK(PERM("/f") == 0755);
	CHECK_ERR(vfs_chmod(&fx, "/f", 02745), 0);	/* set-gid without group x stays */
	CHECK_ERR(vfs_chown(&fx, "/f", 100, 100, 0), 0);
	CHECK(PERM("/f") == 02745);
	as_user(100, 100);
	CHECK_ERR(vfs_chown(&fx, "/f", 101, (uint32_t)-1, 0), -LX_EPERM);
	CHECK_ERR(vfs_chown(&fx, "/f", 100, 100, 0), 0);
	CHECK_ERR(vfs_chown(&fx, "/f", (uint32_t)-1, 200, 0), -LX_EPERM);
	fx_user.ngroups = 1;
	fx_user.groups[0] = 200;
	CHECK_ERR(vfs_chown(&fx, "/f", (uint32_t)-1, 200, 0), 0);
	as_user(101, 200);
	CHECK_ERR(vfs_chown(&fx, "/f", (uint32_t)-1, 200, 0), -LX_EPERM);
	as_root();
	CHECK_ERR(vfs_mkdir(&fx, "/d", 02755), 0);
	CHECK_ERR(vfs_chmod(&fx, "/d", 06755), 0);
	CHECK_ERR(vfs_chown(&fx, "/d", 5, 5, 0), 0);
	CHECK(PERM("/d") == 06755);				/* directories keep them */
	CHECK_ERR(vfs_symlink(&fx, "f", "/l"), 0);
	CHECK_ERR(vfs_chown(&fx, "/l", 7, 7, LX_AT_SYMLINK_NOFOLLOW), 0);
	CHECK(stat_of("/l").uid == 7 && stat_of("/f").uid == 100);
	CHECK_ERR(vfs_chown(&fx, "/l", 7, 7, 0x2), -LX_EINVAL);
	END;
}

TEST(setgid_dir_inherit)
{
	fx_setup();
	CHECK_ERR(vfs_mkdir(&fx, "/g", 0777), 0);
	CHECK_ERR(vfs_chown(&fx, "/g", 0, 50, 0), 0);
	CHECK_ERR(vfs_chmod(&fx, "/g", 02777), 0);
	as_user(100, 100);
	CHECK_ERR(put_file("/g/f", "", 0644), 0);
	CHECK(stat_of("/g/f").gid == 50 && stat_of("/g/f").uid == 100);
	CHECK_ERR(vfs_mkdir(&fx, "/g/sub", 0755), 0);
	CHECK(stat_of("/g/sub").gid == 50 && PERM("/g/sub") == 02755);
	CHECK_ERR(try_open("/g/x", WR_CREAT, 02755), 0);
	CHECK(PERM("/g/x") == 0755);				/* not a member of 50 */
	fx_user.ngroups = 1;
	fx_user.groups[0] = 50;
	CHECK_ERR(try_open("/g/y", WR_CREAT, 02755), 0);
	CHECK(PERM("/g/y") == 02755);
	END;
}

TEST(utimens_rules)
{
	struct lx_timespec ts[2] = { { 100, 5 }, { 200, 6 } };
	struct lx_timespec omit[2] = { { 0, LX_UTIME_OMIT }, { 300, 0 } };
	struct lx_timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	struct vfs_stat st;

	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0666), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_utimens(&fx, "/f", NULL, 0), 0);		/* a writer may touch */
	CHECK_ERR(vfs_utimens(&fx, "/f", ts, 0), -LX_EPERM);	/* but only the owner sets */
	as_root();
	CHECK_ERR(vfs_chmod(&fx, "/f", 0644), 0);
	as_user(100, 100);
	CHECK_ERR(vfs_utimens(&fx, "/f", NULL, 0), -LX_EACCES);
	as_root();
	CHECK_ERR(vfs_utimens(&fx, "/f", ts, 0), 0);
	st = stat_of("/f");
	CHECK(st.atime == 100000000005ll && st.mtime == 200000000006ll && st.ctime > st.mtime);
	CHECK_ERR(vfs_utimens(&fx, "/f", omit, 0), 0);
	st = stat_of("/f");
	CHECK(st.atime == 100000000005ll && st.mtime == 300000000000ll);
	CHECK_ERR(vfs_utimens(&fx, "/f", bad, 0), -LX_EINVAL);
	bad[0].tv_nsec = -1;
	CHECK_ERR(vfs_utimens(&fx, "/nope", bad, 0), -LX_EINVAL);	/* checked first */
	CHECK_ERR(vfs_utimens(&fx, "/f", NULL, 0x1), -LX_EINVAL);
	END;
}

TEST(times_update)
{
	struct vfs_stat a, b;
	struct file *f = NULL;
	char c;

	fx_setup();
	CHECK_ERR(put_file("/f", "x", 0644), 0);
	CHECK_ERR(vfs_mkdir(&fx, "/d", 0755), 0);
	a = stat_of("/f");
	CHECK(a.mtime > 1700000000ll * 1000000000ll && a.mtime <= (int64_t)fx_clock);
	CHECK_ERR(vfs_open(&fx, "/f", LX_O_RDWR, 0, &f), 0);
	CHECK_ERR(vfs_read(f, &c, 1), 1);
	CHECK(stat_of("/f").mtime == a.mtime);
	CHECK_ERR(vfs_write(f, "y", 1), 1);
	vfs_close(f);
	b = stat_of("/f");
	CHECK(b.mtime > a.mtime && b.ctime == b.mtime);
	CHECK_ERR(vfs_chmod(&fx, "/f", 0600), 0);
	a = stat_of("/f");
	CHECK(a.mtime == b.mtime && a.ctime > b.ctime);
	b = stat_of("/d");
	CHECK_ERR(put_file("/d/g", "", 0644), 0);
	CHECK(stat_of("/d").mtime > b.mtime);
	a = stat_of("/f");
	CHECK_ERR(vfs_rename(&fx, "/f", "/d/f"), 0);
	CHECK(stat_of("/d/f").ctime > a.ctime && stat_of("/d/f").mtime == a.mtime);
	END;
}

const struct unit_test ops_tests[] = {
	T(open_creat_excl), T(open_creat_mode), T(open_trunc), T(open_directory_flags),
	T(open_nofollow), T(open_access_modes), T(mkdir_errors), T(mkdir_nlink_size),
	T(rmdir_errors), T(rmdir_cwd), T(unlink_errors), T(sticky_dir),
	T(rename_replace_file), T(rename_dir_onto_dir), T(rename_type_mix), T(rename_subtree),
	T(rename_same_inode), T(rename_errors), T(rename_dir_parent), T(rename_dir_needs_write),
	T(link_basic), T(link_errors), T(link_protected), T(symlink_readlink),
	T(chmod_rules), T(chown_rules), T(setgid_dir_inherit), T(utimens_rules),
	T(times_update),
};
TESTS(ops);
