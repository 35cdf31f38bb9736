# an unknown size suffix
system test
memory 16M

component a
	binary a.elf
	memory 12Q
	kmem 64K
	priority 100
