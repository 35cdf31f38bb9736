# a component with no memory
system test
memory 16M

component a
	binary a.elf
	memory 0
	kmem 64K
	priority 100
