# a component key before any component
system test
memory 16M
	binary a.elf

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
