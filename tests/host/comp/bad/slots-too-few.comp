# 'slots' is at least 256, the default
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	slots 128
