# 'slots' is a component key
system test
memory 16M
slots 512

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
