# a file name longer than an environment name (31 characters)
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	file abcdefghijklmnopqrstuvwxyz012345.kmod
