# 'slots' is at most 16384, the kernel's largest capability space
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 4M
	priority 100
	slots 32768
