# the capability space of 'slots 4096' (512K) does not fit in 'kmem 256K'
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 256K
	priority 100
	slots 4096
