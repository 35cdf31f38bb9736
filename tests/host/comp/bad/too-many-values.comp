# a key with one value too many
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 10 20
