# overlapping MMIO ranges
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	mmio 0xfebd0000+64K

component b
	binary b.elf
	memory 1M
	kmem 64K
	priority 100
	mmio 0xfebdf000-0xfebdffff
