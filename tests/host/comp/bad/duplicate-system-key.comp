# the system memory given twice
system test
memory 16M
memory 32M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
