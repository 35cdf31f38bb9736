# a single-valued key given twice
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	memory 2M
