# 'power' is yes or no
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	power always
