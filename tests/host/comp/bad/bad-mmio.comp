# an MMIO grant needs a size
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	mmio 0xfebd0000
