# priorities above 199 belong to the composer
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 200
