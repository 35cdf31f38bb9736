# a service provided twice by one component
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	provides log
	provides tty log
