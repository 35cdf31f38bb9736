# a size beyond 256T
system test
memory 16M

component a
	binary a.elf
	memory 999999999G
	kmem 64K
	priority 100
