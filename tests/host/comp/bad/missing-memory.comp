# a system without memory
system test

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
