#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# tests/host/unixext2/hostile.py GOOD_IMAGE OUTDIR
#
# Makes crafted (hostile) ext2 images from a good one that mke2fs made with
# 1 KiB blocks from the tree run.sh builds (/file of 300 KB: direct, single
# and double indirect blocks; /dir/a, /dir/b; /slow and /fast symlinks;
# /dev0, /etc/x).  Each image breaks one thing.  Prints one line per image:
#     NAME OUTCOME WORDS
# OUTCOME is what `ext2t walk IMAGE rw` must report: refused (the mount
# fails), eio (the mount works, reading the damage or a mkdir gives -EIO) or ro (mounted
# read-only) or log (only the log line counts: damage found while changing);
# WORDS a piece of the log line that must name the problem.
import os
import struct
import sys

good, out = sys.argv[1], sys.argv[2]
base = bytearray(open(good, 'rb').read())

SB = 1024


def u32(img, off):
    return struct.unpack_from('<I', img, off)[0]


def u16(img, off):
    return struct.unpack_from('<H', img, off)[0]


def p32(img, off, v):
    struct.pack_into('<I', img, off, v & 0xffffffff)


def p16(img, off, v):
    struct.pack_into('<H', img, off, v & 0xffff)


BS = 1024 << u32(base, SB + 24)
IPG = u32(base, SB + 40)
ISZ = u16(base, SB + 88)
GDT = (u32(base, SB + 20) + 1) * BS
assert BS == 1024, 'the base image must have 1 KiB blocks'


def gd(g):
    return GDT + 32 * g


def inode_off(img, ino):
    g, i = (ino - 1) // IPG, (ino - 1) % IPG
    return u32(img, gd(g) + 8) * BS + i * ISZ


def iblock(img, ino, k):
    return inode_off(img, ino) + 40 + 4 * k


def entries(img, dino):
    """(offset, inode, rec_len, name) of the first block of directory dino."""
    blk = u32(img, iblock(img, dino, 0)) * BS
    off, res = 0, []
    while off < BS:
        ino, rec, nl = u32(img, blk + off), u16(img, blk + off + 4), img[blk + off + 6]
        res.append((blk + off, ino, rec, bytes(img[blk + off + 8:blk + off + 8 + nl]).decode()))
        off += rec
    return res


def lookup(img, path):
    ino = 2
    for part in path.strip('/').split('/'):
        ino = next(e[1] for e in entries(img, ino) if e[3] == part)
    return ino


def entry(img, dino, name):
    return next(e for e in entries(img, dino) if e[3] == name)


cases = []


def case(name, outcome, words):
    def deco(fn):
        cases.append((name, outcome, words, fn))
        return fn
    return deco


# ---- the superblock ------------------------------------------------------------------
@case('bad_magic', 'refused', 'bad magic')
def _(i): p16(i, SB + 56, 0x1234)

@case('block_size_64k', 'refused', 'block size')
def _(i): p32(i, SB + 24, 6)

@case('block_size_huge', 'refused', 'block size')
def _(i): p32(i, SB + 24, 0xfffffff0)

@case('blocks_per_group_0', 'refused', 'blocks per group')
def _(i): p32(i, SB + 32, 0)

@case('inodes_per_group_0', 'refused', 'inodes per group')
def _(i): p32(i, SB + 40, 0)

@case('too_many_groups', 'refused', 'groups')
def _(i): p32(i, SB + 32, 8)

@case('blocks_beyond_device', 'refused', 'more than the device')
def _(i): p32(i, SB + 4, 0x7ffffff0)

@case('inode_count_0', 'refused', 'inodes in')
def _(i): p32(i, SB + 0, 0)

@case('incompat_extents', 'refused', 'incompatible features')
def _(i): p32(i, SB + 96, u32(i, SB + 96) | 0x40)

@case('incompat_recover', 'refused', 'incompatible features')
def _(i): p32(i, SB + 96, u32(i, SB + 96) | 0x4)

@case('first_data_block', 'refused', 'first data block')
def _(i): p32(i, SB + 20, 0)

@case('inode_size_100', 'refused', 'inode size')
def _(i): p16(i, SB + 88, 100)

