# a binary name with a shell character
system test
memory 16M

component a
	binary hello$.elf
	memory 1M
	kmem 64K
	priority 100
