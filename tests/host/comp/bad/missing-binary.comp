# with --bin DIR, every binary and file must be a file in DIR
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	file blk.kmod nosuch.kmod

component b
	binary nosuch.elf
	memory 1M
	kmem 64K
	priority 100

component c
	binary notafile.elf
	memory 1M
	kmem 64K
	priority 100
	file README