@case('revision_5', 'refused', 'revision')
def _(i): p32(i, SB + 76, 5)

@case('free_blocks_over', 'refused', 'free counts')
def _(i): p32(i, SB + 12, 0xfffffff)

@case('ro_compat_unknown', 'ro', 'mounted read-only')
def _(i): p32(i, SB + 100, u32(i, SB + 100) | 0x80)

# ---- group descriptors -----------------------------------------------------------------
@case('gd_block_bitmap_outside', 'refused', 'block bitmap')
def _(i): p32(i, gd(0) + 0, u32(i, SB + 4) + 100)

@case('gd_inode_bitmap_outside', 'refused', 'inode bitmap')
def _(i): p32(i, gd(0) + 4, u32(i, SB + 4) + 3)

@case('gd_inode_table_outside', 'refused', 'inode table')
def _(i): p32(i, gd(0) + 8, u32(i, SB + 32) - 2)

# ---- inodes ----------------------------------------------------------------------------
# ---- extended attributes (i_file_acl at byte 104 of the inode) -------------------------
@case('xattr_block_out_of_range', 'eio', 'attribute block')
def _(i): p32(i, inode_off(i, lookup(i, '/file')) + 104, 0x7fffffff)

@case('xattr_block_bad_header', 'eio', 'bad header')
def _(i):
    f = lookup(i, '/fast')
    p32(i, inode_off(i, f) + 104, u32(i, iblock(i, lookup(i, '/file'), 0)))

def xattr_block(i, fill, name_len, offs, size):
    """/fast's attribute block: /file's first data block, made one with fill
    entries of 32 bytes (13-byte names), then one with name_len, offs, size."""
    blk = u32(i, iblock(i, lookup(i, '/file'), 0))
    b = blk * BS
    i[b:b + BS] = bytes(BS)
    p32(i, b, 0xEA020000); p32(i, b + 4, 1); p32(i, b + 8, 1)
    e = b + 32
    for k in range(fill):
        i[e] = 13; i[e + 1] = 1; i[e + 16:e + 29] = b'k%012d' % k
        e += 32
    if e < b + BS:
        i[e] = name_len; i[e + 1] = 1; p16(i, e + 2, offs); p32(i, e + 8, size)
        i[e + 16:min(e + 16 + name_len, b + BS)] = b'n' * min(name_len, b + BS - e - 16)
    p32(i, inode_off(i, lookup(i, '/fast')) + 104, blk)

@case('xattr_value_outside', 'eio', 'entry damaged')
def _(i): xattr_block(i, 0, 1, BS - 4, 100)

