# a file grant before any component
system test
memory 16M
file x.kmod

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
