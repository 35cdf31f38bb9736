# MMIO is mapped in pages
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	mmio 0xfebd0100+4K
