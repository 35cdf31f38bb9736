# two components with one name
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100

component b
	binary b.elf
	memory 1M
	kmem 64K
	priority 100

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
