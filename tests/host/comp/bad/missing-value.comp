# a key without its value
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority
