/* Crafted superblocks on the raw partition are refused with EINVAL and
 * nothing else happens: an absurd block size, more blocks than the device
 * holds, no blocks per group, and an incompatible feature unknown. */
#include "ext2_t.h"
#include <stdint.h>

static void put32(unsigned char *sb, int off, uint32_t v)
{
	memcpy(sb + off, &v, 4);
}

static void try(const char *what, int off, uint32_t v)
{
	unsigned char sb[1024] = { 0 };
	int fd = open("/dev/vda2", O_WRONLY);

	put32(sb, 0, 64);		/* s_inodes_count */
	put32(sb, 4, 4000);		/* s_blocks_count: the 4 MiB partition in 1 KiB blocks */
	put32(sb, 20, 1);		/* s_first_data_block */
	put32(sb, 24, 0);		/* s_log_block_size: 1 KiB */
	put32(sb, 28, 0);		/* s_log_frag_size */
	put32(sb, 32, 8192);		/* s_blocks_per_group */
	put32(sb, 36, 8192);		/* s_frags_per_group */
	put32(sb, 40, 64);		/* s_inodes_per_group */
	sb[56] = 0x53, sb[57] = 0xef;	/* s_magic */
	sb[58] = 1;			/* s_state: clean */
	put32(sb, 76, 1);		/* s_rev_level */
	put32(sb, 84, 11);		/* s_first_ino */
	sb[88] = 128;			/* s_inode_size */
	put32(sb, off, v);
	if (fd < 0 || pwrite(fd, sb, sizeof sb, 1024) != sizeof sb || fsync(fd))
		t_die("write /dev/vda2");
	close(fd);
	printf("%s: ", what);
	fflush(stdout);
	T_CHECK(mount("/dev/vda2", E2_MNT, "ext2", MS_RDONLY, NULL));
}

int main(void)
{
	mkdir(E2_MNT, 0755);
	try("block size 2^30", 24, 20);
	try("blocks beyond the device", 4, 1000000);
	try("no blocks per group", 32, 0);
	try("unknown incompat feature", 96, 0x10000);
	return 0;
}
