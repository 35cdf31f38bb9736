# an unknown key in the system section
system test
memory 16M
cpus 2

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