@case('xattr_name_outside', 'eio', 'entry damaged')
def _(i): xattr_block(i, (BS - 64) // 32, 255, 0, 0)

@case('xattr_no_end', 'eio', 'without an end')
def _(i): xattr_block(i, (BS - 32) // 32, 0, 0, 0)    # entries to the last byte

@case('root_not_dir', 'refused', 'root inode')
def _(i): p16(i, inode_off(i, 2), 0o100644)

@case('root_deleted', 'refused', 'deleted')
def _(i): p16(i, inode_off(i, 2) + 26, 0)

@case('block_out_of_range', 'eio', 'out of range')
def _(i): p32(i, iblock(i, lookup(i, '/file'), 3), 0x7fffffff)

@case('indirect_out_of_range', 'eio', 'out of range')
def _(i): p32(i, iblock(i, lookup(i, '/file'), 12), 0xfffffff0)

@case('indirect_entry_out_of_range', 'eio', 'out of range')
def _(i):
    ind = u32(i, iblock(i, lookup(i, '/file'), 12))
    p32(i, ind * BS + 8, 0x1fffffff)

@case('double_indirect_out_of_range', 'eio', 'out of range')
def _(i):
    dind = u32(i, iblock(i, lookup(i, '/file'), 13))
    p32(i, dind * BS, u32(i, SB + 4))

@case('file_size_huge', 'eio', 'too large')
def _(i): p32(i, inode_off(i, lookup(i, '/file')) + 108, 0xffffffff)

@case('dir_size_huge', 'eio', 'size')
def _(i): p32(i, inode_off(i, lookup(i, '/dir')) + 4, 0xfffffc00)

@case('dir_hole', 'eio', 'hole')
def _(i):
    d = lookup(i, '/dir')
    p32(i, inode_off(i, d) + 4, 2048)
    p32(i, inode_off(i, d) + 28, u32(i, inode_off(i, d) + 28) + 2)

@case('symlink_size_huge', 'eio', 'symlink')
def _(i): p32(i, inode_off(i, lookup(i, '/fast')) + 4, 5000)

@case('bad_mode', 'eio', 'bad mode')
def _(i): p16(i, inode_off(i, lookup(i, '/etc/x')), 0o170644)

@case('entry_deleted_inode', 'eio', 'deleted')
def _(i):
    off = entry(i, lookup(i, '/etc'), 'x')[0]
    p32(i, off, u32(i, SB + 0) - 1)

@case('entry_reserved_inode', 'eio', 'reserved inode')
def _(i): p32(i, entry(i, 2, 'file')[0], 7)

# ---- directory entries -------------------------------------------------------------------
def second_entry(i, d):
    return entries(i, d)[2][0]		# after "." and ".."

@case('rec_len_0', 'eio', 'rec_len too small')
def _(i): p16(i, second_entry(i, lookup(i, '/etc')) + 4, 0)

@case('rec_len_too_big', 'eio', 'across the block end')
def _(i): p16(i, second_entry(i, lookup(i, '/etc')) + 4, 2000)

@case('rec_len_unaligned', 'eio', 'multiple of 4')
def _(i): p16(i, second_entry(i, lookup(i, '/etc')) + 4, 14)

@case('name_len_beyond_rec_len', 'eio', 'name_len beyond rec_len')
def _(i):
    e = entries(i, 2)
    i[e[1][0] + 6] = 250		# ".." claims a long name

@case('entry_inode_out_of_range', 'eio', 'inode number out of range')
def _(i): p32(i, entry(i, lookup(i, '/dir'), 'a')[0], 0x7fffffff)

@case('dotdot_loop', 'eio', 'directory loop')
def _(i):
    a, b = lookup(i, '/dir/a'), lookup(i, '/dir/b')
    p32(i, entry(i, a, '..')[0], b)
    p32(i, entry(i, b, '..')[0], a)

@case('dotdot_loop3', 'eio', 'directory loop')
def _(i):
    d, a, b = lookup(i, '/dir'), lookup(i, '/dir/a'), lookup(i, '/dir/b')
    p32(i, entry(i, d, '..')[0], a)
    p32(i, entry(i, a, '..')[0], b)
    p32(i, entry(i, b, '..')[0], d)

@case('dotdot_self', 'eio', 'directory loop')
def _(i):
    d = lookup(i, '/dir')
    p32(i, entry(i, d, '..')[0], d)

@case('dotdot_not_dir', 'eio', 'not a directory')
def _(i):
    d = lookup(i, '/dir/a')
    p32(i, entry(i, d, '..')[0], lookup(i, '/file'))

@case('bitmap_frees_inode_table', 'eio', 'metadata block')
def _(i):
    bmap, itab = u32(i, gd(0)), u32(i, gd(0) + 8)
    first = u32(i, SB + 20)
    for b in range(itab, itab + 8):	# the inode table's first blocks marked free
        bit = b - first
        i[bmap * BS + bit // 8] &= ~(1 << (bit % 8)) & 0xff
    p16(i, gd(0) + 12, u16(i, gd(0) + 12) + 8)
    p32(i, SB + 12, u32(i, SB + 12) + 8)

@case('indirect_same_block', 'log', 'already free')
def _(i):
    f = lookup(i, '/file')
    ind, data = u32(i, iblock(i, f, 12)), u32(i, iblock(i, f, 0))
    for k in range(256):		# every entry names the file's first block
        p32(i, ind * BS + 4 * k, data)

@case('truncated_image', 'refused', 'more than the device')
def _(i): del i[len(i) // 2:]

os.makedirs(out, exist_ok=True)
for name, outcome, words, fn in cases:
    img = bytearray(base)
    fn(img)
    open(os.path.join(out, name + '.img'), 'wb').write(img)
    print(name, outcome, words)
