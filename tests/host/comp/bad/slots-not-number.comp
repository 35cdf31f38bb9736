# 'slots' is a number
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	slots many
